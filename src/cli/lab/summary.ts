/**
 * `leakscope db summary`: what a whole lab sent, per app and per SDK host, and how each app's
 * leaks changed from version to version (versionChanges.ts), as CSV files and one
 * self-contained HTML page (summaryHtml.ts). Read-only on the database.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { csvCell } from '../../app/lib/exports';
import { SCHEMA_VERSION } from './tables';
import { sentKey, stepName, versionChanges, versionSteps, type AppCapture } from './versionChanges';
import { summaryHtml } from './summaryHtml';
import { CSV_COLUMNS } from './summaryColumns';

export type SummaryRow = Record<string, string | number | boolean | null>;

export interface LabSummary {
  totals: { captures: number; findings: number; clear: number; encrypted: number; apps: number; hosts: number };
  perApp: SummaryRow[];
  perHost: SummaryRow[];
  steps: SummaryRow[];
  changes: SummaryRow[];
}

/** Sorted distinct non-null values of a column, joined: one readable cell. */
const joined = (col: string) => `array_to_string(list_sort(list_distinct(list(${col}))), '; ')`;
/** The app a finding or flow belongs to: its package, else the name its source gave. */
const APP_KEY = 'coalesce(app_package, app_name)';
const NO_APP = '(no app named)';

async function rows(db: DuckDBConnection, sql: string): Promise<SummaryRow[]> {
  return (await db.runAndReadAll(sql)).getRowObjectsJson() as SummaryRow[];
}

const PER_APP = `
WITH f AS (SELECT coalesce(${APP_KEY}, '${NO_APP}') AS app, * FROM findings),
sent AS (
  SELECT app, ${joined('app_name')} AS app_names, count(DISTINCT capture)::INTEGER AS captures_sending, count(*)::INTEGER AS findings,
         ${joined('type')} AS identifier_kinds, count(DISTINCT (type, value))::INTEGER AS distinct_values,
         (count(*) FILTER (WHERE NOT encrypted_on_wire))::INTEGER AS clear,
         (count(*) FILTER (WHERE encrypted_on_wire))::INTEGER AS encrypted,
         count(DISTINCT host)::INTEGER AS hosts, ${joined('country')} AS countries,
         ${joined('coalesce(tracker_company, tracker_name)')} AS trackers
  FROM f GROUP BY app),
seen AS (
  SELECT coalesce(a.package, a.name) AS app, count(DISTINCT a.capture)::INTEGER AS captures
  FROM apps a WHERE coalesce(a.package, a.name) IS NOT NULL GROUP BY 1)
SELECT coalesce(sent.app, seen.app) AS app, coalesce(sent.app_names, '') AS app_names, coalesce(seen.captures, 0) AS captures,
       coalesce(sent.captures_sending, 0) AS captures_sending, coalesce(sent.findings, 0) AS findings,
       coalesce(sent.identifier_kinds, '') AS identifier_kinds, coalesce(sent.distinct_values, 0) AS distinct_values,
       coalesce(sent.clear, 0) AS clear, coalesce(sent.encrypted, 0) AS encrypted, coalesce(sent.hosts, 0) AS hosts,
       coalesce(sent.countries, '') AS countries, coalesce(sent.trackers, '') AS trackers
FROM sent FULL JOIN seen ON sent.app = seen.app
ORDER BY findings DESC, app`;

const PER_HOST = `
SELECT coalesce(host, '(no host name)') AS host, tracker_company, tracker_name, tracker_category,
       count(DISTINCT capture)::INTEGER AS captures, ${joined(APP_KEY)} AS apps, count(*)::INTEGER AS findings,
       ${joined('type')} AS identifier_kinds, (count(*) FILTER (WHERE NOT encrypted_on_wire))::INTEGER AS clear,
       (count(*) FILTER (WHERE encrypted_on_wire))::INTEGER AS encrypted, ${joined('country')} AS countries
FROM findings GROUP BY host, tracker_company, tracker_name, tracker_category
ORDER BY findings DESC, host`;

/** Each app's captures where it had traffic (an App Privacy Report lists apps without any). */
const APP_CAPTURES = `
SELECT DISTINCT coalesce(a.package, a.name) AS app, a.version, c.capture, c.name AS capture_name,
       epoch_ms(c.start_time) AS start_ms
FROM apps a JOIN captures c USING (capture)
WHERE coalesce(a.package, a.name) IS NOT NULL
  AND EXISTS (SELECT 1 FROM flows f WHERE f.capture = a.capture AND f.app = a.id)`;

const APP_SENT = `SELECT DISTINCT capture, ${APP_KEY} AS app, type, host FROM findings WHERE ${APP_KEY} IS NOT NULL`;

