/**
 * `leakscope db` (issue 16) on the shared corpus: reports made by the CLI (leaks and formats
 * with their profiles, wild without), loaded into one DuckDB file whose counts must equal the
 * reports', then the summary (HTML, CSVs with formula neutralising) and the Parquet export read
 * back. Two crafted reports carry what no corpus format has: an app version, and hostile host
 * and app names.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { CORPUS, REPO_ROOT as root } from '../corpus';
import { parseCsv } from '../csv';

const scanCli = join(root, 'build/cli/scan.mjs');
const dbCli = join(root, 'build/cli/db.mjs');
const work = mkdtempSync(join(tmpdir(), 'leakscope-db-'));
const results = { leaks: join(work, 'leaks'), formats: join(work, 'formats'), wild: join(work, 'wild'), crafted: join(work, 'crafted'), session: join(work, 'session') };
const lab = join(work, 'lab.duckdb');
const HOSTILE_HOST = "-1+1+cmd|' /C calc'!A0";
const HOSTILE_NAME = '<script>alert(1)</script>';

function run(cli: string, args: string[]) {
  return spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
}

interface Rep {
  capture: { name: string };
  apps?: { id: number; package: string | null }[];
  flows: unknown[];
  flows_folded?: { count: number };
  hosts?: unknown[];
  findings: { type: string; app?: number | null }[];
}

/** The reports of a folder by file name (report files only). */
function reportsOf(dir: string): Map<string, Rep> {
  const out = new Map<string, Rep>();
  for (const f of readdirSync(dir).sort()) {
    const j = JSON.parse(readFileSync(join(dir, f), 'utf8')) as Rep & { format?: string };
    if (j.format === 'capture-report') out.set(f, j);
  }
  return out;
}

/** A small report by hand: one app at `version`, findings of `kinds` (type@host) at `start`. */
function crafted(name: string, version: string, start: string, kinds: [string, string][]): unknown {
  const flow = (id: number, host: string) => ({
    id, transport: 'tcp', client: { ip: '10.0.0.2', port: 40000 + id }, server: { ip: '93.184.216.34', port: 80 }, app: 0,
    protocol: 'http', encrypted: false, decrypted: false, host, country: 'US', packets: 2, bytes: 100, first_frame: 1,
    last_frame: 2, start, end: start, upload_bytes: 60, download_bytes: 40,
  });
  const hosts = [...new Set(kinds.map(([, h]) => h))];
  return {
    format: 'capture-report', version: 2,
    capture: { name, bytes: 1, sha256: '0'.repeat(64), format: 'pcap', linktypes: ['ether'], frames: 2, start, end: start },
    warnings: [], device: { ips: ['10.0.0.2'], macs: [], name: null, hardware: null, os: null, how: 'test' },
    apps: [{ id: 0, uid: null, package: 'com.crafted.app', name: HOSTILE_NAME, source: 'test', version }],
    flows: hosts.map((h, i) => flow(i, h)), dns: [], http: [], tls: [],
    findings: kinds.map(([type, host]) => ({
      type, value: type === 'imei' ? '490154203237518' : 'a@example.com', encoding: 'plain', source: 'profile',
      flow: hosts.indexOf(host), protocol: 'http', direction: 'upload', encrypted_on_wire: false, host, country: 'US', frame: 1,
      context: `${type}=…`, app: 0,
    })),
    hosts: hosts.map((h) => ({ name: h, ip: '93.184.216.34', country: 'US', tracker: null, flows: 1, bytes: 100, findings: 1 })),
  };
}

let db: DuckDBConnection;
let instance: DuckDBInstance;
const all = new Map<string, Rep>();

