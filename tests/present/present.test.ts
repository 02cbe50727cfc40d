/** src/present: the report-to-words code shared by the app and the widget. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Finding, Report } from '../../src/core/report/types';
import { formatBytes, joinAnd, plural } from '../../src/present/format';
import { hostsOf } from '../../src/present/hosts';
import { severity, typeInfo } from '../../src/present/identifiers';
import { level, LEVEL_WORDS, verdictOf } from '../../src/present/verdict';

const root = join(import.meta.dirname, '../..');
const sources = (dir: string) =>
  readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(ts|svelte)$/.test(f))
    .map((f) => ({ file: `${dir}/${f}`, text: readFileSync(join(root, dir, f), 'utf8') }));
const imports = (text: string) => [...text.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)].map((m) => m[1]);

describe('module boundaries', () => {
  it('the widget imports nothing from src/app; the map drawing (src/map) only in widget-map.js', () => {
    // src/map's components draw the app's Map tab and widget-map.js (src/widget/map.ts ->
    // WidgetMap.svelte); widget.js / widget.mjs never reach them (the size test checks the built files).
    const bad = sources('src/widget').flatMap(({ file, text }) => imports(text).filter((i) => /(^|\/)app\//.test(i)).map((i) => `${file}: ${i}`));
    expect(bad).toEqual([]);
    const widgetSide = sources('src/widget').filter(({ file }) => !['src/widget/map.ts', 'src/widget/WidgetMap.svelte'].includes(file));
    const toMap = widgetSide.flatMap(({ file, text }) => imports(text).filter((i) => /^\.\/(map|WidgetMap(\.svelte)?)$|(^|\/)map\//.test(i)).map((i) => `${file}: ${i}`));
    expect(toMap).toEqual([]);
  });

  it('src/map draws from src/present only: no app state, no engine', () => {
    const files = sources('src/map');
    expect(files.map((f) => f.file)).toContain('src/map/WorldMap.svelte');
    for (const { file, text } of files) expect(imports(text).filter((i) => /(^|\/)(app|core|widget|storage)\//.test(i)), file).toEqual([]);
  });

  it('src/present uses neither Svelte nor the DOM', () => {
    const files = sources('src/present');
    expect(files.map((f) => f.file)).toContain('src/present/verdict.ts');
    for (const { file, text } of files) {
      expect(file).not.toMatch(/\.svelte(\.ts)?$/);
      expect(imports(text).filter((i) => i.startsWith('svelte') || i.includes('/app/')), file).toEqual([]);
      expect(text, file).not.toMatch(/\b(document|window|localStorage|\$state|\$derived)\b/);
    }
  });
});

const flow = { id: 0, transport: 'tcp', client: { ip: '10.0.0.2', port: 40000 }, server: { ip: '203.0.113.9', port: 80 }, app: null, protocol: null, encrypted: false, host: 'ads.example', country: null, packets: 4, bytes: 1200, first_frame: 1, last_frame: 4, start: null, end: null, upload_bytes: 800, download_bytes: 400 } as const;
const finding = (type: Finding['type'], value: string, encoding = 'plain'): Finding => ({ type, value, encoding, source: 'profile', flow: 0, protocol: 'http', direction: 'upload', encrypted_on_wire: false, host: 'ads.example', country: null, frame: 3, context: '' });
const report = (findings: Finding[]): Report => ({
  format: 'capture-report', version: 1,
  capture: { name: 'x.pcap', bytes: 1, sha256: '', format: 'pcap', linktypes: [], frames: 4, start: null, end: null },
  warnings: [], flows: [{ ...flow }], dns: [], http: [], tls: [], findings,
});

describe('words', () => {
  it('formats sizes and counts', () => {
    expect(formatBytes(1536)).toBe('1.5 kB');
    expect(formatBytes(999)).toBe('999 B');
    expect(plural(1, 'flow')).toBe('1 flow');
    expect(plural(1200, 'flow')).toBe('1,200 flows');
    expect(joinAnd(['a', 'b', 'c'])).toBe('a, b and c');
  });

  it('levels: the thresholds of the verdict panel and the widget', () => {
    expect([level(20), level(14), level(13.9), level(8), level(7.9)]).toEqual(['high', 'high', 'mid', 'mid', 'low']);
    expect(LEVEL_WORDS.high).toBe('Serious');
  });

  it('labels and severity', () => {
    expect(typeInfo('imei').label).toBe('IMEI');
    expect(typeInfo('future_kind').label).toBe('future_kind');
    expect(severity(finding('imei', '1'))).toBe(20);
    expect(severity(finding('model', '1'))).toBe(2);
  });

  it('IMSI, IMEI and ICCID each carry a one-line gloss, in one and many, and a hash joins it', () => {
    expect(typeInfo('imsi').one).toBe('its IMSI (SIM subscriber number)');
    expect(typeInfo('imei').one).toBe('its IMEI (phone hardware number)');
    expect(typeInfo('iccid').one).toBe('its ICCID (SIM card number)');
    expect(['imsi', 'imei', 'iccid'].map((t) => typeInfo(t).many('2'))).toEqual(['2 IMSIs (SIM subscriber numbers)', '2 IMEIs (phone hardware numbers)', '2 ICCIDs (SIM card numbers)']);
    expect(verdictOf(report([finding('iccid', '8944501234567890123', 'md5')])).headline).toBe('This device sent its ICCID (SIM card number, hashed) unencrypted to ads.example.');
  });

  it('the verdict of 300,000 findings of one type to one host (more than a call takes as arguments)', () => {
    const many = Array.from({ length: 300_000 }, (_, i) => finding('imei', String(352099001761481 + i)));
    const v = verdictOf(report([finding('model', 'Pixel 7'), ...many]));
    expect(v.lines).toHaveLength(1);
    expect(v.headline).toMatch(/^This device sent 300,000 IMEIs .* and its model name unencrypted to ads\.example\.$/);
  });

  it('the verdict names the worst identifier first, per destination', () => {
    const v = verdictOf(report([finding('model', 'Pixel 7'), finding('imei', '352099001761481'), finding('email', 'a@b.example', 'sha256')]));
    expect(v.lines).toHaveLength(1);
    expect(v.headline).toBe("This device sent its IMEI (phone hardware number), its owner's email address (hashed) and its model name unencrypted to ads.example.");
    expect(level(v.lines[0].severity)).toBe('high');
    expect(verdictOf(report([])).headline).toBe('None of the identifiers we look for were found in the readable traffic.');
  });

  it('the verdict leads with what went to remote servers, then what the local network heard, and counts what is not the device\'s', () => {
    const local: Finding = { ...finding('device_name', 'Lucas-iPhone'), protocol: 'dhcp', scope: 'local', host: null };
    const remote: Finding = { ...finding('model', 'Pixel 7'), scope: 'remote' };
    const v = verdictOf({
      ...report([local, remote]), version: 2,
      other_findings: [{ ...finding('mac', 'd8:30:62:56:00:1c'), why: 'other device' }, { ...finding('email', 'x@y.example'), why: 'server content' }],
    });
    expect(v.lines.map((l) => l.scope)).toEqual(['remote', 'local']);
    expect(v.headline).toBe('This device sent its model name unencrypted to ads.example.');
    expect(v.lines[1].text).toBe("This device told the local network its name (often its owner's), over DHCP.");
    expect(v.others).toBe('Not counted: 1 identifier that other devices on the network sent and 1 identifier-like value in what servers sent.');
    expect(verdictOf(report([remote])).others).toBe('');
  });

  it('hosts rows', () => {
    const rows = hostsOf(report([finding('imei', '1')]));
    expect(rows).toMatchObject([{ name: 'ads.example', addresses: ['203.0.113.9'], flows: 1, clearBytes: 1200, findings: 1, clearFindings: 1 }]);
  });
});
