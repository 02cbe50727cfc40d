/** Turns the analysis state into the plain-JSON report (../shared/spec/report.md). */
import type { RecordCollector, RecordKind, ExtractRecords } from '../extract/types';
import type { Flow } from '../flow/types';
import type { FoldedFlows } from '../flow/flowLedger';
import type { CaptureFileSummary, Finding, OtherFinding, PlaceholderSighting, Report, ReportApp, ReportFlow } from './types';
import type { CaptureDevice } from '../capture/types';
import { attributor, deviceUnderTest, osFromUserAgent } from './device';
import type { WarningLog } from './warningLog';
import { bestHostNames } from './hostNames';
import { isDateTime } from '../capture/types';
import { FindingSet } from '../scan/findings';
import { countryEvidence, placePhoneNumbers } from './phoneCountry';
import { joinAppReport, APP_REPORT_SOURCE, type AppActivity } from '../appreport/index';
import { learnPackagesFromRequests } from '../apps/selfNamed';
import { learnVersionsFromRequests } from '../apps/selfVersioned';
import { mergeSamePackage } from '../apps/mergeSamePackage';

/** One report section being collected: its kind (the report key) and its records. */
export interface SectionState<K extends RecordKind = RecordKind> {
  kind: K;
  collector: RecordCollector<ExtractRecords[K], unknown>;
}

/** Everything the stages collected, in the form the report builder reads. */
export interface AnalysisState {
  name: string;
  format: string | null;
  compressed: boolean;
  linktypes: Set<number>;
  frames: number;
  firstTime: number;
  lastTime: number;
  warnings: WarningLog;
  /** Records of every protocol, one section each, in registry order. */
  sections: SectionState[];
  /** The protocol detected on each flow the analysis no longer held when it was detected (else Flow.protocol). */
  protocols: Map<number, { app: string; encrypted: boolean }>;
  /** Encrypted flows whose content was read with the person's keys. */
  decrypted: Set<number>;
  names: { ip: string; names: string[] }[];
  /** The flows the report lists (all of them unless the ledger folded some), by id. */
  flows: Flow[];
  /** Flows not listed, added up (flow/flowLedger.ts); null when every flow is listed. */
  folded: FoldedFlows | null;
  /** Folded flows per client address, for the device under test. */
  foldedOpeners?: ReadonlyMap<string, { opened: number; unicast: number; clientMac?: string }>;
  /** The apps the files name (Flow.app indexes it). */
  apps: ReportApp[];
  /** What the capture file says about the device (pcapng section header), if anything. */
  captureDevice: CaptureDevice | null;
  /** An App Privacy Report read as the file or given beside it (appreport/). */
  appActivity?: AppActivity;
  findings: () => Finding[];
  placeholders: () => PlaceholderSighting[];
  bytes: number;
  sha256: string;
  /** Several files read as one session: each file's part (capture.files). */
  files?: () => CaptureFileSummary[];
}

/** The pipeline already made out-of-range times NaN (capture-bad-time); checked again so a report never throws. */
const iso = (t: number): string | null => (isDateTime(t) ? new Date(t * 1000).toISOString() : null);

