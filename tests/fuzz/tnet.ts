/** tnetstring encoding (the inverse of src/core/capture/mitmproxy/tnetstring.ts), for the fuzzer's mitmproxy mutations. */
import type { TnetValue } from '../../src/core/capture/mitmproxy/tnetstring';

const enc = new TextEncoder();

function wrap(data: Uint8Array, type: string): Uint8Array {
  const head = enc.encode(`${data.length}:`);
  const out = new Uint8Array(head.length + data.length + 1);
  out.set(head);
  out.set(data, head.length);
  out[out.length - 1] = type.charCodeAt(0);
  return out;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) out.set(p, (at += p.length) - p.length);
  return out;
}

export function encodeTnet(v: TnetValue | undefined): Uint8Array {
  if (v instanceof Uint8Array) return wrap(v, ',');
  if (typeof v === 'string') return wrap(enc.encode(v), ';');
  if (typeof v === 'number') return wrap(enc.encode(String(v)), Number.isInteger(v) ? '#' : '^');
  if (typeof v === 'boolean') return wrap(enc.encode(String(v)), '!');
  if (v === null || v === undefined) return wrap(new Uint8Array(0), '~');
  if (Array.isArray(v)) return wrap(concat(v.map(encodeTnet)), ']');
  return wrap(concat(Object.entries(v).flatMap(([k, x]) => [wrap(enc.encode(k), ','), encodeTnet(x)])), '}');
}
