/**
 * Findings cite frames of the file, numbered from 1 (issue 15: a damaged pcap gave "frames 0" in
 * the evidence dialog). The cause was a handler flushing bytes at close with its initial frame 0
 * (HTTP/1's header block that never ends); the analysis now checks every scan input and field
 * finding, and report building drops any frame below 1 and keeps the finding.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeStream } from '../../src/core/engine';
import { frameChecked } from '../../src/core/analysis';
import { buildReport, type AnalysisState } from '../../src/core/report/buildReport';
import { WarningLog } from '../../src/core/report/warningLog';
import type { Finding } from '../../src/core/report/types';
import type { Warning } from '../../src/core/warnings';
import { oneRequestPcap } from '../capture/build';
import { LEAKS } from '../corpus';
import { flowBytes, scannerWasm } from '../pipeline';

async function analyze(bytes: Uint8Array) {
  return analyzeStream(
    (async function* () {
      yield bytes;
    })(),
    { name: 'damaged.pcap', size: bytes.length, scannerWasm: scannerWasm() },
  );
}

const cited = (fs: Finding[]) => fs.flatMap((f) => [f.frame, ...(f.frames ?? [])]);

describe('frames a report cites', () => {
  it('a request whose blank line is damaged (one bit) is scanned at close and cites its own frame', async () => {
    const file = new Uint8Array(readFileSync(join(LEAKS, 'captures/02-analytics-get.pcap')));
    const blank = Buffer.from(file).indexOf('\r\n\r\n');
    expect(blank).toBe(1180);
    file[blank + 2] ^= 1; // "\r\n\x0c\n": the header block never ends
    const report = await analyze(file);
    expect(report.warnings.map((w) => w.code)).toContain('http-incomplete-head');
    // The request is frame 8 (flow 1 is frames 5-14); before the fix its bytes cited frame 0.
    expect(report.findings.map((f) => [f.type, f.direction, f.frame, f.frames])).toEqual([['ad_id', 'upload', 8, [8]]]);
    expect(cited([...report.findings, ...(report.other_findings ?? [])]).filter((n) => n < 1)).toEqual([]);
  });

  it('a scan input citing frame 0 cites its flow\'s last frame instead, and warns', () => {
    const { flows } = flowBytes(oneRequestPcap('GET /?imei=490154203237518 HTTP/1.1\r\nHost: a\r\n\r\n'));
    const warnings: Warning[] = [];
    const input = { flow: 0, frame: 0, protocol: 'http', part: 'url' };
    expect(frameChecked(input, flows, (code, message, frame) => void warnings.push({ code, message, frame }))).toEqual({ ...input, frame: 4 });
    expect(warnings.map((w) => [w.code, w.frame])).toEqual([['internal-error', 4]]);
    const fine = { ...input, frame: 3 };
    expect(frameChecked(fine, flows, () => expect.unreachable())).toBe(fine);
  });

  it('report building drops frames below 1 and keeps the finding', () => {
    const { flows } = flowBytes(oneRequestPcap('GET /?imei=490154203237518 HTTP/1.1\r\nHost: a\r\n\r\n'));
    const finding = (frame: number, frames: number[]): Finding => ({
      type: 'imei', value: '490154203237518', encoding: 'plain', source: 'pattern', flow: 0, protocol: 'http', direction: 'upload',
      encrypted_on_wire: false, host: null, country: null, frame, frames, context: 'imei=490154203237518', match: '490154203237518', confidence: 'high',
    });
    const state = (list: Finding[]): AnalysisState => ({
      name: 'x.pcap', format: 'pcap', compressed: false, linktypes: new Set([1]), frames: 4, firstTime: 1, lastTime: 4,
      warnings: new WarningLog(), sections: [], protocols: new Map(), decrypted: new Set(), names: [], flows, folded: null, apps: [],
      captureDevice: null, findings: () => list, placeholders: () => [], bytes: 0, sha256: '',
    });
    const one = buildReport(state([finding(0, [0, 4])]), String);
    expect(one.findings.map((f) => [f.frame, f.frames])).toEqual([[4, [4]]]);
    // No frame left: the flow's first.
    const none = buildReport(state([finding(0, [0, -1])]), String);
    expect(none.findings.map((f) => [f.frame, f.frames])).toEqual([[1, [1]]]);
  });
});
