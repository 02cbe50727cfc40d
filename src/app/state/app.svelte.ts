/** The whole page's state: one instance, made in App.svelte and passed down. */
import type { Report } from '../../core/report/types';
import { SessionStore } from '../../storage/sessions';
import { WorkerAnalyzer, type Analyzer, type EngineStatus, type FlowStream } from '../lib/engine-client';
import { isCaptureName, readKeyLog, sortDropped, keyLogSummary, type KeyLogFile } from '../lib/engine-keylog';
import { isAppReportFile } from '../lib/engine-formats';
import { AnalysisState, oneLine, type AppReportFile } from './analysis.svelte';
import { SessionsState } from './sessions.svelte';
import { wireCounts } from '../../present/wire';
import { plural } from '../../present/format';
import { ProfileState } from './profile.svelte';
import { FindingsState } from './findings.svelte';
import { flowById } from '../../present/flowById';

export type Page = 'home' | 'report' | 'sessions' | 'profile' | 'compare' | 'about';
export type View = 'findings' | 'apps' | 'hosts' | 'map' | 'flows' | 'dns' | 'http' | 'tls' | 'warnings' | 'capture';

/** A short-lived message at the top of the page. */
export interface Notice {
  kind: 'info' | 'warn' | 'error';
  text: string;
}

export class AppState {
  page = $state<Page>('home');
  view = $state<View>('findings');
  notice = $state<Notice | null>(null);
  engine = $state<EngineStatus | null>(null);
  /** Keep the capture bytes with each new session (off unless the person ticks it). */
  keepCaptures = $state(false);
  /** A finished analysis is being written to IndexedDB (a reload now would lose it). */
  saving = $state(false);
  /** The finding whose evidence is open, by index into the report's findings. */
  evidence = $state<number | null>(null);
  /**
   * The TLS key log the person added: used for the captures they open next and for rescans,
   * until removed. (The one a report was made with is analysis.keylog.)
   */
  keylog = $state.raw<KeyLogFile | null>(null);
  /** Sessions picked for comparison. */
  compare = $state<{ before: string | null; after: string | null }>({ before: null, after: null });

  readonly store: SessionStore;
  readonly analysis: AnalysisState;
  readonly sessions: SessionsState;
  readonly profile: ProfileState;
  readonly findings: FindingsState;
  #analyzer: Analyzer | null = null;

