/**
 * Every protocol the engine reads, one line each; the dispatcher (extract/) asks this list and
 * nothing else. What each entry declares (ports, a preface, content heuristics, record sections)
 * is described in extract/handler.ts `Protocol`.
 *
 * Order matters where claims can overlap: TCP content heuristics are tried in this order, and
 * report sections appear in this order after `flows` (dns, http, tls). HTTP/1 before TLS keeps
 * that section order; their heuristics cannot both claim a stream (TLS needs 0x16 first, HTTP a
 * method, a status line or CR/LF). RTSP before HTTP/1: see below.
 */
import type { Protocol } from '../extract/handler';
import type { RecordSection } from '../extract/types';
import { dns } from './dns/index';
import { http1 } from './http1/index';
import { http2 } from './http2/index';
import { tls } from './tls/index';
import { quic } from './quic/index';
import { gquic } from './gquic/index';
import { mqtt } from './mqtt/index';
import { dhcp } from './dhcp/index';
import { whatsapp } from './whatsapp/index';
import { ubnt } from './ubnt/index';
import { nbns } from './nbns/index';
import { tivo } from './tivo/index';
import { ssdp } from './ssdp/index';
import { dhcpv6 } from './dhcpv6/index';
import { mdns } from './mdns/index';
import { llmnr } from './llmnr/index';
import { rtsp } from './rtsp/index';
import { raw } from './raw/index';

export const PROTOCOLS: readonly Protocol[] = [
  dns,
  // Before HTTP/1: an RTSP request line (`OPTIONS rtsp://… RTSP/1.0`) starts with a method
  // HTTP knows too, and the first heuristic that says yes wins. RTSP claims only what has its
  // version token or an rtsp:// URI, and says 'more' otherwise; HTTP then decides.
  rtsp,
  http1,
  http2,
  tls,
  quic,
  gquic,
  mqtt,
  dhcp,
  whatsapp,
  ubnt,
  nbns,
  tivo,
  ssdp,
  dhcpv6,
  mdns,
  llmnr,
];

/** What no protocol claims (and a flow whose handler failed): scanned raw. */
export const FALLBACK: Protocol = raw;

/** The report sections of every protocol's records, in registry order. */
export const RECORD_SECTIONS: readonly RecordSection[] = PROTOCOLS.flatMap((p) => (p.records ?? []) as readonly RecordSection[]);
