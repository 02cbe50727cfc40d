/**
 * Issue 14: what is published hides every identifier the report knows, in every spelling,
 * wherever it appears (contexts, URIs, host names), in every export made for sharing and in the
 * widget's redacted modes. The oracle is independent of the redaction module: the engine's own
 * profile literals (expandProfile: plain, URL, base64, base32, hex, digest prefixes), each
 * finding's value and match, and spellings written out by hand.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Finding, Profile, Report } from '../../src/core/report/types';
import { expandProfile } from '../../src/core/scan/expand';
import { findingsCsv, redactedHtml, reportRedactor, sharedReportJson } from '../../src/app/lib/exports';
import { redactorFor } from '../../src/present/redaction';
import { findingRows, hostRows } from '../../src/widget/model';
import { analyzeFile } from '../pipeline';
import { parseCsv } from '../csv';

const LEAKS = '/work/shared/corpus/leaks';
const profile = JSON.parse(readFileSync(`${LEAKS}/profile.json`, 'utf8')) as Profile;

/** Spellings written out by hand: separators, cases, rounded coordinates. */
const HAND = [
  '+86 186 1142 8769', '186-1142-8769', '186 1142 8769', '18611428769', '%2B8618611428769', '+86+135+2187+6643', '13521876643',
  '010-6852-3321', '1068523321', '64:09:80:3a:5c:7e', '64-09-80-3a-5c-7e', '6409803a5c7e', '64:09:80:3A:5C:7E',
  '39.983424', '116.315963', '39.9834', '116.3159', 'zhangwei.bj88@163.com', 'zhangwei.bj88%40163.com', 'China Unicom', 'China+Unicom',
  '862287025963539', '383632323837303235393633353339', 'ODYyMjg3MDI1OTYzNTM5', '460012835716904', '89860114529727340129',
  '3066379a45367b62', '8b839aab-6233-4ff2-b2be-3d337ace32a7', 'c7a2f9d4',
];

/** Every form of the identifiers a published text must not contain (lower case). */
function forbidden(report: Report): string[] {
  const out = new Set<string>(HAND.map((s) => s.toLowerCase()));
  for (const f of report.findings) for (const s of [f.value, f.match ?? '']) if (s.length >= 4) out.add(s.toLowerCase());
  // The engine's literals for the profile; short cores (4-5 bytes of base32/base64) occur by chance.
  for (const l of expandProfile(profile)) if (l.text.length >= 8) out.add(l.text.toLowerCase());
  return [...out];
}

/** The forbidden strings `text` contains, as written and with HTML/CSV/JSON escapes undone. */
function leaks(text: string, bad: string[]): string[] {
  const decoded = text
    .replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')
    .replace(/""/g, '"');
  const hay = `${text}\n${decoded}`.toLowerCase();
  return bad.filter((s) => hay.includes(s));
}

/** Every string inside a JSON value. */
const strings = (v: unknown): string[] =>
  typeof v === 'string' ? [v] : Array.isArray(v) ? v.flatMap(strings) : v && typeof v === 'object' ? Object.values(v).flatMap(strings) : [];

describe('the mixed leak capture (15-mixed.pcap) with the profile', async () => {
  const report = await analyzeFile(`${LEAKS}/captures/15-mixed.pcap`, { profile });
  const bad = forbidden(report);

  it('finds what the test relies on', () => {
    expect(report.findings.length).toBeGreaterThan(30);
    const types = new Set(report.findings.map((f) => f.type));
    for (const t of ['imei', 'imsi', 'phone', 'contact_phone', 'carrier', 'location', 'mac', 'email']) expect(types).toContain(t);
    // The unredacted exports do contain them (so the checks below can fail).
    expect(leaks(findingsCsv(report), bad)).toContain('"geo":{"lat":39.983424'.slice(-9));
    expect(leaks(redactedHtml(report, { unmasked: true }), bad).length).toBeGreaterThan(20);
  });

  it('the HTML report for an advisory shows none of them', () => {
    const html = redactedHtml(report, { profile, generated: new Date(0) });
    expect(leaks(html, bad)).toEqual([]);
    // Still a report: masked values keep their shape, the hosts stay.
    expect(html).toContain('86•••••••••••39');
    expect(html).toContain('api.account.xmsvc-cloud.cn');
    expect(html).toContain('&quot;geo&quot;:{<mark>•••••:••.••••••,•••••:•••.••••••</mark>');
  });

  it('the CSV for sharing shows none of them, and stays formula-safe', () => {
    const csv = findingsCsv(report, report.findings, reportRedactor(report, profile));
    expect(leaks(csv, bad)).toEqual([]);
    const rows = parseCsv(csv);
    expect(rows.length).toBe(report.findings.length + 1);
    expect(rows.slice(1).flat().filter((c) => /^[=+\-@\t\r]/.test(c))).toEqual([]);
    expect(rows.map((r) => r[1])).toContain("'+8••••••••••69");
  });

  it('the JSON for sharing shows none of them, and keeps the report\'s shape', () => {
    const json = sharedReportJson(report, profile);
    expect(leaks(json, bad)).toEqual([]);
    const parsed = JSON.parse(json) as Report;
    expect(leaks(strings(parsed).join('\n'), bad)).toEqual([]);
    expect(parsed.findings.length).toBe(report.findings.length);
    expect(parsed.findings.map((f) => f.type)).toEqual(report.findings.map((f) => f.type));
    expect(parsed.capture.sha256).toBe(report.capture.sha256);
    expect(parsed.flows.map((f) => f.server.ip)).toEqual(report.flows.map((f) => f.server.ip));
    // The DNS names carrying the IMEI in hex are masked in the DNS records too; the rest of the name stays.
    expect(JSON.stringify(report.dns)).toContain('"383632323837303235393633353339.i.c056c42e.d.dnsbeacon.net"');
    expect(JSON.stringify(parsed.dns)).toContain(`"${'•'.repeat(30)}.i.c056c42e.d.dnsbeacon.net"`);
    expect(JSON.stringify(parsed.dns)).toContain('"ota.xmsvc-cloud.cn"');
  });

  it.each(['partial', 'full'] as const)('the widget in %s mode shows none of them', (mode) => {
    const shown = JSON.stringify([findingRows(report, mode), hostRows(report, mode)]);
    expect(leaks(shown, bad)).toEqual([]);
    expect(leaks(JSON.stringify([findingRows(report, 'none'), hostRows(report, 'none')]), bad).length).toBeGreaterThan(20);
  });

  it('masks a string of the whole report in bounded time', () => {
    const r = reportRedactor(report, profile);
    const text = JSON.stringify(report);
    const t0 = performance.now();
    for (let i = 0; i < 5; i++) r.mask(text);
    const ms = (performance.now() - t0) / 5;
    console.log(`redaction: ${r.spellings.length} spellings, ${(text.length / 1024).toFixed(0)} KiB masked in ${ms.toFixed(1)} ms`);
    expect(ms).toBeLessThan(2000);
  });
});

