/** The hosts view: flows grouped by the name they went to (or the address, when unnamed). */
import type { Report } from '../core/report/types';
import { categoryOf, labelOf, organisationOf } from './trackers';
import { wireOf } from './wire';

export interface HostRow {
  name: string | null;
  addresses: string[];
  country: string | null;
  flows: number;
  clearBytes: number;
  encryptedBytes: number;
  findings: number;
  clearFindings: number;
  protocols: string[];
  /** Indexes into report.apps of the apps whose flows went here. */
  apps: number[];
  /** Who is behind the host, from its tracker or OS-service label (enriched reports), else null. */
  organisation: string | null;
  /** The label's category ("Advertising", "Site Analytics", "OS service"), else null. */
  category: string | null;
}

/** One row per destination, sorted by findings then bytes. */
export function hostsOf(report: Report): HostRow[] {
  const rows = new Map<string, HostRow>();
  const keyOf = new Map<number, string>();
  for (const f of report.flows) {
    const key = f.host ?? f.server.ip;
    keyOf.set(f.id, key);
    let r = rows.get(key);
    if (!r) {
      r = { name: f.host, addresses: [], country: f.country, flows: 0, clearBytes: 0, encryptedBytes: 0, findings: 0, clearFindings: 0, protocols: [], apps: [], organisation: null, category: null };
      rows.set(key, r);
    }
    r.flows++;
    if (wireOf(f) !== 'clear') r.encryptedBytes += f.bytes;
    else r.clearBytes += f.bytes;
    if (!r.addresses.includes(f.server.ip)) r.addresses.push(f.server.ip);
    if (f.protocol && !r.protocols.includes(f.protocol)) r.protocols.push(f.protocol);
    if (f.app != null && !r.apps.includes(f.app)) r.apps.push(f.app);
    r.country ??= f.country;
    // Labels go by host name, so every flow of a row carries the same one; the first labelled wins.
    if (r.category === null) {
      const t = labelOf(f);
      r.organisation = organisationOf(t);
      r.category = categoryOf(t);
    }
  }
  for (const fi of report.findings) {
    const r = rows.get(keyOf.get(fi.flow) ?? fi.host ?? '');
    if (!r) continue;
    r.findings++;
    if (!fi.encrypted_on_wire) r.clearFindings++;
  }
  return [...rows.values()].sort(
    (a, b) => b.clearFindings - a.clearFindings || b.findings - a.findings || b.clearBytes + b.encryptedBytes - (a.clearBytes + a.encryptedBytes),
  );
}

/** Columns the Hosts view sorts by. */
export type HostSort = 'findings' | 'bytes' | 'flows' | 'name' | 'organisation' | 'category';

/** Rows sorted by `key`; hostsOf's order (findings, then bytes) breaks ties. Unlabelled rows go last. */
export function sortHosts(rows: HostRow[], key: HostSort): HostRow[] {
  const order = new Map(rows.map((r, i) => [r, i]));
  const text = (r: HostRow): string | null => (key === 'name' ? r.name : key === 'organisation' ? r.organisation : key === 'category' ? r.category : null);
  const num = (r: HostRow): number => (key === 'bytes' ? r.clearBytes + r.encryptedBytes : key === 'flows' ? r.flows : r.findings);
  return [...rows].sort((a, b) => {
    let d = 0;
    if (key === 'findings' || key === 'bytes' || key === 'flows') d = num(b) - num(a);
    else {
      const ta = text(a);
      const tb = text(b);
      d = ta === tb ? 0 : ta === null ? 1 : tb === null ? -1 : ta.localeCompare(tb, 'en', { sensitivity: 'base' });
    }
    return d || order.get(a)! - order.get(b)!;
  });
}

/** What the Hosts view filters on: a category ("Advertising"), an organisation, or all ('all'). */
export interface HostFilter {
  category: string;
  organisation: string;
}

export function filterHosts(rows: HostRow[], f: HostFilter): HostRow[] {
  return rows.filter((r) => (f.category === 'all' || (f.category === 'none' ? r.category === null : r.category === f.category)) && (f.organisation === 'all' || r.organisation === f.organisation));
}

/** The values a filter offers, with how many rows have each, most first. */
export function hostOptions(rows: HostRow[]): { categories: [string, number][]; organisations: [string, number][] } {
  const count = (pick: (r: HostRow) => string | null) => {
    const m = new Map<string, number>();
    for (const r of rows) {
      const v = pick(r);
      if (v !== null) m.set(v, (m.get(v) ?? 0) + 1);
    }
    return [...m].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  };
  return { categories: count((r) => r.category), organisations: count((r) => r.organisation) };
}
