/**
 * Best host name per flow: SNI, else HTTP Host, else the DNS answer that mapped a name to the
 * server address (CNAME chains followed back to the name the device asked for).
 *
 * Replaces src/core/report/hostNames.ts, which is right on the leak corpus but (1) takes an IP
 * literal in Host ("Host: 1.2.3.4:8080") as the name, hiding the DNS name; (2) when several
 * names resolve to one address (shared CDN/hosting IPs) picks the first answer in the capture,
 * not the one the device looked up just before opening the flow; (3) keeps SNI/Host case and
 * trailing dots as sent. Same signature, so it is a drop-in.
 */
import type { DnsRecord } from '../protocols/dns/records';
import type { HttpMessage } from '../protocols/http1/records';
import type { TlsHello } from '../protocols/tls/records';
import type { Flow } from '../flow/types';
import type { Report } from './types';
import { parseIPv4, parseIPv6 } from '../bytes';

/** The minimal inputs, so engine state and finished reports share one algorithm. */
export interface NameSources {
  flows: { id: number; serverIp: string; firstFrame: number }[];
  tls: { flow: number; sni: string | null }[];
  /** Requests only. */
  http: { flow: number; host: string | null }[];
  dns: { flow: number; frame: number; name: string; response: boolean; answers: string[] }[];
}

/** Drop-in for report/hostNames.ts: flow id -> best name, from the engine's collected state. */
export function bestHostNames(flows: Flow[], tls: TlsHello[], http: HttpMessage[], dns: DnsRecord[]): Map<number, string> {
  return hostNames({
    flows: flows.map((f) => ({ id: f.id, serverIp: f.server.ip, firstFrame: f.firstFrame })),
    tls,
    http: http.filter((m) => m.kind === 'request'),
    dns,
  });
}

/** Flow id -> best name, from a finished report's dns/tls/http sections. */
export function reportHostNames(report: Report): Map<number, string> {
  return hostNames({
    flows: report.flows.map((f) => ({ id: f.id, serverIp: f.server.ip, firstFrame: f.first_frame })),
    tls: report.tls,
    http: report.http.filter((h) => h.method !== ''), // the builder gives responses method ''
    dns: report.dns,
  });
}

/** Flow id -> best name. */
export function hostNames(src: NameSources): Map<number, string> {
  const names = new Map<number, string>();
  for (const h of src.tls) setName(names, h.flow, h.sni);
  for (const m of src.http) setName(names, m.flow, m.host === null ? null : stripPort(m.host));
  const byAddress = dnsNamesByAddress(src.dns);
  for (const f of src.flows) {
    if (names.has(f.id)) continue;
    const n = pickAnswer(byAddress.get(f.serverIp), f.firstFrame);
    if (n) names.set(f.id, n);
  }
  return names;
}

function setName(names: Map<number, string>, flow: number, raw: string | null): void {
  if (names.has(flow) || raw === null) return;
  const n = normalise(raw);
  if (n && !isAddress(n)) names.set(flow, n);
}

/** Lower-case, no surrounding space, no trailing dot. */
export function normalise(name: string): string {
  const n = name.trim().toLowerCase();
  return n.endsWith('.') ? n.slice(0, -1) : n;
}

/** Host header value without its port; "[v6]:port" loses brackets and port. */
export function stripPort(host: string): string {
  const h = host.trim();
  if (h.startsWith('[')) {
    const end = h.indexOf(']');
    return end > 0 ? h.slice(1, end) : h.slice(1);
  }
  const colon = h.lastIndexOf(':');
  // More than one colon without brackets is a bare IPv6 literal, not host:port.
  return colon > 0 && h.indexOf(':') === colon ? h.slice(0, colon) : h;
}

/** True for IPv4/IPv6 literals. */
export function isAddress(s: string): boolean {
  return parseIPv4(s) !== null || parseIPv6(s) !== null;
}

interface Answer {
  name: string;
  frame: number;
}

/** Address -> every (queried name, frame) that resolved to it, in capture order. */
function dnsNamesByAddress(dns: NameSources['dns']): Map<string, Answer[]> {
  // CNAME target -> alias, per message first (flow:frame), so one response's chain is followed
  // even if another response elsewhere points a different alias at the same target.
  const local = new Map<string, string>();
  const global = new Map<string, string>();
  for (const d of dns) {
    if (!d.response) continue;
    for (const a of d.answers) {
      if (isAddress(a) || a === d.name) continue;
      local.set(`${d.flow}:${d.frame}:${a}`, d.name);
      if (!global.has(a)) global.set(a, d.name);
    }
  }
  const out = new Map<string, Answer[]>();
  for (const d of dns) {
    if (!d.response) continue;
    let name = d.name;
    // Bounded: a CNAME loop in a hostile capture must not hang the worker.
    for (let i = 0; i < 16; i++) {
      const up = local.get(`${d.flow}:${d.frame}:${name}`) ?? global.get(name);
      if (!up || up === name) break;
      name = up;
    }
    for (const a of d.answers) {
      if (!isAddress(a)) continue;
      let l = out.get(a);
      if (!l) out.set(a, (l = []));
      l.push({ name, frame: d.frame });
    }
  }
  return out;
}

/** The answer the device most likely used: latest at or before the flow's first frame, else the first. */
function pickAnswer(answers: Answer[] | undefined, firstFrame: number): string | null {
  if (!answers?.length) return null;
  let best: Answer | null = null;
  for (const a of answers) if (a.frame <= firstFrame && (!best || a.frame >= best.frame)) best = a;
  return (best ?? answers[0]).name || null;
}
