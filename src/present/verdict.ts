/** The verdict: what left the device, in plain words, most serious first. */
import type { Finding, Report, ReportFlow } from '../core/report/types';
import { countryName, formatCount, hostLabel, joinAnd, plural } from './format';
import { isHash, rankType as rank, severity, typeInfo } from './identifiers';
import { appAt, appLabel } from './apps';
import { flowById } from './flowById';
import { trackerSummary, type TrackerSummary } from './trackers';
import { wireOf } from './wire';
import { incompleteText, PROFILE_HINT } from './incomplete';

/** One sentence of the verdict: one destination, one direction, clear or decrypted. */
export interface VerdictLine {
  key: string;
  text: string;
  severity: number;
  host: string | null;
  address: string | null;
  country: string | null;
  clear: boolean;
  direction: Finding['direction'];
  /** remote: sent to a server; local: only to the local network (reports before version 2: remote). */
  scope: 'remote' | 'local';
  protocols: string[];
  findings: number;
  frames: number[];
  /** Index into the report's `apps` of the app that sent it; null when no file says (then "This device"). */
  app: number | null;
}

/** Encrypted traffic we could not read, named by SNI / host. */
export interface EncryptedSummary {
  flows: number;
  hosts: { name: string; flows: number; bytes: number }[];
  text: string;
}

export interface Verdict {
  lines: VerdictLine[];
  encrypted: EncryptedSummary;
  /** Advertising and analytics companies contacted, encrypted or not (text '' when none). */
  trackers: TrackerSummary;
  /**
   * Headline: the worst line; with no line, the tracker companies contacted (what a mostly
   * encrypted capture can still tell), else a reassurance.
   */
  headline: string;
  /** With no line: the reassurance when the headline is the tracker sentence, else ''. */
  nothing: string;
  /** The capture stops early (cut short or damaged): "The capture ends inside frame 12: …", else ''. */
  incomplete: string;
  /** What a profile would add, when the caller says the scan had none; else ''. */
  profile: string;
  /** What other devices on the network broadcast, or what servers sent, that is not counted ('' when nothing). */
  others: string;
}

/** What the report does not say itself: was the scan made with the person's profile? */
export interface VerdictContext {
  /** false: made without one (the verdict says what one would add); true or absent: nothing said. */
  profile?: boolean;
}

/** How serious a verdict line reads: the same thresholds in the app's verdict panel and the widget. */
export type Level = 'high' | 'mid' | 'low';

export function level(severity: number): Level {
  return severity >= 14 ? 'high' : severity >= 8 ? 'mid' : 'low';
}

export const LEVEL_WORDS: Record<Level, string> = { high: 'Serious', mid: 'Notable', low: 'Minor' };

/** Where a finding went: its host, else the server address of its flow. */
export function destination(f: Finding, flows: ReportFlow[]): { host: string | null; address: string | null } {
  const flow = flowById({ flows }, f.flow);
  return { host: f.host, address: flow ? flow.server.ip : null };
}

function phrase(type: string, items: Finding[]): string {
  const info = typeInfo(type);
  const values = new Set(items.map((f) => f.value));
  const base = values.size === 1 ? info.one : info.many(formatCount(values.size));
  const hashed = items.every((f) => isHash(f.encoding));
  if (!hashed) return base;
  // One parenthesis: "its IMSI (SIM subscriber number, hashed)", not two in a row.
  return base.endsWith(')') ? `${base.slice(0, -1)}, hashed)` : `${base} (hashed)`;
}

