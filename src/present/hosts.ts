/** The hosts view: flows grouped by the name they went to (or the address, when unnamed). */
import type { Report } from '../core/report/types';

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
      r = { name: f.host, addresses: [], country: f.country, flows: 0, clearBytes: 0, encryptedBytes: 0, findings: 0, clearFindings: 0, protocols: [], apps: [] };
      rows.set(key, r);
    }
    r.flows++;
    if (f.encrypted) r.encryptedBytes += f.bytes;
    else r.clearBytes += f.bytes;
    if (!r.addresses.includes(f.server.ip)) r.addresses.push(f.server.ip);
    if (f.protocol && !r.protocols.includes(f.protocol)) r.protocols.push(f.protocol);
    if (f.app != null && !r.apps.includes(f.app)) r.apps.push(f.app);
    r.country ??= f.country;
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
