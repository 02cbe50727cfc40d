/**
 * UDP flows no port claimed: each datagram is offered to the registry's UDP heuristics until
 * one claims the flow (QUIC's long header); from then on the flow's datagrams are its own.
 * Datagrams before that are scanned raw.
 */
import type { Direction } from '../types';
import type { FlowHandler, HandlerContext } from './handler';
import { FALLBACK, PROTOCOLS } from '../protocols/registry';

const HEURISTIC = PROTOCOLS.filter((p) => p.detectUdp);

export class UdpDispatcher implements FlowHandler {
  private claimed: FlowHandler | null = null;
  private raw: FlowHandler | null = null;

  constructor(private readonly ctx: HandlerContext) {}

  data(dir: Direction, d: Uint8Array, offset: number, frame: number): void {
    if (!this.claimed) {
      const proto = HEURISTIC.find((p) => p.detectUdp!(d));
      if (proto) this.claimed = proto.create(this.ctx, dir);
    }
    if (this.claimed) return this.claimed.data(dir, d, offset, frame);
    this.raw ??= FALLBACK.create(this.ctx, dir);
    this.raw.data(dir, d, offset, frame);
  }

  gap(): void {}

  close(): void {
    this.claimed?.close();
    this.raw?.close();
  }
}
