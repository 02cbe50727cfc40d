/**
 * The apps of one capture, as its files name them (CaptureFrame.app, CaptureSink.app): one
 * entry per source and uid (else pid, else name), numbered in order of first mention by a
 * frame — the report's `apps`, which flows and findings point into.
 */
import type { FrameApp } from '../capture/types';
import type { ReportApp } from '../report/types';

/**
 * Apps a table lists one by one (issue 15: bounded whatever the file). A PKTAP capture names a
 * process per pid, and a day of a Mac's short-lived processes can be thousands; a file naming a
 * new one in every frame would otherwise grow the report by ~100 B per frame. Past it every new
 * app is counted under one '(other apps)' entry (warning `apps-limit`).
 */
export const MAX_APPS = 50_000;
export const OTHER_APPS = '(other apps)';

export class AppTable {
  private readonly byKey = new Map<string, ReportApp>();
  private other: ReportApp | null = null;
  /** Frames (or records) whose app was new past MAX_APPS, counted under `other`. */
  folded = 0;
  /** Details given apart from the frames (PCAPdroid's UID map), by key, for apps not met yet. */
  private readonly details = new Map<string, FrameApp>();
  readonly list: ReportApp[] = [];

  /** The index of a frame's app, adding it when new. */
  intern(app: FrameApp): number {
    const key = keyOf(app);
    let entry = this.byKey.get(key);
    if (!entry && this.byKey.size >= MAX_APPS) {
      this.folded++;
      if (!this.other) {
        this.other = { id: this.list.length, uid: null, package: null, name: OTHER_APPS, source: app.source };
        this.list.push(this.other);
      }
      return this.other.id;
    }
    if (!entry) {
      entry = { id: this.list.length, uid: app.uid ?? null, package: app.package ?? null, name: app.name ?? null, source: app.source };
      if (app.pid != null) entry.pid = app.pid;
      this.byKey.set(key, entry);
      this.list.push(entry);
      const d = this.details.get(key);
      if (d) fill(entry, d);
    } else {
      fill(entry, app);
    }
    return entry.id;
  }

  /** Details the file gives apart from packets: fill the app in; an app no frame names is not listed. */
  describe(app: FrameApp): void {
    const key = keyOf(app);
    const entry = this.byKey.get(key);
    if (entry) fill(entry, app);
    else if (this.details.size < MAX_APPS) this.details.set(key, app);
  }
}

function fill(entry: ReportApp, app: FrameApp): void {
  entry.package ??= app.package ?? null;
  entry.name ??= app.name ?? null;
}

function keyOf(app: FrameApp): string {
  if (app.uid != null) return `${app.source}\u0000uid\u0000${app.uid}`;
  if (app.pid != null) return `${app.source}\u0000pid\u0000${app.pid}\u0000${app.name ?? ''}`;
  return `${app.source}\u0000name\u0000${app.package ?? app.name ?? ''}`;
}
