/** pcapng Name Resolution Block records (IPv4/IPv6 address -> names). */

import { ipv6ToString } from '../bytes';

const NRB_END = 0;
const NRB_IPV4 = 1;
const NRB_IPV6 = 2;

const utf8 = new TextDecoder('utf-8');

/** Entries of the records in buf[start, end); malformed records end the list. */
export function readNameRecords(view: DataView, buf: Uint8Array, start: number, end: number, le: boolean): { ip: string; names: string[] }[] {
  const entries: { ip: string; names: string[] }[] = [];
  let q = start;
  while (q + 4 <= end) {
    const type = view.getUint16(q, le);
    const len = view.getUint16(q + 2, le);
    const value = q + 4;
    if (type === NRB_END || value + len > end) break;
    const addrLen = type === NRB_IPV4 ? 4 : type === NRB_IPV6 ? 16 : 0;
    if (addrLen > 0 && len > addrLen) {
      const ip = addrLen === 4 ? buf.subarray(value, value + 4).join('.') : ipv6ToString(buf, value);
      const names = utf8
        .decode(buf.subarray(value + addrLen, value + len))
        .split('\0')
        .filter((n) => n.length > 0);
      if (names.length > 0) entries.push({ ip, names });
    }
    q = value + ((len + 3) & ~3);
  }
  return entries;
}
