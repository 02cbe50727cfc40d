/**
 * The CLI as issue 3 states its checks: `npm run scan -- --profile … --out R captures/*`, then
 * compare-leaks on R. Runs the esbuild bundle (node's zlib stands in for the brotli package
 * there), in one process and with worker threads, which must write the same reports.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { LEAKS, REPO_ROOT as root, TOOLS } from '../corpus';
import { writeBigCapture } from '../bench/bigCapture';

const cli = join(root, 'build/cli/scan.mjs');
const profile = join(LEAKS, 'profile.json');
const captures = readdirSync(join(LEAKS, 'captures')).sort().map((f) => join(LEAKS, 'captures', f));

function scan(args: string[]) {
  return spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
}

/** Reports of a directory with the run-dependent fields (timings) left out. */
function reports(dir: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of readdirSync(dir).sort()) {
    const r = JSON.parse(readFileSync(join(dir, f), 'utf8')) as Record<string, unknown>;
    delete r.generated_at;
    delete r.analysis;
    out[f] = r;
  }
  return out;
}

beforeAll(() => {
  execFileSync('npm', ['run', '-s', 'build:cli'], { cwd: root });
}, 60_000);

describe('npm run scan', () => {
  it('with the profile: compare-leaks --mode profile, recall 100 %, no decoy, nothing unplanted; --jobs 2 writes the same reports', () => {
    const one = mkdtempSync(join(tmpdir(), 'leakscope-cli-1-'));
    const two = mkdtempSync(join(tmpdir(), 'leakscope-cli-2-'));
    const r1 = scan(['--jobs', '1', '--profile', profile, '--out', one, ...captures]);
    expect(r1.stderr).toBe('');
    expect(r1.status).toBe(0);
    expect(readdirSync(one)).toHaveLength(captures.length);
    const cmp = execFileSync('node', [join(TOOLS, 'compare-leaks.mjs'), join(LEAKS, 'truth'), one, '--mode', 'profile', '--min-recall', '100'], { encoding: 'utf8' });
    const m = /leaks recall ([\d.]+)%, decoys reported (\d+), findings not planted (\d+)/.exec(cmp);
    expect(m?.slice(1).map(Number)).toEqual([100, 0, 0]);

    expect(scan(['--jobs', '2', '--profile', profile, '--out', two, ...captures]).status).toBe(0);
    expect(reports(two)).toEqual(reports(one));
  }, 120_000);

  it('refuses to scan without its scanner (a report without findings would read as "no leaks")', () => {
    const out = mkdtempSync(join(tmpdir(), 'leakscope-cli-noscanner-'));
    const r = spawnSync(process.execPath, [cli, '--out', out, join(LEAKS, 'captures/01-cloud-messaging.pcap')], {
      encoding: 'utf8', env: { ...process.env, LEAKSCOPE_SCANNER: join(out, 'missing.wasm') },
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/the scanner is not built, so nothing would be found: run `npm run build:wasm`/);
    expect(readdirSync(out)).toEqual([]);
  });

  it('leakscope scan (the bin) runs the same CLI and says what it is', () => {
    const bin = join(root, 'scripts/leakscope.mjs');
    const help = spawnSync(process.execPath, [bin, '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^usage: leakscope <command>/);
    expect(spawnSync(process.execPath, [bin, 'nonsense'], { encoding: 'utf8' }).status).toBe(2);
    const r = spawnSync(process.execPath, [bin, 'scan', join(LEAKS, 'captures/01-cloud-messaging.pcap')], { encoding: 'utf8', maxBuffer: 64 << 20 });
    expect(r.status).toBe(0);
    expect((JSON.parse(r.stdout) as { findings: { type: string }[] }).findings.some((f) => f.type === 'imei')).toBe(true);
  });

  it('one capture without --out: the report on stdout', () => {
    const r = scan([join(LEAKS, 'captures/01-cloud-messaging.pcap')]);
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout) as { capture: { name: string }; findings: { type: string }[]; hosts?: unknown };
    expect(report.capture.name).toBe('01-cloud-messaging.pcap');
    expect(report.findings.some((f) => f.type === 'imei')).toBe(true);
  });

  it('unreadable input: one line on stderr each, exit 1 when any could not be read', () => {
    const missing = scan(['/nonexistent/x.pcap']);
    expect(missing.status).toBe(1);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toMatch(/^leakscope: \/nonexistent\/x\.pcap: /);
    const mixed = scan(['--out', mkdtempSync(join(tmpdir(), 'leakscope-cli-3-')), profile, captures[0]]);
    expect(mixed.status).toBe(1); // the capture was read, the "profile" (a JSON file) was not
    expect(mixed.stderr.trim().split('\n')).toHaveLength(2);
    expect(mixed.stderr).toContain('profile.json');
    expect(mixed.stderr).toContain('1 of 2 captures could not be read');
  });

  it('code cache: written by the first run that reads a capture, kept by a rebuild, same report from it; a damaged cache is replaced, not fatal', () => {
    const cacheDir = join(root, 'build/cli/cache');
    rmSync(cacheDir, { recursive: true, force: true });
    const capture = join(LEAKS, 'captures/01-cloud-messaging.pcap');
    const cold = scan(['--profile', profile, capture]);
    expect(cold.status).toBe(0);
    const files = readdirSync(cacheDir).filter((f) => f.startsWith('scan-'));
    expect(files).toHaveLength(1);
    const written = readFileSync(join(cacheDir, files[0]));
    expect(written.length).toBeGreaterThan(100_000); // covers the analysis, not just start-up
    const strip = (out: string) => {
      const r = JSON.parse(out) as Record<string, unknown>;
      delete r.generated_at;
      delete r.analysis;
      return r;
    };
    // An unchanged rebuild (leakscope rebuilds when sources changed) must keep the cache.
    execFileSync('npm', ['run', '-s', 'build:cli'], { cwd: root });
    expect(readdirSync(cacheDir)).toEqual(files);
    const warm = scan(['--profile', profile, capture]);
    expect(warm.stderr).toBe('');
    expect(strip(warm.stdout)).toEqual(strip(cold.stdout));
    // The same length as the real cache, other bytes: V8 must reject it and the run rewrite it.
    writeFileSync(join(cacheDir, files[0]), Buffer.alloc(written.length, 7));
    const damaged = scan(['--profile', profile, capture]);
    expect(damaged.stderr).toBe('');
    expect(strip(damaged.stdout)).toEqual(strip(cold.stdout));
    const rewritten = readFileSync(join(cacheDir, files[0]));
    expect(rewritten.subarray(0, 4)).toEqual(written.subarray(0, 4)); // V8's magic number again
    expect(rewritten.length).toBeGreaterThan(100_000);
  });

  it('with key logs (node\'s AES in the bundle): compare-leaks --keys on the keyed captures, recall 100 %, no decoy, nothing unplanted', () => {
    const keyed: Record<string, string | null> = {
      '08-https-dsb.pcapng': null, // its secrets travel in the capture (DSB)
      '08-https-dsb-keylog.pcap': '08-https-dsb-keylog.keylog',
      '15-mixed.pcap': '15-mixed.keylog',
    };
    const truth = mkdtempSync(join(tmpdir(), 'leakscope-cli-keys-truth-'));
    const out = mkdtempSync(join(tmpdir(), 'leakscope-cli-keys-'));
    for (const [capture, keylog] of Object.entries(keyed)) {
      const stem = capture.split('.')[0];
      copyFileSync(join(LEAKS, 'truth', `${stem}.truth.json`), join(truth, `${stem}.truth.json`));
      const dir = join(out, stem);
      mkdirSync(dir);
      const r = scan(['--profile', profile, ...(keylog ? ['--keylog', join(LEAKS, 'keys', keylog)] : []), '--out', dir, join(LEAKS, 'captures', capture)]);
      expect(r.status).toBe(0);
      copyFileSync(join(dir, `${capture}.json`), join(out, `${capture}.json`));
    }
    let output: string;
    try {
      output = execFileSync('node', [join(TOOLS, 'compare-leaks.mjs'), truth, out, '--mode', 'profile', '--keys', '--min-recall', '100'], { encoding: 'utf8' });
    } catch (e) {
      output = (e as { stdout: string }).stdout;
    }
    const m = /leaks recall ([\d.]+)%, decoys reported (\d+), findings not planted (\d+)/.exec(output);
    expect(m?.slice(1).map(Number)).toEqual([100, 0, 0]);
  }, 60_000);

  it('a capture of 48 MB or more: scanned on a scan thread (launcher + code cache there too), same findings as --jobs 1', () => {
    const dir = mkdtempSync(join(tmpdir(), 'leakscope-cli-big-'));
    try {
      const big = join(dir, 'big.pcap');
      // 64 MiB of 15-mixed holds ~38 MB of scan inputs over 2 KiB (50 MiB: 30.2 MB), past the
      // 32 MiB the CLI scans inline before it starts a scan thread (src/cli/scanPool.ts).
      writeBigCapture(join(LEAKS, 'captures/15-mixed.pcap'), big, 64 << 20);
      const cacheDir = join(root, 'build/cli/cache');
      for (const f of existsSync(cacheDir) ? readdirSync(cacheDir) : []) if (f.startsWith('scanWorker-')) rmSync(join(cacheDir, f));
      const threaded = scan(['--jobs', '2', '--profile', profile, big]);
      const inline = scan(['--jobs', '1', '--profile', profile, big]);
      expect(threaded.stderr).toBe('');
      expect(threaded.status).toBe(0);
      const a = JSON.parse(threaded.stdout) as { findings: unknown[]; warnings: { code: string }[] };
      const b = JSON.parse(inline.stdout) as { findings: unknown[] };
      expect(a.findings.length).toBeGreaterThan(100);
      expect(a.findings).toEqual(b.findings);
      expect(a.warnings.filter((w) => w.code === 'scan-incomplete')).toEqual([]);
      expect(readdirSync(join(root, 'build/cli/cache')).some((f) => f.startsWith('scanWorker-'))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
