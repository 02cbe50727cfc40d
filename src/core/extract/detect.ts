/** Chooses a flow's protocol from its ports (DNS) or its first bytes (HTTP, TLS, MQTT). */
import type { Flow } from '../flow/types';
import { startLineKind } from '../protocols/http1/http1';
import { isMqttConnect } from '../protocols/mqtt/mqtt';

export type TcpProtocol = 'http' | 'tls' | 'mqtt' | 'dns' | 'raw';

/** Bytes of one direction we hold while undecided; past this the flow is raw. */
export const DETECT_LIMIT = 64;

/**
 * DNS by port as tshark registers it: UDP 53; TCP 53 and 5353. mDNS (UDP 5353) and LLMNR
 * (UDP 5355) are other dissectors; on UDP 53 wins against them because tshark tries the
 * lower port first.
 */
export function isDnsFlow(flow: Flow): boolean {
  const a = flow.client.port;
  const b = flow.server.port;
  if (a === 53 || b === 53) return true;
  return flow.transport === 'tcp' && (a === 5353 || b === 5353);
}

/** TLS handshake record header: 0x16 0x03 0x00..0x04. */
function tlsStart(b: Uint8Array): boolean | 'more' {
  if (b.length === 0) return 'more';
  if (b[0] !== 0x16) return false;
  if (b.length < 2) return 'more';
  if (b[1] !== 0x03) return false;
  if (b.length < 3) return 'more';
  return b[2] <= 0x04;
}

/** Protocol of a TCP stream from the first bytes of one direction, or 'more' to wait. */
export function detectTcp(b: Uint8Array): TcpProtocol | 'more' {
  const tls = tlsStart(b);
  if (tls === true) return 'tls';
  // Blank lines may precede a start line (e.g. a stray LF left after CONNECT's header block).
  let ws = 0;
  while (ws < b.length && (b[ws] === 0x0d || b[ws] === 0x0a)) ws++;
  const http = ws === b.length ? 'more' : startLineKind(b, ws);
  if (http === 'request' || http === 'response') return 'http';
  const mqtt = isMqttConnect(b);
  if (mqtt === true) return 'mqtt';
  if ((tls === 'more' || http === 'more' || mqtt === 'more') && b.length < DETECT_LIMIT) return 'more';
  return 'raw';
}