  constructor(opts: { analyzer?: Analyzer; store?: SessionStore } = {}) {
    this.#analyzer = opts.analyzer ?? null;
    this.store = opts.store ?? new SessionStore();
    // Another tab runs a newer build: this tab's database connection was closed for its upgrade.
    this.store.onVersionChange = () => {
      this.notice = { kind: 'warn', text: 'Leakscope was updated in another tab. Reload this page to keep saving and opening sessions.' };
    };
    this.store.onBlocked = () => {
      this.notice = { kind: 'warn', text: 'Another Leakscope tab of an older version holds the saved sessions: close or reload it to continue.' };
    };
    this.analysis = new AnalysisState(() => (this.#analyzer ??= new WorkerAnalyzer()));
    this.sessions = new SessionsState(this.store);
    this.profile = new ProfileState(this.store);
    this.findings = new FindingsState(() => this.analysis.report);
  }

  get report(): Report | null {
    return this.analysis.report;
  }

  /** Start-up: settings, sessions, then reopen the last session or show the sample. */
  async init(): Promise<void> {
    const [, , keep, last, welcomed] = await Promise.all([
      this.profile.load(),
      this.sessions.refresh(),
      this.store.setting<boolean>('keepCaptures').catch(() => undefined),
      this.store.setting<string>('lastSession').catch(() => undefined),
      this.store.setting<boolean>('welcomed').catch(() => undefined),
    ]);
    this.keepCaptures = keep ?? false;
    this.engine = await (this.#analyzer ??= new WorkerAnalyzer()).status().catch((e) => {
      this.notice = { kind: 'error', text: `The engine worker did not start: ${oneLine(e)}` };
      return null;
    });
    // The person already opened something, or went elsewhere while this loaded: leave them be.
    if (this.analysis.phase !== 'idle' || this.page !== 'home') return;
    const params = new URLSearchParams(location.search);
    if (last && this.sessions.list.some((s) => s.id === last)) {
      await this.openSession(last);
    } else if (params.has('sample') || (!welcomed && this.engine?.engine)) {
      // First visit: show a real result at once.
      void this.store.setSetting('welcomed', true).catch(() => undefined);
      await this.openSample();
    }
  }

  /** Opens what the person picked or dropped: a capture, a report JSON, or a key log. */
  async openFile(file: File): Promise<void> {
    await this.openFiles([file]);
  }

  /**
   * Several files dropped at once: the one that parses as a key log is the key log, an App
   * Privacy Report beside a capture says which app made its flows, and the captures among the
   * others (a pcap and a HAR of the same session) are analysed together as one session, in the
   * order given. An App Privacy Report alone is read as a file of its own.
   */
  async openFiles(files: File[]): Promise<void> {
    // The usual case, one capture, starts at once: nothing to read before the analysis begins.
    const sorted = files.length === 1 && isCaptureName(files[0].name) ? { captures: files, keylog: null } : await sortDropped(files);
    const { keylog } = sorted;
    if (keylog) this.keylog = keylog;
    const { captures, appReport } = files.length === 1 ? { captures: sorted.captures, appReport: null } : await splitAppReport(sorted.captures);
    if (!captures.length) {
      if (keylog) await this.#keylogAdded(keylog);
      return;
    }
    await this.#analyse(captures, appReport);
  }

  /** Adds a key log picked with its own input. */
  async addKeyLog(file: File): Promise<void> {
    const keylog = await readKeyLog(file).catch(() => null);
    if (!keylog) {
      this.notice = { kind: 'error', text: `${file.name} is not a TLS key log: expected SSLKEYLOGFILE lines such as "CLIENT_RANDOM <64 hex digits> <hex>".` };
      return;
    }
    this.keylog = keylog;
    await this.#keylogAdded(keylog);
  }

  /**
   * The capture on screen can be read again: it came from a capture (not a report JSON) and its
   * bytes are at hand (the file opened now, or kept with the reopened session).
   */
  get canReread(): boolean {
    const a = this.analysis;
    return !!a.report && a.phase === 'done' && a.origin !== 'report-file' && !!(a.file || this.sessions.current?.hasCapture);
  }

  /** Why the capture on screen cannot be read again ('' when it can, or nothing is open). */
  get rereadBlocked(): string {
    const a = this.analysis;
    if (!a.report || a.phase !== 'done' || this.canReread) return '';
    return a.origin === 'report-file'
      ? 'This report was opened from a JSON file: open the capture it was made from to rescan it.'
      : 'This session was saved without its capture: open the capture file again to rescan it.';
  }

  /**
   * A key log added while a capture is on screen reads that capture again with it at once, and
   * says what the keys changed; without the capture's bytes it says what it will be used for.
   */
  async #keylogAdded(keylog: KeyLogFile): Promise<void> {
    const label = `TLS key log ${keylog.name} (${keyLogSummary(keylog)})`;
    const before = this.report;
    if (!before || !this.canReread) {
      // Nothing to read again: say what the key log will be used for, and what to do.
      const where = !before || this.analysis.phase !== 'done' ? '' : this.analysis.origin === 'report-file' ? 'this report came from a JSON file' : 'this session was saved without its capture';
      this.notice = where
        ? { kind: 'warn', text: `${label} added; nothing on screen changes, as ${where}. Open the capture file again and its encrypted flows are read with the key log.` }
        : { kind: 'info', text: `${label} added: the captures you open next are read with it.` };
      return;
    }
    this.notice = { kind: 'info', text: `${label} added: reading ${before.capture.name} again with it…` };
    const after = await this.#reread();
    if (!after) return;
    const w = wireCounts(after);
    const added = after.findings.length - before.findings.length;
    const found = added > 0 ? `${plural(added, 'new finding')}` : added < 0 ? `${plural(-added, 'finding')} fewer` : 'no new findings';
    this.notice = { kind: 'info', text: `${label}: ${w.decrypted} of ${plural(w.encrypted, 'encrypted flow')} decrypted; ${found}.` };
  }

  removeKeyLog(): void {
    this.keylog = null;
  }

