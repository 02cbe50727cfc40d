import { ipv6ToString } from '../bytes';
import { u16, u32 } from '../bytes';
import { type DecodeContext, type IpLayer } from './context';

const MAX_EXT_HEADERS = 32;

/** IPv6 with extension headers (hop-by-hop, routing, destination options, fragment, AH). */
export function decodeIpv6(ctx: DecodeContext, d: Uint8Array, off: number, end: number): void {
  const avail = end - off;
  if (avail < 40) {
    ctx.warn('ipv6-short', `IPv6 header cut short (${avail} bytes)`);
    return;
  }
  const version = d[off] >> 4;
  if (version !== 6) {
    if (version === 4) return ctx.ethertype(0x0800, d, off, end);
    ctx.warn('ipv6-version', `IP version ${version} where IPv6 was expected`);
    return;
  }
  const plen = u16(d, off + 4);
  const src = ipv6ToString(d, off + 8);
  const dst = ipv6ToString(d, off + 24);
  // Payload length 0 means a jumbogram (hop-by-hop option); use what was captured.
  let stop = plen === 0 ? end : off + 40 + plen;
  let truncated = 0;
  if (stop > end) {
    truncated = stop - end;
    stop = end;
  }
  const ip: IpLayer = { version: 6, src, dst, src4: undefined, dst4: undefined, partial: false, truncated };
  walk(ctx, ip, d[off + 6], d, off + 40, stop, 0);
}

function walk(ctx: DecodeContext, ip: IpLayer, nh: number, d: Uint8Array, p: number, stop: number, count: number): void {
  for (; count < MAX_EXT_HEADERS; count++) {
    switch (nh) {
      case 0: // hop-by-hop
      case 43: // routing
      case 60: {
        // destination options
        if (stop - p < 2) return short(ctx, nh);
        const len = (d[p + 1] + 1) * 8;
        if (p + len > stop) return short(ctx, nh);
        nh = d[p];
        p += len;
        continue;
      }
      case 51: {
        // AH: length in 4-byte units minus 2
        if (stop - p < 2) return short(ctx, nh);
        const len = (d[p + 1] + 2) * 4;
        if (p + len > stop) return short(ctx, nh);
        nh = d[p];
        p += len;
        continue;
      }
      case 44: {
        if (stop - p < 8) return short(ctx, nh);
        const next = d[p];
        const ol = u16(d, p + 2);
        const fragOff = ol & 0xfff8;
        const more = (ol & 1) !== 0;
        const id = u32(d, p + 4);
        p += 8;
        if (!fragOff && !more) {
          // Atomic fragment (RFC 6946): not really fragmented, carry on.
          nh = next;
          continue;
        }
        if (ip.truncated === 0) {
          const key = `6 ${ip.src} ${ip.dst} ${id}`;
          const whole = ctx.fragments.add(key, ctx.frame, ctx.time, fragOff, more, d, p, stop);
          if (!whole) return;
          walk(ctx, ip, next, whole, 0, whole.length, count + 1);
        } else if (fragOff === 0) {
          ctx.warn('ip-frag-truncated', 'IPv6 fragment cut short by the capture; not reassembled');
          walk(ctx, { ...ip, partial: true }, next, d, p, stop, count + 1);
        }
        return;
      }
      case 59: // no next header
      case 50: // ESP: encrypted
      case 135: // mobility: nothing we follow
        return;
      default:
        ctx.ipPayload(nh, ip, d, p, stop);
        return;
    }
  }
  ctx.warn('ipv6-ext-loop', `More than ${MAX_EXT_HEADERS} IPv6 extension headers`);
}

function short(ctx: DecodeContext, nh: number): void {
  ctx.warn('ipv6-ext-short', `IPv6 extension header ${nh} cut short`);
}

/** IPv6-in-IP (protocol 41, 6in4 and 6in6). */
export function decodeIpInIp6(ctx: DecodeContext, _ip: IpLayer, d: Uint8Array, off: number, end: number): void {
  ctx.tunnelDepth++;
  decodeIpv6(ctx, d, off, end);
  ctx.tunnelDepth--;
}
