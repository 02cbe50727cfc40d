/** Apps in words: who sent what (report version 2 `apps`, `flows[].app`, `findings[].app`, `app_activity`). */
import type { Report, ReportApp } from '../core/report/types';
import type { ReportAppAccess, ReportAppDomain } from '../core/appreport/types';
import { joinAnd, plural } from './format';
import { rankType, typeInfo } from './identifiers';
import { flowById } from './flowById';
import { wireOf } from './wire';

/** The app as a sentence's subject: "Weather (com.example.weather)", else whatever the source named. */
export function appLabel(app: ReportApp): string {
  if (app.name && app.package && app.name !== app.package) return `${app.name} (${app.package})`;
  if (app.name ?? app.package) return (app.name ?? app.package)!;
  if (app.uid !== null) return `The app with Android UID ${app.uid}`;
  if (app.pid !== undefined) return `Process ${app.pid}`;
  return 'An unnamed app';
}

const SOURCE_WORDS: Record<string, string> = {
  'pcapdroid-trailer': "PCAPdroid's per-packet app records",
  'pcapdroid-pcapng': "PCAPdroid's app table",
  pktap: 'the iPhone capture (PKTAP)',
  'app-privacy-report': 'the App Privacy Report',
};

/** Where the app's identity comes from, for people checking it: "PKTAP process 538; bundle ID from its own requests". */
export function appProvenance(app: ReportApp): string {
  const from = SOURCE_WORDS[app.source] ?? app.source;
  const who = app.uid !== null ? `Android UID ${app.uid}` : app.pid !== undefined ? `process ${app.pid}` : null;
  const base = `Named by ${from}${who ? `, ${who}` : ''}`;
  const pkg = app.package_from === 'requests' ? '; its bundle ID as its own requests send it (pkg=, bundle=), not said by the capture file'
    : app.package_from === 'app-privacy-report' ? '; its bundle ID from the App Privacy Report (same hosts, same time)' : '';
  return `${base}${pkg}${versionWords(app)}.`;
}

/** "; version 5.3.1 as its requests say (app_version=)", or '' when no version is known. */
function versionWords(app: ReportApp): string {
  if (!app.version) return '';
  if (app.version_from === 'user-agent') return `; version or build ${app.version}, from its User-Agent`;
  return `; version ${app.version}, as its own requests say (app_version=)`;
}

/** The app in a table cell: its name, else package, else UID or process id ('' when unknown). */
export function appShort(app: ReportApp | null | undefined): string {
  if (!app) return '';
  return app.name ?? app.package ?? (app.uid !== null ? `UID ${app.uid}` : app.pid !== undefined ? `PID ${app.pid}` : '?');
}

/** The app an `app` index points at, or null (version 1 reports, unknown apps, bad indexes). */
export function appAt(report: Report, index: number | null | undefined): ReportApp | null {
  if (index === null || index === undefined) return null;
  return report.apps?.[index] ?? null;
}

/** One destination of one app. */
export interface AppHost {
  name: string;
  country: string | null;
  flows: number;
  /** Flows that were encrypted (read with keys or not). */
  encryptedFlows: number;
  findings: number;
  clearFindings: number;
}

/** What one app did: from the capture's flows and findings, and from an App Privacy Report. */
export interface AppSummary {
  index: number;
  app: ReportApp;
  label: string;
  /** Identifier kinds it sent (labels), most serious first. */
  kinds: string[];
  findings: number;
  clearFindings: number;
  flows: number;
  bytes: number;
  hosts: AppHost[];
  /** From an App Privacy Report: domains contacted, most hits first, and data accessed. */
  domains: ReportAppDomain[];
  access: ReportAppAccess[];
  /** One sentence: what it sent and where, or what the App Privacy Report says it did. */
  text: string;
}

/** One summary per app of the report, the ones that sent identifiers in clear first. */
export function appsOf(report: Report): AppSummary[] {
  const apps = report.apps ?? [];
  const out: AppSummary[] = apps.map((app, index) => ({
    index, app, label: appLabel(app), kinds: [], findings: 0, clearFindings: 0, flows: 0, bytes: 0, hosts: [], domains: [], access: [], text: '',
  }));
  const hostMaps = out.map(() => new Map<string, AppHost>());
  const hostOf = (i: number, name: string, country: string | null) => {
    let h = hostMaps[i].get(name);
    if (!h) hostMaps[i].set(name, (h = { name, country, flows: 0, encryptedFlows: 0, findings: 0, clearFindings: 0 }));
    h.country ??= country;
    return h;
  };
  for (const f of report.flows) {
    const s = f.app === null ? undefined : out[f.app];
    if (!s) continue;
    s.flows++;
    s.bytes += f.bytes;
    const h = hostOf(s.index, f.host ?? f.server.ip, f.country);
    h.flows++;
    if (wireOf(f) !== 'clear') h.encryptedFlows++;
  }
  const kinds = out.map(() => new Set<string>());
  for (const fi of report.findings) {
    const s = fi.app === null || fi.app === undefined ? undefined : out[fi.app];
    if (!s) continue;
    s.findings++;
    kinds[s.index].add(fi.type);
    const h = hostOf(s.index, fi.host ?? flowById(report, fi.flow)?.server.ip ?? '?', fi.country);
    h.findings++;
    if (!fi.encrypted_on_wire) {
      s.clearFindings++;
      h.clearFindings++;
    }
  }
  for (const a of report.app_activity ?? []) {
    const s = out[a.app];
    if (!s) continue;
    s.domains = [...a.domains].sort((x, y) => y.hits - x.hits || x.domain.localeCompare(y.domain));
    s.access = a.access;
  }
  for (const s of out) {
    s.kinds = [...kinds[s.index]].sort((a, b) => rankType(a) - rankType(b)).map((t) => typeInfo(t).label);
    s.hosts = [...hostMaps[s.index].values()].sort((a, b) => b.clearFindings - a.clearFindings || b.findings - a.findings || b.flows - a.flows);
    s.text = summaryText(s);
  }
  return out.sort((a, b) => b.clearFindings - a.clearFindings || b.findings - a.findings || b.flows - a.flows || b.domains.length - a.domains.length);
}

/** Categories of data accessed, once each, in the order first met. */
export function accessCategories(access: ReportAppAccess[]): string[] {
  return [...new Set(access.map((a) => a.category))];
}

function summaryText(s: AppSummary): string {
  const parts: string[] = [];
  if (s.findings) {
    const hosts = s.hosts.filter((h) => h.findings).map((h) => h.name);
    const clear = s.clearFindings === s.findings ? 'all unencrypted' : s.clearFindings ? `${s.clearFindings} unencrypted` : 'all inside encrypted traffic';
    parts.push(`${s.label} sent ${plural(s.findings, 'identifier')} (${joinAnd(s.kinds)}) to ${joinAnd(hosts)}, ${clear}.`);
  } else if (s.flows) {
    parts.push(`${s.label} made ${plural(s.flows, 'connection')} to ${plural(s.hosts.length, 'host')}; no identifier we look for was found in them.`);
  }
  if (s.domains.length) {
    const hits = s.domains.reduce((n, d) => n + d.hits, 0);
    parts.push(`The App Privacy Report lists ${plural(s.domains.length, 'domain')} it contacted (${plural(hits, 'hit')}).`);
  }
  const cats = accessCategories(s.access);
  if (cats.length) parts.push(`It accessed: ${joinAnd(cats)}.`);
  if (!parts.length) parts.push(`${s.label}: nothing recorded.`);
  return parts.join(' ');
}