  /** Analyses a capture, or several as one session (or opens a report JSON), then saves it as a session. */
  async #analyse(files: File[], appReport: AppReportFile | null = null): Promise<void> {
    const name = files.map((f) => f.name).join(' + ');
    this.notice = null;
    this.evidence = null;
    this.sessions.currentId = null;
    this.page = 'report';
    const profile = this.profile.active;
    const report = await this.analysis.run(files.length === 1 ? files[0] : files, profile, this.keylog, appReport);
    if (!report) {
      if (this.analysis.phase === 'idle') {
        // Cancelled before anything was read: back to the start, saying so.
        this.page = this.sessions.currentId ? 'report' : 'home';
        this.notice = { kind: 'info', text: `Cancelled: ${name} was not analysed.` };
      }
      return;
    }
    this.#pickView(report);
    if (appReport) {
      const attributed = report.flows.filter((f) => f.app !== null).length;
      this.notice = { kind: 'info', text: `App Privacy Report ${appReport.name} joined to ${name}: ${attributed} of ${report.flows.length} flows have an app (see Apps).` };
    }
    const keep = this.keepCaptures && this.analysis.origin === 'capture';
    const fromCapture = this.analysis.origin === 'capture';
    await this.#save(report, {
      profile: fromCapture ? profile : null,
      capture: keep ? (files.length === 1 ? files[0] : files) : undefined,
      keylog: fromCapture ? keyLogToStore(this.keylog, keep) : null,
      appReport: fromCapture ? appReport : null,
    });
  }

  async openSample(): Promise<void> {
    try {
      const res = await fetch(`${import.meta.env.BASE_URL}sample.pcap`);
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const blob = await res.blob();
      await this.openFile(new File([blob], 'sample.pcap', { type: 'application/vnd.tcpdump.pcap' }));
    } catch (e) {
      this.notice = { kind: 'error', text: `The sample capture could not be loaded: ${oneLine(e)}` };
    }
  }

  /** Analyses the capture on screen again with the current profile, replacing the session's report. */
  async rescan(): Promise<void> {
    this.notice = null;
    const report = await this.#reread();
    // Set while reading (storage full, a failed save): that says more than the count.
    const said = this.notice as Notice | null;
    if (report && said?.kind !== 'error' && said?.kind !== 'warn') {
      this.notice = { kind: 'info', text: `Rescanned with your profile (${this.profile.size} values): ${report.findings.length} findings.` };
    }
  }

  /**
   * Reads the capture on screen again with the current profile and key log, replacing the
   * session's report. Null when there is no capture to read or the run was cancelled or failed.
   */
  async #reread(): Promise<Report | null> {
    // Every file of the session on screen (several when they were read as one session).
    let files = this.analysis.origin === 'report-file' ? [] : this.analysis.files;
    const id = this.sessions.currentId;
    if (!files.length && id && this.analysis.origin !== 'report-file') files = (await this.store.captures(id).catch(() => undefined)) ?? [];
    if (!files.length) {
      this.notice = { kind: 'warn', text: this.rereadBlocked || 'The capture itself was not kept with this session: open the file again to rescan it.' };
      return null;
    }
    this.page = 'report';
    const profile = this.profile.active;
    // A key log added since wins; else the one the report on screen was made with (if kept).
    const keylog = this.keylog ?? (this.analysis.keylog?.text ? this.analysis.keylog : null);
    // The App Privacy Report joined to the capture on screen, else the one kept with the reopened session.
    const appReport = this.analysis.appReport ?? (id ? ((await this.store.appReport(id).catch(() => undefined)) ?? null) : null);
    const report = await this.analysis.run(files.length === 1 ? files[0] : files, profile, keylog, appReport);
    if (!report) return null;
    this.#pickView(report);
    if (id) {
      try {
        await this.store.replaceReport(id, report, profile, keyLogToStore(keylog, this.sessions.current?.hasCapture ?? false), appReport);
        this.sessions.currentId = id;
        await this.sessions.refresh();
      } catch (e) {
        this.notice = { kind: 'error', text: oneLine(e) };
      }
    } else {
      await this.#save(report, { profile, keylog, appReport });
    }
    return report;
  }

  async openSession(id: string): Promise<void> {
    try {
      const [report, meta] = await Promise.all([this.store.report(id), this.store.get(id)]);
      if (!report) throw new Error('That session no longer exists.');
      this.evidence = null;
      // A session keeps the profile it was made with; a finding matched from one says so too.
      const profiled = !!meta?.profile || report.findings.some((f) => f.source === 'profile');
      this.analysis.show(report, null, meta?.keylog ?? null, profiled);
      this.sessions.currentId = id;
      this.page = 'report';
      this.#pickView(report);
      await this.store.setSetting('lastSession', id);
    } catch (e) {
      this.notice = { kind: 'error', text: oneLine(e) };
    }
  }

  async deleteSession(id: string): Promise<void> {
    const wasCurrent = this.sessions.currentId === id;
    await this.sessions.remove(id);
    if (wasCurrent) {
      this.analysis.clear();
      this.page = 'sessions';
    }
  }

  /** Stores the capture on screen with its session after the fact. */
  async keepCapture(): Promise<void> {
    const id = this.sessions.currentId;
    const files = this.analysis.files;
    if (!id || !files.length) return;
    try {
      await this.store.attachCapture(id, files.length === 1 ? files[0] : files, this.analysis.keylog, this.analysis.appReport);
      await this.sessions.refresh();
    } catch (e) {
      this.notice = { kind: 'error', text: oneLine(e) };
    }
  }

  /**
   * One flow of the report on screen, both directions as sent (the evidence dialog's "Follow
   * stream"), read again from the capture: the file on screen, else the one stored with the
   * session, else the worker's last analysed capture if it is the same. A session of several
   * files reads all of them in order (the flow numbering is theirs together). Rejects with an
   * error for which isCaptureNotStored() is true when none is at hand.
   */
  async followStream(flowId: number): Promise<FlowStream> {
    const report = this.report;
    const analyzer = (this.#analyzer ??= new WorkerAnalyzer());
    if (!report || !analyzer.followStream) throw new Error('Following a stream needs the capture engine.');
    let files: File[] = this.analysis.origin === 'capture' ? this.analysis.files : [];
    const id = this.sessions.currentId;
    if (!files.length && id && this.sessions.current?.hasCapture) files = (await this.store.captures(id).catch(() => undefined)) ?? [];
    const capture = files.length === 0 ? undefined : files.length === 1 ? files[0] : files;
    const flow = flowById(report, flowId);
    // The key log the report was made with (when its text was kept): TLS flows come out decrypted too.
    const keylog = this.analysis.keylog?.text || undefined;
    return analyzer.followStream({ flowId, lastFrame: flow?.last_frame, sha256: report.capture.sha256, keylog }, capture);
  }

  async setKeepCaptures(v: boolean): Promise<void> {
    this.keepCaptures = v;
    await this.store.setSetting('keepCaptures', v).catch(() => undefined);
  }

  goHome(): void {
    this.page = this.report || this.analysis.running ? 'report' : 'home';
  }

  #pickView(report: Report): void {
    this.findings.reset();
    // An App Privacy Report alone: no traffic, but what each app contacted is the answer.
    if (report.flows.length === 0 && report.app_activity?.length) this.view = 'apps';
    else if (this.view === 'apps' && !report.apps?.length) this.view = report.findings.length ? 'findings' : 'capture';
    else if (this.view === 'findings' && report.findings.length === 0) this.view = 'capture';
    else if (this.view === 'capture' && report.findings.length > 0) this.view = 'findings';
  }

  async #save(
    report: Report,
    opts: { profile: import('../../core/report/types').Profile | null; capture?: File | File[]; keylog?: KeyLogFile | null; appReport?: AppReportFile | null },
  ): Promise<void> {
    this.saving = true;
    try {
      const { meta, captureDropped } = await this.store.create(report, opts);
      this.sessions.currentId = meta.id;
      await this.store.setSetting('lastSession', meta.id).catch(() => undefined);
      if (captureDropped) {
        this.notice = { kind: 'warn', text: 'Browser storage is full: the analysis was saved, but without the capture file.' };
      }
    } catch (e) {
      this.notice = { kind: 'error', text: oneLine(e) };
    }
    await this.sessions.refresh().finally(() => (this.saving = false));
  }
}

/**
 * Among files opened together, the first App Privacy Report goes beside the capture (when there
 * is one); with no capture it is the file to open.
 */
async function splitAppReport(files: File[]): Promise<{ captures: File[]; appReport: AppReportFile | null }> {
  const reports: File[] = [];
  const captures: File[] = [];
  for (const f of files) ((await isAppReportFile(f).catch(() => false)) ? reports : captures).push(f);
  if (!captures.length || !reports.length) return { captures: files, appReport: null };
  return { captures, appReport: { name: reports[0].name, text: await reports[0].text() } };
}

/**
 * What a session keeps of a key log: all of it with the capture; without the capture only its
 * name and counts. Its secrets decrypt the person's traffic and are useless without the capture.
 */
function keyLogToStore(keylog: KeyLogFile | null, withCapture: boolean): KeyLogFile | null {
  if (!keylog) return null;
  return withCapture ? keylog : { ...keylog, text: '' };
}