describe("a neighbour's value planted in a finding's context", async () => {
  const base = await analyzeFile(`${LEAKS}/captures/01-cloud-messaging.pcap`);
  const phone = '+8613812345678';
  const mac = '64:09:80:3a:5c:7e';
  const email = 'li.na@example.org';
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  // Each kind of spelling, inside longer text so base64 lands on each alignment.
  const planted: Record<string, string> = {
    'base64 (aligned)': b64(`{"p":"${phone}"}`),
    'base64 (one off)': b64(`x{"p":"${phone}"}`),
    'base64 (two off)': b64(`xy{"p":"${phone}"}`),
    'base64url': b64(`??>${email}`).replace(/\+/g, '-').replace(/\//g, '_'),
    url: `m=${encodeURIComponent(email)}&p=${encodeURIComponent(phone)}`,
    'hex upper': Buffer.from(email).toString('hex').toUpperCase(),
    'hex lower': Buffer.from(phone).toString('hex'),
    // Gson-style escapes, and a JSON document inside a JSON string.
    'json-escaped': '{"e":"li.na\\u0040example.org","p":"\\u002b8613812345678"}',
    'json in json': JSON.stringify({ inner: JSON.stringify({ e: email, p: phone }) }),
    'spaced phone': 'tel:+86 138 1234 5678;',
    'dashed phone': 'n=138-1234-5678&',
    'dashed MAC': 'wlan=64-09-80-3A-5C-7E&',
    'dotted MAC': 'mac=6409.803a.5c7e&',
    coordinates: '"lat":31.23041,"lon":121.473702,',
    'rounded coordinates': 'loc=31.230,121.474',
  };
  const hidden = [
    phone, '13812345678', '1234 5678', '1234-5678', mac, '64-09-80', '6409.803a', email, 'li.na\\u0040', 'example.org', '31.2304', '121.4737', '31.230', '121.474',
    ...['', 'x', 'xy'].map((p) => b64(`${p}{"p":"${phone}"}`).slice(8, 24)),
    b64(`??>${email}`).replace(/\+/g, '-').replace(/\//g, '_').slice(4, 20),
    Buffer.from(email).toString('hex').slice(0, 20), Buffer.from(phone).toString('hex').slice(0, 20),
    encodeURIComponent(email), encodeURIComponent(phone),
  ].map((s) => s.toLowerCase());

  function withNeighbours(text: string): Report {
    const a = base.findings[0];
    const neighbour = (type: Finding['type'], value: string): Finding => ({ ...a, type, value, match: value, context: value });
    return {
      ...base,
      findings: [
        { ...a, context: `…${text}…` },
        neighbour('phone', phone), neighbour('mac', mac), neighbour('email', email), neighbour('location', '31.23041,121.473702'),
      ],
    };
  }

  it.each(Object.entries(planted))('%s', (_, text) => {
    const report = withNeighbours(text);
    const ctx = (s: string) => s.toLowerCase();
    const seen = hidden.filter((h) => ctx(text).includes(h));
    expect(seen.length, 'the planted text carries a value').toBeGreaterThan(0);
    const outputs = {
      html: redactedHtml(report, { generated: new Date(0) }),
      csv: findingsCsv(report, report.findings, reportRedactor(report)),
      json: sharedReportJson(report),
      partial: JSON.stringify(findingRows(report, 'partial')),
      full: JSON.stringify(findingRows(report, 'full')),
    };
    for (const [name, out] of Object.entries(outputs)) expect(leaks(out, seen), name).toEqual([]);
  });

  it('a value cut off at either end of an excerpt is hidden', () => {
    const r = redactorFor([{ type: 'carrier', value: 'China Unicom', match: 'China+Unicom' }, { type: 'phone', value: phone, match: phone }]);
    expect(r.mask('operator=China+Uni', true)).toBe('operator=•••••+•••');
    expect(r.mask('icom&mcc=460', true)).toBe('••••&mcc=460');
    // Three characters say too little to hide (they would hide words everywhere).
    expect(r.mask('com&mcc=460', true)).toBe('com&mcc=460');
    expect(r.mask('234 5678&x=1', true)).toBe('••• ••••&x=1');
    expect(r.mask('tel=+86 138-12', true)).toBe('tel=+•• •••-••');
    // Not in running text: a host name that ends like a value stays.
    expect(r.mask('operator=China+Uni')).toBe('operator=China+Uni');
  });
});
