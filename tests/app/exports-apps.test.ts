/** Exports speak per app: the findings CSV and the advisory HTML name the app of each finding. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findingsCsv, redactedHtml } from '../../src/app/lib/exports';
import { analyzeFile } from '../pipeline';
import { parseCsv } from '../csv';

const capture = join('/work/shared/corpus/formats/captures', 'pcapdroid-03-dsb.pcapng');

describe('exports of a capture that names its apps (pcapdroid-03-dsb.pcapng)', () => {
  it('the CSV ends with app and app_package, the version-1 columns in their places', async () => {
    const report = await analyzeFile(capture);
    const [header, ...rows] = parseCsv(findingsCsv(report));
    expect(header.slice(0, 3)).toEqual(['type', 'value', 'encoding']);
    expect(header.slice(-2)).toEqual(['app', 'app_package']);
    const location = rows.find((r) => r[0] === 'location')!;
    expect(location.slice(-2)).toEqual(['Weather', 'com.example.weather']);
  });

  it('the HTML names the app in its verdict and its findings table', async () => {
    const report = await analyzeFile(capture);
    const html = redactedHtml(report, { generated: new Date(0) });
    expect(html).toContain('<li>Weather (com.example.weather) sent its location unencrypted to api.tianqi-app.cn (China).');
    expect(html).toContain('<th>App</th><th>Type</th>');
    expect(html).toContain('<tr><td>Ad Demo</td><td>IMEI</td>');
  });
});