async function appCaptures(db: DuckDBConnection): Promise<AppCapture[]> {
  const sent = new Map<string, Set<string>>();
  for (const r of await rows(db, APP_SENT)) {
    const k = `${r.capture}\u0000${r.app}`;
    const s = sent.get(k) ?? new Set<string>();
    sent.set(k, s);
    s.add(sentKey(String(r.type), r.host === null ? null : String(r.host)));
  }
  const byKey = new Map<string, AppCapture>();
  for (const r of await rows(db, APP_CAPTURES)) {
    const k = `${r.capture}\u0000${r.app}`;
    const prev = byKey.get(k);
    // The same package twice in one capture (two sources): a version either names wins.
    if (prev) {
      prev.version ??= r.version === null ? null : String(r.version);
      continue;
    }
    byKey.set(k, {
      app: String(r.app), version: r.version === null ? null : String(r.version), capture: Number(r.capture),
      captureName: String(r.capture_name), start: r.start_ms === null ? null : new Date(Number(r.start_ms)).toISOString(),
      sent: sent.get(k) ?? new Set<string>(),
    });
  }
  return [...byKey.values()];
}

export async function labSummary(db: DuckDBConnection): Promise<LabSummary> {
  const [t] = await rows(db, `
    SELECT (SELECT count(*) FROM captures)::INTEGER AS captures, count(*)::INTEGER AS findings,
           (count(*) FILTER (WHERE NOT encrypted_on_wire))::INTEGER AS clear, (count(*) FILTER (WHERE encrypted_on_wire))::INTEGER AS encrypted,
           (SELECT count(DISTINCT coalesce(package, name)) FROM apps)::INTEGER AS apps,
           count(DISTINCT host)::INTEGER AS hosts
    FROM findings`);
  const ac = await appCaptures(db);
  const steps: SummaryRow[] = [];
  for (const [app, list] of versionSteps(ac)) {
    list.forEach((s, i) => steps.push({
      app, step: i + 1, version: s.label, name: stepName(s), captures: s.captures.map((c) => c.name).join('; '),
      first_start: s.captures[0].start, kinds_x_hosts: s.sent.size,
    }));
  }
  const changes: SummaryRow[] = [];
  for (const c of versionChanges(ac)) {
    for (const [change, list] of [['new', c.added], ['fixed', c.removed]] as const) {
      for (const x of list) changes.push({ app: c.app, from: stepName(c.from), to: stepName(c.to), change, type: x.type, host: x.host });
    }
  }
  return {
    totals: t as LabSummary['totals'],
    perApp: await rows(db, PER_APP),
    perHost: await rows(db, PER_HOST),
    steps,
    changes,
  };
}

/** RFC 4180 with the app's formula neutralising (csvCell), header from the first row's keys or `columns`. */
export function toCsv(list: SummaryRow[], columns: string[]): string {
  const lines = [columns.map(csvCell).join(',')];
  for (const r of list) lines.push(columns.map((c) => csvCell(r[c])).join(','));
  return lines.join('\r\n') + '\r\n';
}


/** Writes summary.html and the CSVs into `outDir`; returns the summary and the files written. */
export async function writeSummary(dbFile: string, outDir: string): Promise<{ summary: LabSummary; files: string[] }> {
  const instance = await DuckDBInstance.create(dbFile, { access_mode: 'READ_ONLY' });
  const db = await instance.connect();
  let summary: LabSummary;
  try {
    const [v] = await rows(db, 'SELECT max(version) AS version FROM schema_version');
    if (Number(v?.version) !== SCHEMA_VERSION) throw new Error(`${dbFile} has schema version ${v?.version}, this build reads ${SCHEMA_VERSION}: rebuild it with leakscope db build`);
    summary = await labSummary(db);
  } finally {
    db.closeSync();
    instance.closeSync();
  }
  mkdirSync(outDir, { recursive: true });
  const files: string[] = [];
  const write = (name: string, text: string) => {
    writeFileSync(join(outDir, name), text);
    files.push(join(outDir, name));
  };
  write('per_app.csv', toCsv(summary.perApp, [...CSV_COLUMNS['per_app.csv']]));
  write('per_host.csv', toCsv(summary.perHost, [...CSV_COLUMNS['per_host.csv']]));
  write('app_versions.csv', toCsv(summary.steps, [...CSV_COLUMNS['app_versions.csv']]));
  write('version_changes.csv', toCsv(summary.changes, [...CSV_COLUMNS['version_changes.csv']]));
  write('summary.html', summaryHtml(summary));
  return { summary, files };
}
