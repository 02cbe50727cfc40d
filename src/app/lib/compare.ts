/** Comparing two reports (before and after a vendor's update): what stopped, what is new. */
import type { Finding, Report } from '../../core/report/types';

export interface LeakKey {
  key: string;
  type: string;
  value: string;
  host: string;
  clear: boolean;
  count: number;
}

export interface Comparison {
  stopped: LeakKey[];
  added: LeakKey[];
  kept: LeakKey[];
  hostsStopped: string[];
  hostsAdded: string[];
}

function keys(r: Report): Map<string, LeakKey> {
  const m = new Map<string, LeakKey>();
  const add = (f: Finding) => {
    const host = f.host ?? r.flows[f.flow]?.server.ip ?? '?';
    const clear = !f.encrypted_on_wire;
    const key = `${f.type}|${f.value}|${host}|${clear}`;
    const e = m.get(key);
    if (e) e.count++;
    else m.set(key, { key, type: f.type, value: f.value, host, clear, count: 1 });
  };
  r.findings.forEach(add);
  return m;
}

function hosts(r: Report): Set<string> {
  return new Set(r.flows.map((f) => f.host ?? f.server.ip));
}

/** Leaks identified by (type, value, host, clear text?) present in one report and not the other. */
export function compareReports(before: Report, after: Report): Comparison {
  const a = keys(before);
  const b = keys(after);
  const ha = hosts(before);
  const hb = hosts(after);
  return {
    stopped: [...a.values()].filter((k) => !b.has(k.key)),
    added: [...b.values()].filter((k) => !a.has(k.key)),
    kept: [...b.values()].filter((k) => a.has(k.key)),
    hostsStopped: [...ha].filter((h) => !hb.has(h)).sort(),
    hostsAdded: [...hb].filter((h) => !ha.has(h)).sort(),
  };
}
