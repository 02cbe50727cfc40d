/** Saved analyses: every report is kept with the profile used and notes; the capture only on request. */
import type { Profile, Report } from '../core/report/types';
import { upgradeReport } from '../core/report/upgrade';
import { openDatabase, type DatabaseEvents, type LeakscopeDatabase } from './db';
import { isQuotaError, rethrowStorage } from './errors';
import type { SessionAppReportLabel, SessionCapture, SessionKeyLog, SessionMeta } from './schema';

export type { SessionAppReportLabel, SessionKeyLog, SessionMeta } from './schema';

/** An App Privacy Report given beside a capture (name for notices, NDJSON text). */
export interface AppReportText {
  name: string;
  text: string;
}

/** The session row's label of an App Privacy Report: name and size, never its text. */
export function appReportLabel(r: AppReportText): SessionAppReportLabel {
  return { name: r.name, bytes: new TextEncoder().encode(r.text).length };
}

/** What save() was able to keep. */
export interface SaveResult {
  meta: SessionMeta;
  /** The capture was asked for but did not fit: the session was saved without it. */
  captureDropped: boolean;
}

/** Bytes used and available to this origin, when the browser says. */
export interface StorageUse {
  usage: number | null;
  quota: number | null;
  persisted: boolean | null;
}

/** Summary numbers for a session list row, taken from a report. */
export function summarize(report: Report): SessionMeta['counts'] {
  const hosts = new Set(report.flows.map((f) => f.host ?? f.server.ip));
  return {
    findings: report.findings.length,
    clearFindings: report.findings.filter((f) => !f.encrypted_on_wire).length,
    flows: report.flows.length,
    hosts: hosts.size,
    warnings: report.warnings.length,
  };
}

function captureOf(report: Report): SessionMeta['capture'] {
  const c = report.capture;
  return { name: c.name, bytes: c.bytes, sha256: c.sha256, format: c.format, frames: c.frames, start: c.start, end: c.end };
}

function newId(): string {
  return crypto.randomUUID();
}

/** Why the store refuses after another tab upgraded the database. */
export const SUPERSEDED = 'Leakscope was updated in another tab: reload this page to use saved sessions.';

/** The session store. One instance per page; opens the database lazily. */
export class SessionStore {
  #db: Promise<LeakscopeDatabase> | null = null;
  /** A newer build took the database (its connection here is closed): only a reload reopens it. */
  #superseded = false;
  /** Called once when a tab of a newer build upgrades the database; the app shows a notice. */
  onVersionChange: (() => void) | null = null;
  /** Called when this tab's upgrade waits for a tab of an older build to close. */
  onBlocked: (() => void) | null = null;
  /** `open` is replaceable so the store's logic can be tested in Node, which has no IndexedDB. */
  constructor(
    private readonly dbName?: string,
    private readonly open: (name?: string, events?: DatabaseEvents) => Promise<LeakscopeDatabase> = openDatabase,
  ) {}

