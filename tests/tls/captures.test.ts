/**
 * Issue 7 end to end: the leak corpus' TLS captures (key log file and pcapng DSB) and the
 * fixtures of other suites / HTTP/2 decrypt to exactly the HTTP requests tshark shows, and every
 * planted identifier is found with encrypted_on_wire true.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LEAKS, TOOLS } from '../corpus';
import { analyzeFile } from '../pipeline';
import type { Report } from '../../src/core/report/types';

const FIX = resolve(fileURLToPath(new URL('.', import.meta.url)), 'fixtures');
const profile = JSON.parse(readFileSync(join(LEAKS, 'profile.json'), 'utf8'));

/** Leak captures that ship key material: capture -> key log file (null: DSB inside). */
const KEYED: Record<string, string | null> = {
  '08-https-dsb.pcapng': null,
  '08-https-dsb-keylog.pcap': '08-https-dsb-keylog.keylog',
  '15-mixed.pcap': '15-mixed.keylog',
};

function analyze(path: string, keylogPath: string | null, withProfile = true): Promise<Report> {
  const keylog = keylogPath ? readFileSync(keylogPath, 'utf8') : undefined;
  return analyzeFile(path, { ...(withProfile ? { profile } : {}), keylog });
}

interface Row {
  frame: number;
  method: string;
  host: string;
  uri: string;
}

/** tshark's requests as recorded by fixtures/record-tshark.sh (first line: the command). */
function tsharkRows(name: string): Row[] {
  return readFileSync(join(FIX, `tshark-${name}.tsv`), 'utf8').split('\n').filter((l) => l && !l.startsWith('#')).map((l) => {
    const [frame, method, host, uri] = l.split('\t');
    return { frame: Number(frame), method, host, uri };
  });
}

const engineRows = (r: Report): Row[] => r.http.map((h) => ({ frame: h.frame, method: h.method, host: h.host ?? '', uri: h.uri }));

describe('leak corpus with keys', () => {
  it('compare-leaks --keys: recall 100%, no decoy, nothing unplanted; all TLS leaks marked encrypted', async () => {
    const truth = mkdtempSync(join(tmpdir(), 'leakscope-tls-truth-'));
    const out = mkdtempSync(join(tmpdir(), 'leakscope-tls-reports-'));
    // 07-https-no-keys ships no key log by design: it is left out of the --keys comparison.
    for (const [capture, keylog] of Object.entries(KEYED)) {
      const stem = capture.split('.')[0];
      copyFileSync(join(LEAKS, 'truth', `${stem}.truth.json`), join(truth, `${stem}.truth.json`));
      const report = await analyze(join(LEAKS, 'captures', capture), keylog && join(LEAKS, 'keys', keylog));
      writeFileSync(join(out, `${capture}.json`), JSON.stringify(report));
      // compare-leaks does not look at the flag: check it here, per planted TLS record.
      const t = JSON.parse(readFileSync(join(truth, `${stem}.truth.json`), 'utf8'));
      const planted = t.planted.filter((x: { encrypted_on_wire: boolean }) => x.encrypted_on_wire);
      expect(planted.length, `${capture}: leaks planted inside TLS`).toBeGreaterThan(0);
      for (const p of planted) {
        const hit = report.findings.find((f) => f.type === p.type && f.encrypted_on_wire && report.flows[f.flow].server.ip === p.dst_ip);
        expect(hit, `${capture}: ${p.type} to ${p.dst_host}`).toBeDefined();
      }
      expect(report.warnings.filter((w) => w.code.startsWith('tls-'))).toEqual([]);
    }
    let output: string;
    let status = 0;
    try {
      output = execFileSync('node', [join(TOOLS, 'compare-leaks.mjs'), truth, out, '--mode', 'profile', '--keys', '--min-recall', '100', '--list'], { encoding: 'utf8' });
    } catch (e) {
      output = (e as { stdout: string }).stdout;
      status = (e as { status: number }).status;
    }
    console.log(output);
    const m = /leaks recall ([\d.]+)%, decoys reported (\d+), findings not planted (\d+)/.exec(output);
    expect(m).not.toBeNull();
    expect([Number(m![1]), Number(m![2]), Number(m![3]), status]).toEqual([100, 0, 0, 0]);
  });

  it('without keys the same captures show no TLS content, as before', async () => {
    for (const capture of ['08-https-dsb-keylog.pcap', '07-https-no-keys.pcap']) {
      const r = await analyze(join(LEAKS, 'captures', capture), null);
      expect(r.findings.filter((f) => f.encrypted_on_wire)).toEqual([]);
      expect(r.http).toEqual([]);
      const tls = r.flows.filter((f) => f.protocol === 'tls');
      expect(tls.length, capture).toBeGreaterThan(0);
      expect(tls.every((f) => f.encrypted)).toBe(true);
    }
  });
});

