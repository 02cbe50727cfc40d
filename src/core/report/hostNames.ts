/** Best host name per flow: SNI, else HTTP Host, else a DNS answer naming the server address. */
import type { DnsRecord, HttpMessage, TlsHello } from '../extract/types';
import type { Flow } from '../flow/types';

/** Map of flow id to its best name. CNAME chains end at the queried name where known. */
export function bestHostNames(flows: Flow[], tls: TlsHello[], http: HttpMessage[], dns: DnsRecord[]): Map<number, string> {
  const names = new Map<number, string>();
  for (const h of tls) if (h.sni && !names.has(h.flow)) names.set(h.flow, h.sni);
  for (const m of http) {
    if (m.kind === 'request' && m.host && !names.has(m.flow)) names.set(m.flow, stripPort(m.host));
  }
  const byAddress = dnsNamesByAddress(dns);
  for (const f of flows) {
    if (names.has(f.id)) continue;
    const n = byAddress.get(f.server.ip);
    if (n) names.set(f.id, n);
  }
  return names;
}

function stripPort(host: string): string {
  const h = host.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(1, h.indexOf(']') > 0 ? h.indexOf(']') : undefined);
  const colon = h.lastIndexOf(':');
  return colon > 0 && h.indexOf(':') === colon ? h.slice(0, colon) : h;
}

/** The name a device looked up to reach an address: the question, not the CNAME target. */
function dnsNamesByAddress(dns: DnsRecord[]): Map<string, string> {
  const cnameOf = new Map<string, string>(); // target -> alias that pointed at it
  for (const d of dns) {
    if (!d.response) continue;
    for (const a of d.answers) if (!isAddress(a) && a !== d.name) cnameOf.set(a, d.name);
  }
  const out = new Map<string, string>();
  for (const d of dns) {
    if (!d.response) continue;
    let name = d.name;
    for (let i = 0; i < 8 && cnameOf.has(name); i++) name = cnameOf.get(name)!;
    for (const a of d.answers) if (isAddress(a) && !out.has(a)) out.set(a, name);
  }
  return out;
}

function isAddress(s: string): boolean {
  return /^[0-9.]+$/.test(s) || s.includes(':');
}
