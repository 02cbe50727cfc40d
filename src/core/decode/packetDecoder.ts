import type { CaptureFrame, FrameApp } from '../capture/types';
import type { Warn, WarningCode } from '../warnings';
import type { DecodeContext, IpLayer } from './context';
import { IpFragments } from './ipFragments';
import { ethertypeDecoders, ipProtocolDecoders, linkApps, linkDecoders, udpTunnelDecoders } from './registry';
import { blankPacket, type Packet, type TcpHeader } from './types';

/** Nested layers allowed per frame (tunnels inside tunnels); deeper frames are cut off. */
const MAX_NESTING = 24;

/**
 * Frame bytes -> transport packets (stage 2). One instance per capture: it holds the IP
 * fragment state. Never throws on bad input: every damaged header is a warning.
 */
export class PacketDecoder implements DecodeContext {
  frame = 0;
  time = 0;
  wireLength = 0;
  tunnelDepth = 0;
  readonly fragments: IpFragments;
  private out: Packet[] = [];
  /** Packets emitted into `out` for this frame. */
  private emitted = 0;
  private nesting = 0;
  private readonly unknownLinktypes = new Set<number>();
  private protectedFrames = 0;
  /** This frame's innermost source MAC as a 48-bit number (-1: none) and its first IP source. */
  private mac = -1;
  private outerIp: string | null = null;
  /** MAC numbers -> text, so a packet costs a lookup, not a string (bounded: cleared when full). */
  private readonly macText = new Map<number, string>();
  private firstProtected = 0;

  constructor(private readonly warnFn: Warn) {
    this.fragments = new IpFragments(warnFn);
  }

  /**
   * The packets of the latest decodeShared() call, [0, count): one array for every frame, its
   * slots overwritten, never shortened (issue 15: a fresh array per frame, grown at its first
   * push, was ~150 B per packet; `length = 0` trims the store, so it would grow again).
   */
  readonly shared: Packet[] = [];
  /** TCP headers of the shared packets, by slot. */
  private readonly sharedTcp: TcpHeader[] = [];
  /** Whether this frame decodes into `shared` (its objects reused) or into fresh ones. */
  private reuse = false;

  /** Decodes one frame; the packets' payloads are views valid until the next call. */
  decode(frame: CaptureFrame): Packet[] {
    const out: Packet[] = [];
    this.reuse = false;
    this.run(frame, out);
    // Fields left undefined are dropped: the packets read as the decoders describe them.
    for (const p of out) for (const k of Object.keys(p) as (keyof Packet)[]) if (p[k] === undefined) delete p[k];
    return out;
  }

  /**
   * decode() into `shared`, overwritten by the next call; returns how many packets it holds.
   * The packet objects themselves (and their TCP headers) are reused from frame to frame.
   */
  decodeShared(frame: CaptureFrame): number {
    this.reuse = true;
    this.run(frame, this.shared);
    return this.emitted;
  }

  packet(): Packet {
    if (!this.reuse) return blankPacket();
    return (this.shared[this.emitted] ??= blankPacket());
  }

  tcpHeader(): TcpHeader {
    if (!this.reuse) return { seq: 0, ack: 0, flags: 0, window: 0 };
    return (this.sharedTcp[this.emitted] ??= { seq: 0, ack: 0, flags: 0, window: 0 });
  }

  private run(frame: CaptureFrame, out: Packet[]): void {
    this.frame = frame.number;
    this.time = frame.time;
    this.wireLength = frame.originalLength;
    this.tunnelDepth = 0;
    this.nesting = 0;
    this.mac = -1;
    this.outerIp = null;
    this.out = out;
    this.emitted = 0;
    try {
      this.link(frame.linktype, frame.data, 0, frame.data.length);
    } catch (e) {
      // Decoders check bounds themselves; this is only a last line of defence.
      this.warn('decode-error', `Frame could not be decoded: ${(e as Error).message}`);
    }
  }

  /** The app the frame's link-layer header names (PKTAP's process), if its link type has one. */
  appOf(frame: CaptureFrame): FrameApp | undefined {
    return linkApps.get(frame.linktype)?.(frame);
  }

  /** End of capture: reports datagrams whose fragments never all arrived. */
  finish(): void {
    this.fragments.finish();
    if (this.protectedFrames) {
      const n = this.protectedFrames;
      const what = n === 1 ? 'frame was encrypted 802.11 data' : 'frames were encrypted 802.11 data';
      this.warnFn('wlan-protected', `${n} ${what} and could not be read (first: frame ${this.firstProtected})`, this.firstProtected);
    }
  }

  linkSource(d: Uint8Array, off: number): void {
    if (off + 6 > d.length) return;
    this.mac = (d[off] * 0x10000 + ((d[off + 1] << 8) | d[off + 2])) * 0x1000000 + ((d[off + 3] << 16) | (d[off + 4] << 8) | d[off + 5]);
  }

  private macString(mac: number): string {
    let s = this.macText.get(mac);
    if (s === undefined) {
      s = mac.toString(16).padStart(12, '0').replace(/(..)(?!$)/g, '$1:');
      if (this.macText.size >= 4096) this.macText.clear();
      this.macText.set(mac, s);
    }
    return s;
  }

  protectedFrame(): void {
    if (this.protectedFrames++ === 0) this.firstProtected = this.frame;
  }

  warn(code: WarningCode, message: string): void {
    this.warnFn(code, message, this.frame);
  }

  emit(p: Packet): void {
    p.outermost = this.emitted === 0;
    if (this.mac >= 0) p.srcMac = this.macString(this.mac);
    if (p.tunnelDepth && this.outerIp !== null) p.outerSrc = this.outerIp;
    this.out[this.emitted++] = p;
  }

  link(linktype: number, data: Uint8Array, off: number, end: number): void {
    const dec = linkDecoders.get(linktype);
    if (!dec) {
      if (!this.unknownLinktypes.has(linktype)) {
        this.unknownLinktypes.add(linktype);
        this.warn('linktype', `Link type ${linktype} is not supported; its frames are skipped`);
      }
      return;
    }
    if (this.enter()) dec(this, data, off, end);
    this.nesting--;
  }

  ethertype(type: number, data: Uint8Array, off: number, end: number): void {
    const dec = ethertypeDecoders.get(type);
    if (dec && this.enter()) dec(this, data, off, end);
    if (dec) this.nesting--;
  }

  ipPayload(proto: number, ip: IpLayer, data: Uint8Array, off: number, end: number): void {
    if (this.outerIp === null) this.outerIp = ip.src;
    const dec = ipProtocolDecoders.get(proto);
    if (dec && this.enter()) dec(this, ip, data, off, end);
    if (dec) this.nesting--;
  }

  udpTunnel(srcPort: number, dstPort: number, data: Uint8Array, off: number, end: number): void {
    const lo = srcPort < dstPort ? srcPort : dstPort;
    const hi = srcPort < dstPort ? dstPort : srcPort;
    const dec = udpTunnelDecoders.get(lo) ?? udpTunnelDecoders.get(hi);
    if (dec && this.enter()) dec(this, data, off, end);
    if (dec) this.nesting--;
  }

  private enter(): boolean {
    if (++this.nesting > MAX_NESTING) {
      if (this.nesting === MAX_NESTING + 1) this.warn('nesting', 'Too many nested layers; rest of frame skipped');
      return false;
    }
    return true;
  }
}
