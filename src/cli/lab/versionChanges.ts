/**
 * Version-to-version changes of each app across a lab, as the app's compare view does for two
 * sessions (src/app/lib/compare.ts) but for every consecutive pair: which identifier kinds went
 * to which hosts newly, and which stopped. Pure, so the rule is tested without a database.
 *
 * Captures are grouped by app package and app version where a report names the version. Where
 * it does not, the version is "version unknown" and every capture is a step of its own, ordered
 * by capture start time: guessing a version from a file name would pass a guess off as a fact.
 * Known versions go in version order when all of an app's are dotted numbers, else by start time.
 */

export const VERSION_UNKNOWN = 'version unknown';

/** One capture in which an app appears, with what the app sent there. */
export interface AppCapture {
  app: string;
  version: string | null;
  capture: number;
  captureName: string;
  /** ISO time, null when the capture has no frames. */
  start: string | null;
  /** Kind × host pairs the app sent, as `sentKey` makes them. */
  sent: Set<string>;
}

export interface VersionStep {
  /** The version, or VERSION_UNKNOWN. */
  label: string;
  captures: { capture: number; name: string; start: string | null }[];
  sent: Set<string>;
}

export interface VersionChange {
  app: string;
  from: VersionStep;
  to: VersionStep;
  /** Kind × host pairs sent in `to`, not in `from`, sorted. */
  added: { type: string; host: string | null }[];
  /** Sent in `from`, no longer in `to`, sorted. */
  removed: { type: string; host: string | null }[];
}

/** A kind × host pair as one string (a host may be null: sent where no name was seen). */
export const sentKey = (type: string, host: string | null): string => `${type}\u0000${host ?? ''}`;

function unkey(k: string): { type: string; host: string | null } {
  const [type, host] = k.split('\u0000');
  return { type, host: host || null };
}

/** Earliest start first; captures without a time last, then by name for a stable order. */
function byStart(a: { start: string | null; name: string }, b: { start: string | null; name: string }): number {
  if (a.start !== b.start) {
    if (a.start === null) return 1;
    if (b.start === null) return -1;
    return Date.parse(a.start) - Date.parse(b.start) || (a.start < b.start ? -1 : 1);
  }
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** A version such as 2, 1.10 or 3.0.1 (an optional leading v). */
const DOTTED = /^v?\d{1,9}(\.\d{1,9})*$/;

/** 1.9 before 1.10; 1.0 and 1.0.0 equal. */
function compareDotted(a: string, b: string): number {
  const pa = a.replace(/^v/, '').split('.').map(Number);
  const pb = b.replace(/^v/, '').split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d) return d;
  }
  return 0;
}

/** Per app, its steps in order: one per known version (captures merged), one per capture of unknown version. */
export function versionSteps(rows: AppCapture[]): Map<string, VersionStep[]> {
  const byApp = new Map<string, Map<string, VersionStep>>();
  for (const r of rows) {
    const steps = byApp.get(r.app) ?? new Map<string, VersionStep>();
    byApp.set(r.app, steps);
    const key = r.version === null ? `capture:${r.capture}` : `version:${r.version}`;
    const step = steps.get(key) ?? { label: r.version ?? VERSION_UNKNOWN, captures: [], sent: new Set<string>() };
    steps.set(key, step);
    step.captures.push({ capture: r.capture, name: r.captureName, start: r.start });
    for (const s of r.sent) step.sent.add(s);
  }
  const out = new Map<string, VersionStep[]>();
  for (const app of [...byApp.keys()].sort()) {
    const steps = [...byApp.get(app)!.values()];
    for (const s of steps) s.captures.sort(byStart);
    // Versions that are all dotted numbers go in version order (a lab re-testing 1.2 after 2.0
    // still compares 1.2 → 2.0); otherwise a version sits where its first capture does.
    const numeric = steps.every((s) => DOTTED.test(s.label));
    steps.sort((a, b) => (numeric ? compareDotted(a.label, b.label) : 0) || byStart(a.captures[0], b.captures[0]) || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
    out.set(app, steps);
  }
  return out;
}

/** The changes between each app's consecutive steps. */
export function versionChanges(rows: AppCapture[]): VersionChange[] {
  const changes: VersionChange[] = [];
  for (const [app, steps] of versionSteps(rows)) {
    for (let i = 1; i < steps.length; i++) {
      const from = steps[i - 1];
      const to = steps[i];
      const added = [...to.sent].filter((k) => !from.sent.has(k)).sort().map(unkey);
      const removed = [...from.sent].filter((k) => !to.sent.has(k)).sort().map(unkey);
      changes.push({ app, from, to, added, removed });
    }
  }
  return changes;
}

/** How a step is named in the summary: its version, or for an unknown one the capture and its start. */
export function stepName(s: VersionStep): string {
  if (s.label !== VERSION_UNKNOWN) return s.label;
  const c = s.captures[0];
  return `${VERSION_UNKNOWN} (${c.name}, ${c.start ?? 'no start time'})`;
}