async function q(sql: string): Promise<Record<string, unknown>[]> {
  return (await db.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
}

beforeAll(async () => {
  execFileSync('npm', ['run', '-s', 'build:cli'], { cwd: root });
  const caps = (d: string) => readdirSync(join(CORPUS, d, 'captures')).sort().map((f) => join(CORPUS, d, 'captures', f));
  for (const d of ['leaks', 'formats'] as const) {
    expect(run(scanCli, ['--jobs', '1', '--profile', join(CORPUS, d, 'profile.json'), '--out', results[d], ...caps(d)]).status).toBe(0);
  }
  expect(run(scanCli, ['--jobs', '1', '--out', results.wild, ...caps('wild')]).status).toBe(0);
  const formats = join(CORPUS, 'formats/captures');
  expect(run(scanCli, ['--session', '--out', results.session, join(formats, 'pcapdroid-03-dsb.pcapng'), join(formats, 'har-01-tracker.har')]).status).toBe(0);
  mkdirSync(results.crafted);
  // v2's file name sorts first: the order must come from the versions' start times.
  writeFileSync(join(results.crafted, 'a-v2.json'), JSON.stringify(crafted('crafted-v2.pcap', '2.0', '2026-02-01T00:00:00.000Z', [['email', HOSTILE_HOST], ['imei', 'good.example']])));
  writeFileSync(join(results.crafted, 'b-v1.json'), JSON.stringify(crafted('crafted-v1.pcap', '1.0', '2026-01-01T00:00:00.000Z', [['imei', HOSTILE_HOST]])));
  writeFileSync(join(results.crafted, 'not-a-report.json'), '{"hello": "world"}');
  // Repeats a flow id: skipped whole, rather than aborting the load on the flows' key.
  const twice = crafted('crafted-dup.pcap', '3.0', '2026-03-01T00:00:00.000Z', [['imei', 'x.example']]) as { flows: unknown[] };
  twice.flows.push(twice.flows[0]);
  writeFileSync(join(results.crafted, 'dup-flow.json'), JSON.stringify(twice));
  for (const d of Object.values(results)) for (const [f, r] of reportsOf(d)) all.set(f, r);
  const b = run(dbCli, ['build', ...Object.values(results), '--out', lab]);
  expect(b.status).toBe(0);
  expect(b.stderr).toContain('skipped');
  expect(b.stderr).toContain('not-a-report.json');
  expect(b.stderr).toMatch(/dup-flow\.json: flow id 0 given twice/);
  all.delete('dup-flow.json');
  instance = await DuckDBInstance.create(lab, { access_mode: 'READ_ONLY' });
  db = await instance.connect();
}, 240_000);

afterAll(() => {
  db?.closeSync();
  instance?.closeSync();
});

describe('leakscope db build', () => {
  it('holds every report: captures, and per capture its findings, apps, flows and hosts', async () => {
    expect(all.size).toBe(19 + 17 + 60 + 2 + 1);
    expect(await q('SELECT count(*)::INTEGER AS n FROM captures')).toEqual([{ n: all.size }]);
    const per = new Map((await q(`
      SELECT c.report_file, c.finding_count, c.flow_count, c.flows_folded,
        (SELECT count(*) FROM findings f WHERE f.capture = c.capture)::INTEGER AS findings,
        (SELECT count(*) FROM flows f WHERE f.capture = c.capture)::INTEGER AS flows,
        (SELECT count(*) FROM apps a WHERE a.capture = c.capture)::INTEGER AS apps,
        (SELECT count(*) FROM hosts h WHERE h.capture = c.capture)::INTEGER AS hosts
      FROM captures c`)).map((r) => [r.report_file as string, r]));
    for (const [file, r] of all) {
      expect(per.get(file), file).toEqual({
        report_file: file, finding_count: r.findings.length, flow_count: r.flows.length, flows_folded: r.flows_folded?.count ?? 0,
        findings: r.findings.length, flows: r.flows.length, apps: (r.apps ?? []).length, hosts: (r.hosts ?? []).length,
      });
    }
  });

  it('findings per type across the lab equal the reports', async () => {
    const want: Record<string, number> = {};
    for (const r of all.values()) for (const f of r.findings) want[f.type] = (want[f.type] ?? 0) + 1;
    const got = Object.fromEntries((await q('SELECT type, count(*)::INTEGER AS n FROM findings GROUP BY type')).map((r) => [r.type, r.n]));
    expect(got).toEqual(want);
    expect(Object.values(want).reduce((a, b) => a + b, 0)).toBeGreaterThan(200);
  });

  it('names the app of a finding, the recording tool and the device', async () => {
    const imei = await q(`SELECT DISTINCT app_package, app_name FROM findings JOIN captures USING (capture)
                          WHERE captures.name = 'pktap-01-rvi0.pcap' AND type = 'imei'`);
    expect(imei).toEqual([{ app_package: 'com.adsdk.demo', app_name: 'AdDemo' }]);
    const [c] = await q(`SELECT application, device_os, device_hardware, device_ips, frames::INTEGER AS frames, format,
                         strftime(start_time AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S') AS start
                         FROM captures WHERE name = 'pcapdroid-03-dsb.pcapng'`);
    expect(c).toEqual({
      application: 'PCAPdroid v1.9.1', device_os: 'Android 4.4.2 (SDK 19)', device_hardware: 'HM 1S', device_ips: ['192.168.31.105'],
      frames: 68, format: 'pcapng', start: '2026-03-14T01:30:01',
    });
    expect(await q(`SELECT version FROM apps JOIN captures USING (capture) WHERE captures.name = 'crafted-v1.pcap'`)).toEqual([{ version: '1.0' }]);
    // A session of two files: one capture naming both.
    expect(await q(`SELECT files FROM captures WHERE len(files) > 0`)).toEqual([{ files: ['pcapdroid-03-dsb.pcapng', 'har-01-tracker.har'] }]);
    expect(await q('SELECT version::INTEGER AS version, reports::INTEGER AS reports FROM schema_version')).toEqual([{ version: 1, reports: all.size }]);
  });

  it('rebuilding over an existing file replaces it', async () => {
    const again = join(work, 'again.duckdb');
    expect(run(dbCli, ['build', ...Object.values(results), '--out', again]).status).toBe(0);
    const r = run(dbCli, ['build', results.formats, '--out', again]);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('17 reports');
    const i = await DuckDBInstance.create(again, { access_mode: 'READ_ONLY' });
    const c = await i.connect();
    expect((await c.runAndReadAll('SELECT count(*)::INTEGER AS n FROM captures')).getRowObjectsJson()).toEqual([{ n: 17 }]);
    c.closeSync();
    i.closeSync();
  });
});

describe('leakscope db summary', () => {
  const out = join(work, 'summary');
  const csv = (name: string) => parseCsv(readFileSync(join(out, name), 'utf8'));
  const byCol = (rows: string[][]) => rows.slice(1).map((r) => Object.fromEntries(rows[0].map((c, i) => [c, r[i]])));

  beforeAll(() => {
    expect(run(dbCli, ['summary', lab, '--out', out]).status).toBe(0);
  });

  it('writes a self-contained, escaped summary.html with the lab totals', () => {
    const html = readFileSync(join(out, 'summary.html'), 'utf8');
    let findings = 0;
    for (const r of all.values()) findings += r.findings.length;
    expect(html).toContain(`<span id="captures">${all.size}</span>`);
    expect(html).toContain(`<span id="findings">${findings}</span>`);
    expect(html).not.toMatch(/<script|\bsrc=|\bhref=|@import|url\(/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('per app: identifiers sent, clear vs encrypted, as the reports count them', () => {
    let n = 0;
    for (const r of all.values()) for (const f of r.findings) if (r.apps?.find((a) => a.id === f.app)?.package === 'com.adsdk.demo') n++;
    const row = byCol(csv('per_app.csv')).find((r) => r.app === 'com.adsdk.demo')!;
    expect(Number(row.findings)).toBe(n);
    expect(Number(row.clear) + Number(row.encrypted)).toBe(n);
    expect(row.identifier_kinds).toContain('imei');
  });

  it('per SDK host with its tracker company; a hostile host is neutralised in the CSV', () => {
    const rows = csv('per_host.csv');
    const hostile = rows.find((r) => r[0].includes('cmd|'))!;
    expect(hostile[0]).toBe(`'${HOSTILE_HOST}`);
    const raw = readFileSync(join(out, 'per_host.csv'), 'utf8');
    expect(raw).not.toMatch(/(^|,)"-1\+1/m);
    const fb = byCol(rows).find((r) => r.host === 'www.facebook.com');
    expect(fb?.tracker_company).toBe('Meta');
  });

  it('version-to-version changes: known versions in start order, unknown ones said so', () => {
    const changes = byCol(csv('version_changes.csv')).filter((r) => r.app === 'com.crafted.app');
    expect(changes.map((r) => [r.from, r.to, r.change, r.type, r.host])).toEqual([
      ['1.0', '2.0', 'new', 'email', `'${HOSTILE_HOST}`],
      ['1.0', '2.0', 'new', 'imei', 'good.example'],
      ['1.0', '2.0', 'fixed', 'imei', `'${HOSTILE_HOST}`],
    ]);
    const steps = byCol(csv('app_versions.csv')).filter((r) => r.app === 'com.adsdk.demo');
    // The six captures with its traffic (five formats captures and the session), none naming a version.
    expect(steps.map((s) => s.captures)).toEqual(['pcapdroid-02-trailer.pcap', 'pcapdroid-03-dsb.pcapng', 'pcapdroid-03-dsb.pcapng + har-01-tracker.har', 'pcapdroid-04-root.pcapng', 'pktap-01-rvi0.pcap', 'pktap-02-wifi-cell.pcap']);
    expect(steps.every((s) => s.version === 'version unknown' && s.name.startsWith('version unknown ('))).toBe(true);
  });
});

describe('leakscope db export --parquet', () => {
  it('writes every table, read back by DuckDB with the same counts', async () => {
    const dir = join(work, 'parquet');
    expect(run(dbCli, ['export', lab, '--parquet', dir]).status).toBe(0);
    for (const t of ['captures', 'apps', 'flows', 'hosts', 'findings', 'schema_version']) {
      const file = join(dir, `${t}.parquet`);
      expect(existsSync(file), t).toBe(true);
      const [a] = await q(`SELECT count(*)::INTEGER AS n FROM ${t}`);
      const [b] = await q(`SELECT count(*)::INTEGER AS n FROM read_parquet('${file.replace(/'/g, "''")}')`);
      expect(b, t).toEqual(a);
    }
    const [imei] = await q(`SELECT count(*)::INTEGER AS n FROM read_parquet('${join(dir, 'findings.parquet')}') WHERE type = 'imei'`);
    const [want] = await q(`SELECT count(*)::INTEGER AS n FROM findings WHERE type = 'imei'`);
    expect(imei).toEqual(want);
  });
});

describe('--help', () => {
  it('on db and each subcommand, also through the leakscope command', () => {
    for (const sub of ['build', 'summary', 'export']) {
      const r = run(dbCli, [sub, '--help']);
      expect(r.status, sub).toBe(0);
      expect(r.stdout).toContain(`usage: leakscope db ${sub}`);
    }
    const r = run(join(root, 'scripts/leakscope.mjs'), ['db', '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('leakscope db build RESULTS');
    expect(run(join(root, 'scripts/leakscope.mjs'), ['--help']).stdout).toContain('db build RESULTS');
  });
});
