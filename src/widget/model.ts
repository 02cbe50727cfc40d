/**
 * What the widget shows, computed from a report: the verdict (the app's own wording from src/present, so an
 * advisory says exactly what the app says), findings and hosts rows, with redaction applied.
 * Pure functions; no engine code is reachable from here.
 */
import type { HostSummary } from '../core/enrich/enrichReport';
import { isOsInfrastructure } from '../core/enrich/trackerKind';
import type { Report } from '../core/report/types';
import { countryCell, level, LEVEL_WORDS, verdictOf, type Level, type Verdict } from '../present/verdict';
import { hostsOf } from '../present/hosts';
import { encodingLabel, typeInfo } from '../present/identifiers';
import { formatBytes, joinAnd, plural } from '../present/format';
import { appAt, appsOf, appShort } from '../present/apps';
import { wireCounts, wireText } from '../present/wire';
import { maskPlain, maskText, maskValue, redactorOf, type Redaction } from './redact';
import type { WidgetReport } from './load';
import { flowById } from '../present/flowById';

export { verdictOf, plural, formatBytes, level, LEVEL_WORDS };
export type { Verdict, Level };

export interface FindingRow {
  key: string;
  type: string;
  label: string;
  value: string;
  encoding: string;
  destination: string;
  country: string;
  wire: string;
  clear: boolean;
  direction: string;
  protocol: string;
  /** The app that sent it (report version 2), '' when no file says. */
  app: string;
  frames: string;
  context: string;
}

/** Findings as table rows, values and evidence masked for `mode`. */
export function findingRows(report: Report, mode: Redaction): FindingRow[] {
  const redactor = redactorOf(report.findings, mode);
  return report.findings.map((f, i) => {
    const frames = f.frames ?? [f.frame];
    return {
      key: `${i}`,
      type: f.type,
      label: typeInfo(f.type).label,
      value: maskValue(f.value, mode),
      encoding: encodingLabel(f.encoding),
      destination: maskPlain(f.host ?? flowById(report, f.flow)?.server.ip ?? '', redactor),
      country: countryCell(f.country),
      wire: f.encrypted_on_wire ? 'decrypted' : 'clear text',
      clear: !f.encrypted_on_wire,
      direction: f.direction === 'upload' ? 'sent' : 'received',
      protocol: f.protocol.toUpperCase(),
      app: appShort(appAt(report, f.app)),
      frames: frames.slice(0, 6).join(', ') + (frames.length > 6 ? '…' : ''),
      context: maskText(f.context, redactor, mode),
    };
  });
}

export interface HostRow {
  key: string;
  name: string;
  address: string;
  country: string;
  network: string;
  /** Tracker name and organisation, '' for none and for OS infrastructure. */
  tracker: string;
  /** OS infrastructure (connectivity check, push, update, time server) name and organisation, else ''. */
  service: string;
  /** Where the label comes from: "Ghostery TrackerDB: apple.com" (the rule that matched), else ''. */
  labelSource: string;
  flows: number;
  bytes: string;
  findings: number;
}

function isHostSummary(x: unknown): x is HostSummary {
  const h = x as Partial<HostSummary> | null;
  return !!h && typeof h.ip === 'string' && typeof h.flows === 'number';
}

const SOURCE_NAMES: Record<string, string> = { 'ghostery-trackerdb': 'Ghostery TrackerDB', 'leakscope-os-hosts': 'Leakscope OS host list' };

/** "Google Analytics · Google": the label's name and organisation, once each. */
function labelText(t: NonNullable<HostSummary['tracker']>): string {
  return [t.name, t.company].filter(Boolean).filter((v, j, a) => a.indexOf(v) === j).join(' · ');
}

/**
 * The enrichment's `hosts` when the report has them, else hosts grouped from the flows; names
 * masked for `mode` (a DNS name can carry an identifier: 3836…3539.i.dnsbeacon.net).
 */