  #open(): Promise<LeakscopeDatabase> {
    if (this.#superseded) return Promise.reject(new Error(SUPERSEDED));
    this.#db ??= this.open(this.dbName, {
      onVersionChange: () => {
        this.#superseded = true;
        this.#db = null;
        this.onVersionChange?.();
      },
      onBlocked: () => this.onBlocked?.(),
    });
    return this.#db;
  }

  /** Saves a new session. If the capture does not fit, saves without it and says so. */
  async create(
    report: Report,
    opts: { profile: Profile | null; capture?: Blob | File[]; name?: string; keylog?: SessionKeyLog | null; appReport?: AppReportText | null },
  ): Promise<SaveResult> {
    const now = Date.now();
    const meta: SessionMeta = {
      id: newId(),
      name: opts.name ?? report.capture.name,
      notes: '',
      created: now,
      updated: now,
      capture: captureOf(report),
      counts: summarize(report),
      hasCapture: false,
      profile: opts.profile,
      ...(opts.keylog ? { keylog: opts.keylog } : {}),
      ...(opts.appReport ? { appReport: appReportLabel(opts.appReport) } : {}),
    };
    return this.#write(meta, report, opts.capture, opts.appReport ?? undefined);
  }

  /**
   * Replaces a session's report (after a rescan), keeping its name, notes and capture; and its
   * key log and App Privacy Report unless `keylog` / `appReport` is given (null: the rescan used none).
   * A given App Privacy Report's text is kept only if the session keeps its capture.
   */
  async replaceReport(
    id: string,
    report: Report,
    profile: Profile | null,
    keylog?: SessionKeyLog | null,
    appReport?: AppReportText | null,
  ): Promise<SessionMeta> {
    const db = await this.#open();
    const old = await db.get('sessions', id);
    if (!old) throw new Error('That session no longer exists.');
    const meta: SessionMeta = { ...old, updated: Date.now(), capture: captureOf(report), counts: summarize(report), profile };
    if (keylog !== undefined) meta.keylog = keylog;
    if (appReport !== undefined) meta.appReport = appReport ? appReportLabel(appReport) : null;
    // null clears the stored text too (the rescan joined none); a new one replaces it when the capture is kept.
    const text = appReport === undefined ? undefined : appReport && old.hasCapture ? appReport : null;
    return (await this.#write(meta, report, undefined, text)).meta;
  }

  /**
   * Writes a session row and report, with the capture if given (and it fits); `appReport`
   * (undefined: leave as is, null: delete) is stored only beside a stored capture, since a
   * rescan needs both.
   */
  async #write(meta: SessionMeta, report: Report, capture: Blob | File[] | undefined, appReport?: AppReportText | null): Promise<SaveResult> {
    const db = await this.#open();
    const put = async (withCapture: boolean) => {
      const m = withCapture ? { ...meta, hasCapture: true } : meta;
      const keepText = appReport && m.hasCapture;
      const touchApr = appReport !== undefined;
      const stores = [
        'sessions',
        'reports',
        ...(withCapture ? (['captures'] as const) : []),
        ...(touchApr ? (['appReports'] as const) : []),
      ] as ('sessions' | 'reports' | 'captures' | 'appReports')[];
      const tx = db.transaction(stores, 'readwrite');
      await settle(tx, (add) => {
        add(tx.objectStore('sessions').put(m));
        add(tx.objectStore('reports').put({ id: meta.id, report }));
        if (withCapture && capture) add(tx.objectStore('captures').put(captureRow(meta.id, capture, report.capture.name)));
        if (touchApr) {
          if (keepText) add(tx.objectStore('appReports').put({ id: meta.id, name: appReport.name, text: appReport.text }));
          else add(tx.objectStore('appReports').delete(meta.id));
        }
      });
      return m;
    };
    if (capture) {
      try {
        return { meta: await put(true), captureDropped: false };
      } catch (e) {
        if (!isQuotaError(e)) throw e;
        // The capture is the big part: keep the analysis without it rather than nothing.
      }
      try {
        return { meta: await put(false), captureDropped: true };
      } catch (e) {
        rethrowStorage(e, fullMessage());
      }
    }
    try {
      return { meta: await put(false), captureDropped: false };
    } catch (e) {
      rethrowStorage(e, fullMessage());
    }
  }

  /** All sessions, most recently updated first. */
  async list(): Promise<SessionMeta[]> {
    const db = await this.#open();
    return (await db.getAllFromIndex('sessions', 'by-updated')).reverse();
  }

  async get(id: string): Promise<SessionMeta | undefined> {
    return (await this.#open()).get('sessions', id);
  }

  async report(id: string): Promise<Report | undefined> {
    // Sessions saved by an earlier version hold an earlier report format: read them as today's.
    const report = (await (await this.#open()).get('reports', id))?.report;
    return report ? upgradeReport(report) : undefined;
  }

  /** The App Privacy Report kept with a session's capture, for a rescan to join again. */
  async appReport(id: string): Promise<AppReportText | undefined> {
    const r = await (await this.#open()).get('appReports', id);
    return r ? { name: r.name, text: r.text } : undefined;
  }

  async capture(id: string): Promise<File | undefined> {
    const c = await (await this.#open()).get('captures', id);
    return c ? new File([c.blob], c.name) : undefined;
  }

  /** Every capture file kept with a session, in the order read (one unless it was a session of several). */
  async captures(id: string): Promise<File[] | undefined> {
    const c = await (await this.#open()).get('captures', id);
    return c ? [new File([c.blob], c.name), ...(c.more ?? []).map((m) => new File([m.blob], m.name))] : undefined;
  }

  /** Sessions made from the same capture bytes. */
  async withSha256(sha256: string): Promise<SessionMeta[]> {
    return (await this.#open()).getAllFromIndex('sessions', 'by-sha256', sha256);
  }

  async rename(id: string, name: string): Promise<SessionMeta> {
    return this.#update(id, (m) => ({ ...m, name: name.trim() || m.capture.name }));
  }

  async setNotes(id: string, notes: string): Promise<SessionMeta> {
    return this.#update(id, (m) => ({ ...m, notes }));
  }

  /** Stores (or replaces) the capture bytes of an existing session. */
  async attachCapture(id: string, capture: File | File[], keylog?: SessionKeyLog | null, appReport?: AppReportText | null): Promise<SessionMeta> {
    const db = await this.#open();
    try {
      const tx = db.transaction(['sessions', 'captures', 'appReports'], 'readwrite');
      const m = await tx.objectStore('sessions').get(id);
      if (!m) throw new Error('That session no longer exists.');
      // The key log's secrets are kept exactly when the capture is (they only serve a rescan).
      // So is the App Privacy Report's text: with the capture, a rescan joins it again.
      const next = { ...m, hasCapture: true, ...(keylog?.text ? { keylog } : {}), ...(appReport ? { appReport: appReportLabel(appReport) } : {}) };
      await settle(tx, (add) => {
        add(tx.objectStore('sessions').put(next));
        add(tx.objectStore('captures').put(captureRow(id, capture)));
        if (appReport) add(tx.objectStore('appReports').put({ id, name: appReport.name, text: appReport.text }));
      });
      return next;
    } catch (e) {
      rethrowStorage(e, 'Browser storage is full: the capture was not stored (the analysis is kept).');
    }
  }

  async #update(id: string, change: (m: SessionMeta) => SessionMeta): Promise<SessionMeta> {
    const db = await this.#open();
    try {
      const tx = db.transaction('sessions', 'readwrite');
      const m = await tx.store.get(id);
      if (!m) throw new Error('That session no longer exists.');
      const next = { ...change(m), updated: m.updated };
      await settle(tx, (add) => add(tx.store.put(next)));
      return next;
    } catch (e) {
      rethrowStorage(e, fullMessage());
    }
  }

  /** Deletes a session with its report, capture and App Privacy Report. */
  async delete(id: string): Promise<void> {
    const db = await this.#open();
    const tx = db.transaction(['sessions', 'reports', 'captures', 'appReports'], 'readwrite');
    await settle(tx, (add) => {
      add(tx.objectStore('sessions').delete(id));
      add(tx.objectStore('reports').delete(id));
      add(tx.objectStore('captures').delete(id));
      add(tx.objectStore('appReports').delete(id));
    });
  }

  /** Reads a setting (undefined when never set). */
  async setting<T>(key: string): Promise<T | undefined> {
    return (await (await this.#open()).get('settings', key)) as T | undefined;
  }

  async setSetting(key: string, value: unknown): Promise<void> {
    try {
      await (await this.#open()).put('settings', value, key);
    } catch (e) {
      rethrowStorage(e, fullMessage());
    }
  }

  /** Storage used and quota for this origin. */
  async use(): Promise<StorageUse> {
    const s = typeof navigator !== 'undefined' ? navigator.storage : undefined;
    const est = s?.estimate ? await s.estimate().catch(() => null) : null;
    const persisted = s?.persisted ? await s.persisted().catch(() => null) : null;
    return { usage: est?.usage ?? null, quota: est?.quota ?? null, persisted };
  }

  /** Asks the browser not to evict sessions under storage pressure. */
  async persist(): Promise<boolean> {
    return (await navigator.storage?.persist?.()) ?? false;
  }
}

/**
 * Issues a transaction's requests and waits for them and the commit. When it aborts, the
 * requests fail with a bare AbortError first; the real cause (e.g. QuotaExceededError at
 * commit) is on tx.error. Every promise is observed, so a failure never surfaces as an
 * unhandled rejection, and a request that throws while being issued aborts the rest.
 */
async function settle(
  tx: { done: Promise<void>; error: DOMException | null; abort(): void },
  issue: (add: (request: Promise<unknown>) => void) => void,
): Promise<void> {
  const requests: Promise<unknown>[] = [];
  tx.done.catch(() => undefined);
  try {
    issue((r) => {
      r.catch(() => undefined);
      requests.push(r);
    });
    await Promise.all([...requests, tx.done]);
  } catch (e) {
    try {
      tx.abort();
    } catch {
      /* already finished */
    }
    throw tx.error ?? e;
  }
}

/** The captures row: one file, or the first with the others after it (`more`). */
function captureRow(id: string, capture: Blob | File | File[], name?: string): SessionCapture {
  if (!Array.isArray(capture)) return { id, name: name ?? (capture instanceof File ? capture.name : ''), blob: capture };
  const [first, ...rest] = capture;
  return { id, name: first.name, blob: first, ...(rest.length ? { more: rest.map((f) => ({ name: f.name, blob: f })) } : {}) };
}

function fullMessage(): string {
  return 'Browser storage is full: this analysis was not saved. Delete old sessions (or their stored captures) and try again; the results on screen are not affected.';
}