/** Every capture with a recorded tshark view: [name, capture path, key log path or null]. */
function tsharkCases(): [string, string, string | null][] {
  const cases: [string, string, string | null][] = Object.entries(KEYED).map(([c, k]) => [c.split('.')[0], join(LEAKS, 'captures', c), k && join(LEAKS, 'keys', k)]);
  for (const f of readdirSync(FIX).filter((x) => x.endsWith('.pcap')).sort()) {
    const name = f.slice(0, -5);
    const k = join(FIX, `${name}.keylog`);
    cases.push([name, join(FIX, f), existsSync(k) ? k : null]);
  }
  return cases;
}

/** Requests on TLS flows where it is not all of them: 15-mixed has cleartext HTTP too, h2c none. */
const DECRYPTED_REQUESTS: Record<string, number> = { '15-mixed': 7, 'h2c-prior-knowledge': 0 };

describe('decrypted HTTP requests equal tshark -o tls.keylog_file', () => {
  it.each(tsharkCases())('%s', async (name, capture, keylog) => {
    const r = await analyze(capture, keylog, false);
    const want = tsharkRows(name);
    expect(want.length).toBeGreaterThan(0);
    const got = engineRows(r);
    const text = (rows: Row[]) => rows.map((x) => `${x.method} ${x.host} ${x.uri}`);
    expect(text(got)).toEqual(text(want));
    // Decrypted requests also carry tshark's frame (cleartext HTTP keeps the engine's own rule).
    const decrypted = r.http.flatMap((h, i) => (r.flows[h.flow].protocol === 'tls' ? [[i, h] as const] : []));
    for (const [i, h] of decrypted) expect(got[i].frame, `${h.method} ${h.uri}`).toBe(want[i].frame);
    expect(decrypted.length, 'requests read from decrypted TLS').toBe(DECRYPTED_REQUESTS[name] ?? got.length);
    expect(r.warnings).toEqual([]);
  });
});

describe('fixtures of other suites and HTTP/2', () => {
  const fixtures = readdirSync(FIX).filter((f) => f.endsWith('.pcap') && f.startsWith('tls')).sort();

  it.each(fixtures)('%s: identifiers found only with keys, encrypted_on_wire true', async (f) => {
    const path = join(FIX, f);
    const withKeys = await analyze(path, path.replace(/\.pcap$/, '.keylog'));
    const found = withKeys.findings.map((x) => `${x.type}:${x.value}:${x.encrypted_on_wire}:${x.protocol}`).sort();
    expect(found).toEqual(['imei:862287025963539:true:tls', 'phone:+8618611428769:true:tls']);
    const without = await analyze(path, null);
    expect(without.findings).toEqual([]);
    expect(without.http).toEqual([]);
  });

  it('wrong secrets give warnings, never an exception or content', async () => {
    const path = join(FIX, 'tls13-aes128-gcm-h2.pcap');
    const log = readFileSync(path.replace(/\.pcap$/, '.keylog'), 'utf8').replace(/ ([0-9a-f]{64})$/gm, (_m, s: string) => ' ' + s.replace(/^./, (c) => (c === '0' ? '1' : '0')));
    const r = await analyzeFile(path, { profile, keylog: log });
    expect(r.http).toEqual([]);
    expect(r.findings.filter((f) => f.encrypted_on_wire)).toEqual([]);
    expect(r.warnings.map((w) => w.code)).toContain('tls-decrypt');
  });

  it('a key log without the session: a warning, content stays encrypted', async () => {
    const r = await analyzeFile(join(FIX, 'tls12-ecdhe-aes256-gcm-sha384.pcap'), { profile, keylog: readFileSync(join(FIX, 'tls13-aes128-gcm-h2.keylog'), 'utf8') });
    expect(r.http).toEqual([]);
    expect(r.warnings.map((w) => w.code)).toEqual(['tls-no-keys']);
  });
});
