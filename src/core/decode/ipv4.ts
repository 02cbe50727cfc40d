import { ipv4ToString } from '../bytes';
import { u16 } from '../bytes';
import { type DecodeContext, type IpLayer } from './context';

/**
 * IPv4: header checks, option walk, fragment reassembly. Ethernet trailers past the total
 * length are dropped; a total length of 0 is taken as TSO (use what was captured), as tshark does.
 */
export function decodeIpv4(ctx: DecodeContext, d: Uint8Array, off: number, end: number): void {
  const avail = end - off;
  if (avail < 20) {
    ctx.warn('ipv4-short', `IPv4 header cut short (${avail} bytes)`);
    return;
  }
  const version = d[off] >> 4;
  if (version !== 4) {
    // tshark's "ip" dissector hands a version-6 header to IPv6 itself.
    if (version === 6) return ctx.ethertype(0x86dd, d, off, end);
    ctx.warn('ipv4-version', `IP version ${version} where IPv4 was expected`);
    return;
  }
  const hl = (d[off] & 0x0f) * 4;
  if (hl < 20) {
    ctx.warn('ipv4-hlen', `Bogus IPv4 header length ${hl}`);
    return;
  }
  if (hl > avail) {
    ctx.warn('ipv4-short', `IPv4 options cut short (header ${hl} bytes, ${avail} captured)`);
    return;
  }
  let total = u16(d, off + 2);
  if (total === 0) total = avail;
  if (total < hl) {
    ctx.warn('ipv4-len', `IPv4 total length ${total} is less than the header length ${hl}`);
    return;
  }
  if (hl > 20) checkOptions(ctx, d, off + 20, off + hl);
  let stop = off + total;
  let truncated = 0;
  if (stop > end) {
    truncated = stop - end;
    stop = end;
  }
  const fl = u16(d, off + 6);
  const more = (fl & 0x2000) !== 0;
  const fragOff = (fl & 0x1fff) * 8;
  const proto = d[off + 9];
  const src = ipv4ToString(d, off + 12);
  const dst = ipv4ToString(d, off + 16);
  const src4 = i32(d, off + 12);
  const dst4 = i32(d, off + 16);
  const payloadOff = off + hl;
  if (more || fragOff) {
    if (truncated === 0) {
      const key = `4 ${src} ${dst} ${u16(d, off + 4)} ${proto}`;
      const whole = ctx.fragments.add(key, ctx.frame, ctx.time, fragOff, more, d, payloadOff, stop);
      if (!whole) return;
      const ip: IpLayer = { version: 4, src, dst, src4, dst4, partial: false, truncated: 0 };
      ctx.ipPayload(proto, ip, whole, 0, whole.length);
    } else if (fragOff === 0) {
      // Cut-off fragment cannot be reassembled; tshark still dissects a first fragment.
      ctx.warn('ip-frag-truncated', 'IPv4 fragment cut short by the capture; not reassembled');
      const ip: IpLayer = { version: 4, src, dst, src4, dst4, partial: true, truncated };
      ctx.ipPayload(proto, ip, d, payloadOff, stop);
    }
    return;
  }
  const ip: IpLayer = { version: 4, src, dst, src4, dst4, partial: false, truncated };
  ctx.ipPayload(proto, ip, d, payloadOff, stop);
}

/** The four bytes at off as a signed 32-bit number (a small integer to V8 on 64-bit Node). */
function i32(d: Uint8Array, off: number): number {
  return (d[off] << 24) | (d[off + 1] << 16) | (d[off + 2] << 8) | d[off + 3];
}

// Walks the options only to flag malformed ones (no option changes how we decode).
function checkOptions(ctx: DecodeContext, d: Uint8Array, p: number, end: number): void {
  while (p < end) {
    const t = d[p];
    if (t === 0) return;
    if (t === 1) {
      p++;
      continue;
    }
    if (p + 1 >= end || d[p + 1] < 2 || p + d[p + 1] > end) {
      ctx.warn('ipv4-option', `Malformed IPv4 option ${t}`);
      return;
    }
    p += d[p + 1];
  }
}

/** IP-in-IP (protocol 4): an IPv4 header inside IP. */
export function decodeIpInIp4(ctx: DecodeContext, _ip: IpLayer, d: Uint8Array, off: number, end: number): void {
  ctx.tunnelDepth++;
  decodeIpv4(ctx, d, off, end);
  ctx.tunnelDepth--;
}
