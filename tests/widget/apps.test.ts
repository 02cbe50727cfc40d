/** The widget speaks per app through src/present: its verdict and finding rows name the sending app. */
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { findingRows, verdictOf } from '../../src/widget/model';
import { analyzeFile } from '../pipeline';

it('pcapdroid-03-dsb.pcapng: verdict lines and rows name Weather and Ad Demo', async () => {
  const report = await analyzeFile(join('/work/shared/corpus/formats/captures', 'pcapdroid-03-dsb.pcapng'));
  expect(verdictOf(report).lines.map((l) => l.text)).toContain('Weather (com.example.weather) sent its location unencrypted to api.tianqi-app.cn (China).');
  const rows = findingRows(report, 'partial');
  expect(rows.find((r) => r.type === 'location')?.app).toBe('Weather');
  expect(new Set(rows.map((r) => r.app))).toEqual(new Set(['Weather', 'Ad Demo']));
  // The detected protocol stays a protocol (flows[].app is an index since report version 2).
  expect(rows.find((r) => r.type === 'location')?.protocol).toBe('HTTP');
});