/** Builds the verdict from a report. Pure; cheap enough for 100k findings. */
export function verdictOf(report: Report, context: VerdictContext = {}): Verdict {
  const groups = new Map<string, Finding[]>();
  for (const f of report.findings) {
    const { host, address } = destination(f, report.flows);
    // One line per app too: two apps sending to one host are two different stories.
    const app = appAt(report, f.app) ? f.app! : null;
    const key = `${host ?? address ?? '?'}|${f.encrypted_on_wire ? 'enc' : 'clear'}|${f.direction}|${f.scope ?? 'remote'}|${app ?? ''}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(f);
  }

  const lines: VerdictLine[] = [];
  for (const [key, items] of groups) {
    const first = items[0];
    const { host, address } = destination(first, report.flows);
    // Each type's worst severity counted here, once per finding: a spread of them into
    // Math.max per comparison threw past ~120k findings of one type to one host.
    const byType = new Map<string, { findings: Finding[]; worst: number }>();
    let worst = 0;
    let sum = 0;
    for (const f of items) {
      const s = severity(f);
      worst = Math.max(worst, s);
      sum += s;
      let t = byType.get(f.type);
      if (!t) byType.set(f.type, (t = { findings: [], worst: s }));
      t.findings.push(f);
      t.worst = Math.max(t.worst, s);
    }
    const types = [...byType.entries()].sort((a, b) => b[1].worst - a[1].worst || rank(a[0]) - rank(b[0]));
    const what = joinAnd(types.map(([t, { findings }]) => phrase(t, findings)));
    const clear = !first.encrypted_on_wire;
    const dnsOnly = !host && items.every((f) => f.protocol === 'dns');
    const where = dnsOnly ? `the DNS resolver ${hostLabel(address, first.country)}` : hostLabel(host ?? address, first.country);
    const how = (clear ? 'unencrypted' : 'inside encrypted traffic (read with the keys provided)') + (dnsOnly ? ', hidden in DNS queries,' : '');
    const scope = first.scope ?? 'remote';
    const protocols = [...new Set(items.map((f) => f.protocol))];
    const sender = appAt(report, first.app);
    const who = sender ? appLabel(sender) : 'This device';
    const text =
      scope === 'local'
        ? `${who} told the local network ${what}, over ${joinAnd(protocols.map((p) => p.toUpperCase()))}.`
        : first.direction === 'upload'
          ? `${who} sent ${what} ${how} to ${where}.`
          : `${who} received ${what} ${how} from ${where}.`;
    const frames = [...new Set(items.flatMap((f) => f.frames ?? [f.frame]))].sort((a, b) => a - b);
    lines.push({
      key,
      text,
      severity: worst + sum / 1000,
      host,
      address,
      country: first.country,
      clear,
      direction: first.direction,
      scope,
      protocols,
      findings: items.length,
      frames,
      app: sender ? first.app! : null,
    });
  }
  // What went to remote servers leads; what only the local network heard follows.
  lines.sort((a, b) => (a.scope === b.scope ? 0 : a.scope === 'remote' ? -1 : 1) || b.severity - a.severity);

  const encrypted = encryptedSummary(report);
  const trackers = trackerSummary(report);
  let headline: string;
  let nothing = '';
  if (lines.length) headline = lines[0].text;
  else if (report.flows.length === 0 && report.app_activity?.length) headline = appReportHeadline(report);
  else if (report.flows.length === 0) headline = 'No traffic was found in this capture.';
  else if (trackers.text) {
    headline = trackers.text;
    nothing = NOTHING;
  } else headline = NOTHING;
  return {
    lines,
    encrypted,
    trackers,
    headline,
    nothing,
    incomplete: incompleteText(report),
    profile: context.profile === false && report.flows.length > 0 ? PROFILE_HINT : '',
    others: othersText(report),
  };
}

const NOTHING = 'None of the identifiers we look for were found in the readable traffic.';

/** An App Privacy Report read alone: no traffic to search, but what each app contacted. */
function appReportHeadline(report: Report): string {
  const activity = report.app_activity ?? [];
  const domains = new Set(activity.flatMap((a) => a.domains.map((d) => d.domain))).size;
  const accessing = activity.filter((a) => a.access.length).length;
  const access = accessing ? `; ${plural(accessing, 'app')} accessed protected data` : '';
  return `This App Privacy Report lists ${plural(activity.length, 'app')} and ${plural(domains, 'domain')} they contacted${access}. It holds no traffic, so it cannot say which identifiers were sent: see Apps, or open it together with a capture.`;
}

/** The identifiers seen that are not the device's, in one sentence. */
function othersText(report: Report): string {
  const others = report.other_findings ?? [];
  const placeholders = [...new Set((report.placeholders ?? []).map((p) => p.value))];
  if (others.length === 0 && placeholders.length === 0) return '';
  const devices = new Set(others.filter((f) => f.why === 'other device').map((f) => `${f.type}\u0000${f.value}`)).size;
  const served = new Set(others.filter((f) => f.why === 'server content').map((f) => `${f.type}\u0000${f.value}`)).size;
  const parts: string[] = [];
  if (devices) parts.push(`${plural(devices, 'identifier')} that other devices on the network sent`);
  if (served) parts.push(`${plural(served, 'identifier-like value')} in what servers sent`);
  // Sent where an identifier would be, but naming no device (Android's 02:00:00:00:00:00).
  if (placeholders.length) parts.push(`${placeholders.length === 1 ? 'a placeholder value' : `${placeholders.length} placeholder values`} that name no device (${placeholders.slice(0, 3).join(', ')}${placeholders.length > 3 ? ', …' : ''})`);
  return `Not counted: ${joinAnd(parts)}.`;
}

/** Encrypted flows, counted and named by SNI (or address when there was none). */
export function encryptedSummary(report: Report): EncryptedSummary {
  const byName = new Map<string, { name: string; flows: number; bytes: number }>();
  const sni = new Map<number, string>();
  for (const t of report.tls) if (t.sni) sni.set(t.flow, t.sni);
  let count = 0;
  for (const f of report.flows) {
    if (wireOf(f) !== 'encrypted') continue;
    count++;
    const name = sni.get(f.id) ?? f.host ?? f.server.ip;
    const e = byName.get(name) ?? { name, flows: 0, bytes: 0 };
    e.flows++;
    e.bytes += f.bytes;
    byName.set(name, e);
  }
  const hosts = [...byName.values()].sort((a, b) => b.bytes - a.bytes);
  let text = '';
  if (count) {
    const shown = hosts.slice(0, 5).map((h) => h.name);
    const more = hosts.length - shown.length;
    const names = more > 0 ? `${shown.join(', ')} and ${plural(more, 'other host')}` : joinAnd(shown);
    text = `${plural(count, 'encrypted connection')} could not be read: ${names}. What they carried is unknown; add TLS keys to look inside.`;
  }
  return { flows: count, hosts, text };
}

/** The country in plain words, for table cells. */
export function countryCell(code: string | null): string {
  if (!code) return '';
  const name = countryName(code);
  return name && name !== code ? `${name} (${code})` : code;
}
