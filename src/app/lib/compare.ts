/** Comparing two reports (before and after a vendor's update): what stopped, what is new, per app when they name apps. */
import type { Finding, Report, ReportApp } from '../../core/report/types';
import { appAt, appShort } from '../../present/apps';
import { typeInfo } from '../../present/identifiers';
import { flowById } from '../../present/flowById';

export interface LeakKey {
  key: string;
  type: string;
  value: string;
  host: string;
  clear: boolean;
  count: number;
  /** The sending app's short name, null when the report names none for this finding. */
  app: string | null;
}

/** One app × identifier kind × host that appears in only one of the two reports. */
export interface AppChange {
  key: string;
  change: 'new' | 'stopped';
  app: string | null;
  type: string;
  host: string;
  /** Any of its findings in clear text (in the report where it appears). */
  clear: boolean;
  /** "Ad Demo now sends its IMEI unencrypted to bid.mobiadx.com." */
  text: string;
}

export interface Comparison {
  stopped: LeakKey[];
  added: LeakKey[];
  kept: LeakKey[];
  hostsStopped: string[];
  hostsAdded: string[];
  /** Either report names apps: the rows carry apps and `changes` is filled. */
  byApp: boolean;
  /** Per app, kinds sent to hosts that started or stopped: new first, then by app, kind, host. */
  changes: AppChange[];
}

/**
 * The same app in two sessions: indexes into `apps` differ between reports, so it is matched by
 * package (stable across installs), else name, else UID; a PID names a process, not an app, but is
 * all PKTAP may give.
 */
function appIdentity(app: ReportApp | null): string {
  if (!app) return '';
  return app.package ?? app.name ?? (app.uid !== null ? `uid:${app.uid}` : app.pid !== undefined ? `pid:${app.pid}` : '?');
}

interface Keyed {
  f: Finding;
  app: ReportApp | null;
  host: string;
}

function keyed(r: Report): Keyed[] {
  return r.findings.map((f) => ({ f, app: appAt(r, f.app), host: f.host ?? flowById(r, f.flow)?.server.ip ?? '?' }));
}

function keys(r: Report): Map<string, LeakKey> {
  const m = new Map<string, LeakKey>();
  for (const { f, app, host } of keyed(r)) {
    const clear = !f.encrypted_on_wire;
    // The app leads the key so the same IMEI sent by two apps is two rows; '' without apps keeps old keys apart the same way.
    const key = `${appIdentity(app)}|${f.type}|${f.value}|${host}|${clear}`;
    const e = m.get(key);
    if (e) e.count++;
    else m.set(key, { key, type: f.type, value: f.value, host, clear, count: 1, app: app ? appShort(app) : null });
  }
  return m;
}

type Row = Omit<AppChange, 'change' | 'text'>;

/** App × kind × host, regardless of value: "does Ad Demo send an IMEI to this host" is the question per app. */
function appRows(r: Report): Map<string, Row> {
  const m = new Map<string, Row>();
  for (const { f, app, host } of keyed(r)) {
    const key = `${appIdentity(app)}|${f.type}|${host}`;
    const e = m.get(key);
    if (e) e.clear ||= !f.encrypted_on_wire;
    else m.set(key, { key, app: app ? appShort(app) : null, type: f.type, host, clear: !f.encrypted_on_wire });
  }
  return m;
}

function changeText(row: Row, change: AppChange['change']): string {
  const who = row.app ?? 'An unidentified app';
  const what = typeInfo(row.type).one;
  if (change === 'stopped') return `${who} no longer sends ${what} to ${row.host}.`;
  return `${who} now sends ${what} ${row.clear ? 'unencrypted' : 'inside encrypted traffic'} to ${row.host}.`;
}

function appChanges(before: Report, after: Report): AppChange[] {
  const a = appRows(before);
  const b = appRows(after);
  const only = (x: Map<string, Row>, y: Map<string, Row>, change: AppChange['change']) =>
    [...x.values()].filter((r) => !y.has(r.key)).map((r): AppChange => ({ ...r, change, text: changeText(r, change) }));
  const byName = (p: AppChange, q: AppChange) =>
    (p.app ?? '\uffff').localeCompare(q.app ?? '\uffff') || p.type.localeCompare(q.type) || p.host.localeCompare(q.host);
  return [...only(b, a, 'new').sort(byName), ...only(a, b, 'stopped').sort(byName)];
}

function hosts(r: Report): Set<string> {
  return new Set(r.flows.map((f) => f.host ?? f.server.ip));
}

/** Leaks identified by (app, type, value, host, clear text?) present in one report and not the other. */
export function compareReports(before: Report, after: Report): Comparison {
  const a = keys(before);
  const b = keys(after);
  const ha = hosts(before);
  const hb = hosts(after);
  const byApp = !!(before.apps?.length || after.apps?.length);
  return {
    stopped: [...a.values()].filter((k) => !b.has(k.key)),
    added: [...b.values()].filter((k) => !a.has(k.key)),
    kept: [...b.values()].filter((k) => a.has(k.key)),
    hostsStopped: [...ha].filter((h) => !hb.has(h)).sort(),
    hostsAdded: [...hb].filter((h) => !ha.has(h)).sort(),
    byApp,
    changes: byApp ? appChanges(before, after) : [],
  };
}