export function hostRows(report: WidgetReport, mode: Redaction = 'none'): HostRow[] {
  const redactor = redactorOf(report.findings, mode);
  // The network's name too: "China Unicom Beijing Province Network" next to a carrier finding says which carrier.
  return hostRowsUnmasked(report).map((h) => ({ ...h, name: maskPlain(h.name, redactor), network: maskPlain(h.network, redactor) }));
}

function hostRowsUnmasked(report: WidgetReport): HostRow[] {
  const enriched = Array.isArray(report.hosts) ? report.hosts.filter(isHostSummary) : [];
  if (enriched.length) {
    return enriched.map((h, i) => ({
      key: `${i}`,
      name: h.name ?? '',
      address: h.ip,
      country: countryCell(h.country),
      network: h.org ? `${h.org}${h.asn ? ` (AS${h.asn})` : ''}` : h.asn ? `AS${h.asn}` : '',
      tracker: h.tracker && !isOsInfrastructure(h.tracker) ? labelText(h.tracker) : '',
      service: isOsInfrastructure(h.tracker) ? labelText(h.tracker!) : '',
      labelSource: h.tracker?.source ? `${SOURCE_NAMES[h.tracker.source] ?? h.tracker.source}${h.tracker.rule ? `: ${h.tracker.rule}` : ''}` : '',
      flows: h.flows,
      bytes: formatBytes(h.bytes),
      findings: h.findings,
    }));
  }
  return hostsOf(report).map((h, i) => ({
    key: `${i}`,
    name: h.name ?? '',
    address: h.addresses.join(', '),
    country: countryCell(h.country),
    network: '',
    tracker: '',
    service: '',
    labelSource: '',
    flows: h.flows,
    bytes: formatBytes(h.clearBytes + h.encryptedBytes),
    findings: h.findings,
  }));
}

export interface AppRow {
  key: string;
  name: string;
  /** Package or bundle ID when it differs from the name, else ''. */
  package: string;
  /** Short facts for the eye: "8 identifiers, 6 unencrypted · 4 hosts contacted". */
  facts: string;
  /** Kinds sent, most serious first: "IMEI, IMSI and Email", else ''. */
  kinds: string;
  /** Some identifier went in clear text. */
  clear: boolean;
  /** The whole sentence (present/apps.ts): what the compact line abbreviates, for screen readers and copying. */
  text: string;
}

/** One compact row per app the report names (none for reports without apps), worst first as appsOf orders them. */
export function appRows(report: Report): AppRow[] {
  return appsOf(report).map((s) => {
    const facts: string[] = [];
    if (s.findings) facts.push(`${plural(s.findings, 'identifier')}${s.clearFindings ? `, ${s.clearFindings} unencrypted` : ', all encrypted'}`);
    else if (s.flows) facts.push('no identifiers found');
    if (s.hosts.length) facts.push(`${plural(s.hosts.length, 'host')} contacted`);
    if (s.domains.length) facts.push(`${plural(s.domains.length, 'domain')} in the App Privacy Report`);
    if (s.access.length) facts.push('data accessed');
    return {
      key: `${s.index}`,
      name: appShort(s.app),
      package: s.app.package && s.app.package !== appShort(s.app) ? s.app.package : '',
      facts: facts.join(' · ') || 'nothing recorded',
      kinds: joinAnd(s.kinds),
      clear: s.clearFindings > 0,
      text: s.text,
    };
  });
}

/** "14 frames, 2 flows (0 encrypted), 9 findings." */
export function summaryLine(report: Report, verdict: Verdict): string {
  const warnings = report.warnings.length ? `, ${plural(report.warnings.length, 'warning')}` : '';
  const wire = wireCounts(report);
  return `${plural(report.capture.frames, 'frame')}, ${plural(wire.flows, 'flow')} (${wireText(wire)}), ${plural(report.findings.length, 'finding')}${warnings}.`;
}