/** Builds the report; safe to call mid-stream for partial results. */
export function buildReport(s: AnalysisState, linktypeName: (lt: number) => string): Report {
  const hosts = bestHostNames(s.flows, recordsOf(s, 'tls'), recordsOf(s, 'http'), recordsOf(s, 'dns'));
  const flows: ReportFlow[] = s.flows.map((f) => {
    const app = f.protocol ?? s.protocols.get(f.id);
    return {
      id: f.id,
      transport: f.transport,
      client: { ip: f.client.ip, port: f.client.port },
      server: { ip: f.server.ip, port: f.server.port },
      app: f.app ?? null,
      protocol: app?.app ?? null,
      encrypted: app?.encrypted ?? false,
      decrypted: s.decrypted.has(f.id),
      host: hosts.get(f.id) ?? f.host ?? null,
      country: null,
      packets: f.packets,
      bytes: f.bytes,
      first_frame: f.firstFrame,
      last_frame: f.lastFrame,
      start: iso(f.firstTime),
      end: iso(f.lastTime),
      upload_bytes: f.payloadBytes[0],
      download_bytes: f.payloadBytes[1],
    };
  });
  // Copies: a partial report's guesses must not stick to the capture's own app table.
  const apps = s.apps.map((a) => ({ ...a }));
  // Host names are known now: the App Privacy Report's apps for flows the capture gave none.
  if (s.appActivity && !s.appActivity.empty) joinAppReport(s.appActivity, flows, s.flows, apps);
  // Apps still without a package, named by their own requests (pkg=, X-Requested-With).
  learnPackagesFromRequests(apps, flows, recordsOf(s, 'http'));
  // A capture app that learned a bundle ID and the App Privacy Report's entry for it are one app.
  const merged = mergeSamePackage(apps, (source) => source !== APP_REPORT_SOURCE);
  const appId = (id: number | null | undefined): number | null => (id == null ? null : (merged.remap[id] ?? id));
  for (const f of flows) f.app = appId(f.app);
  // Versions, which no capture format records, as the apps' own requests say them.
  learnVersionsFromRequests(merged.apps, flows, recordsOf(s, 'http'));
  // Ids are not positions once flows are folded: every lookup goes by id.
  const byId = new Map(s.flows.map((f) => [f.id, f]));
  const reportById = new Map(flows.map((f) => [f.id, f]));
  const device = deviceUnderTest(s.flows, s.foldedOpeners);
  const findings: Finding[] = [];
  const others: OtherFinding[] = [];
  const attribute = attributor(device, byId, (id) => reportById.get(id)?.host ?? null);
  const own = new Set(device.ips);
  const sent = recordsOf(s, 'http').filter((m) => m.kind === 'request' && own.has(byId.get(m.flow)?.client.ip ?? ''));
  const found = s.findings();
  const placed = placePhoneNumbers(found, countryEvidence(found.filter((f) => own.has(byId.get(f.flow)?.client.ip ?? '')), sent));
  for (const found of refold(placed)) {
    const flow = reportById.get(found.flow);
    const f = { ...framesChecked(found, flow), host: found.host ?? flow?.host ?? null, country: found.country ?? flow?.country ?? null, app: appId(found.app) ?? flow?.app ?? null };
    const a = attribute(f);
    if (a.notOurs) others.push({ ...a.finding, why: a.notOurs });
    else findings.push(a.finding);
  }
  // What the device says about itself names it.
  device.name = findings.find((f) => f.type === 'device_name')?.value ?? null;
  device.hardware = findings.find((f) => f.type === 'model')?.value ?? s.captureDevice?.hardware ?? null;
  for (const m of recordsOf(s, 'http')) {
    const ua = m.headers.find(([k]) => k.toLowerCase() === 'user-agent')?.[1];
    const flow = byId.get(m.flow);
    if (!ua || !flow || !own.has(flow.client.ip)) continue;
    device.os = osFromUserAgent(ua);
    if (device.os) break;
  }
  // The capturing app's own words about the phone (PCAPdroid's section header) when traffic said nothing.
  device.os ??= s.captureDevice?.os ?? null;
  const report: Record<string, unknown> = {
    format: 'capture-report',
    version: 2,
    capture: {
      name: s.name,
      bytes: s.bytes,
      sha256: s.sha256,
      format: s.format ?? 'unknown',
      linktypes: [...s.linktypes].map(linktypeName),
      frames: s.frames,
      start: iso(s.firstTime),
      end: iso(s.lastTime),
      ...(s.files ? { files: s.files() } : {}),
      // The recording tool as the file names itself (pcapng shb_userappl "PCAPdroid v1.9.1", HAR creator): not the app under test.
      ...(s.captureDevice?.application ? { application: s.captureDevice.application } : {}),
    },
    warnings: s.warnings.list(),
    device,
    apps: merged.apps,
    ...(s.appActivity && !s.appActivity.empty ? { app_activity: s.appActivity.entries().map((e) => ({ ...e, app: appId(e.app)! })) } : {}),
    flows,
    ...(s.folded ? { flows_folded: s.folded } : {}),
  };
  // Each protocol's section after the flows (dns, http, tls, … in registry order).
  for (const section of s.sections) report[section.kind] = section.collector.entries();
  report.findings = findings;
  report.other_findings = others;
  report.placeholders = s.placeholders().map((p) => ({ ...p, host: reportById.get(p.flow)?.host ?? null }));
  return report as unknown as Report;
}

/** Frames are numbered from 1: any other is dropped, the finding kept (its flow's first frame when none is left). */
function framesChecked<F extends Finding>(f: F, flow: ReportFlow | undefined): F {
  const ok = (n: number) => Number.isInteger(n) && n >= 1;
  if (ok(f.frame) && (f.frames ?? []).every(ok)) return f;
  const frames = (f.frames ?? [f.frame]).filter(ok);
  if (frames.length === 0) frames.push(flow && ok(flow.first_frame) ? flow.first_frame : 1);
  return { ...f, frame: ok(f.frame) ? f.frame : frames[0], frames };
}

/** Placed numbers can equal others (national and E.164 spellings of one number): fold them again. */
function refold(list: readonly Finding[]): Finding[] {
  const set = new FindingSet(Infinity); // each source is bounded already
  for (const f of list) set.merge(f);
  return set.list();
}

/** The records of one kind (empty when no protocol collects it). */
function recordsOf<K extends RecordKind>(s: AnalysisState, kind: K): ExtractRecords[K][] {
  const section = s.sections.find((x) => x.kind === kind);
  return (section?.collector.records ?? []) as ExtractRecords[K][];
}
