/** Holds a TCP stream's first bytes until its protocol is known, then replays them to a handler. */
import type { Direction } from '../types';
import type { FlowHandler, HandlerContext } from './handler';
import { dirIndex } from './handler';
import { concat } from '../bytes';
import { DETECT_LIMIT, detectTcp, type TcpProtocol } from './detect';
import { DnsHandler } from '../protocols/dns/dns';
import { HttpHandler } from '../protocols/http1/http1';
import { MqttHandler } from '../protocols/mqtt/mqtt';
import { RawHandler } from '../protocols/raw/raw';
import { TlsHandler } from '../protocols/tls/tls';

interface Held {
  dir: Direction;
  bytes: Uint8Array;
  offset: number;
  frame: number;
}

/** Builds the handler for a detected protocol; HTTP tunnels (CONNECT, Upgrade) sniff again. */
export function makeHandler(p: TcpProtocol, ctx: HandlerContext): FlowHandler {
  switch (p) {
    case 'http':
      return new HttpHandler(ctx, () => new TcpSniffer(ctx));
    case 'tls':
      return new TlsHandler(ctx);
    case 'mqtt':
      return new MqttHandler(ctx);
    case 'dns':
      return new DnsHandler(ctx);
    default:
      return new RawHandler(ctx);
  }
}

/** A FlowHandler that picks the real handler from content (either direction may decide). */
export class TcpSniffer implements FlowHandler {
  private inner: FlowHandler | null = null;
  private held: Held[] = [];
  private prefix: [Uint8Array, Uint8Array] = [new Uint8Array(0), new Uint8Array(0)];

  constructor(private readonly ctx: HandlerContext) {}

  data(dir: Direction, bytes: Uint8Array, offset: number, frame: number): void {
    if (this.inner) return this.inner.data(dir, bytes, offset, frame);
    this.held.push({ dir, bytes, offset, frame });
    const i = dirIndex(dir);
    this.prefix[i] = concat(this.prefix[i], bytes.subarray(0, DETECT_LIMIT)).subarray(0, DETECT_LIMIT);
    const p = detectTcp(this.prefix[i]);
    if (p !== 'more') this.decide(p);
  }

  gap(dir: Direction, length: number, frame: number): void {
    if (!this.inner) this.decide('raw');
    this.inner!.gap(dir, length, frame);
  }

  close(): void {
    if (!this.inner && this.held.length) this.decide('raw');
    this.inner?.close();
  }

  private decide(p: TcpProtocol): void {
    this.inner = makeHandler(p, this.ctx);
    const held = this.held;
    this.held = [];
    this.prefix = [new Uint8Array(0), new Uint8Array(0)];
    for (const h of held) this.inner.data(h.dir, h.bytes, h.offset, h.frame);
  }
}
