/** The compare view speaks per app, on the real PCAPdroid capture read without and with the device profile. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeFile } from '../pipeline';
import { FORMATS } from '../corpus';
import { compareReports } from '../../src/app/lib/compare';
import type { Report } from '../../src/core/report/types';

const capture = join(FORMATS, 'captures', 'pcapdroid-03-dsb.pcapng');
const profile = JSON.parse(readFileSync(join(FORMATS, 'profile.json'), 'utf8'));

/** The same report as a version-1 session would have it: no apps anywhere. */
function withoutApps(r: Report): Report {
  return { ...r, apps: undefined, flows: r.flows.map((f) => ({ ...f, app: null })), findings: r.findings.map((f) => ({ ...f, app: null })) };
}

let plain: Report;
let profiled: Report;
beforeAll(async () => {
  plain = await analyzeFile(capture);
  profiled = await analyzeFile(capture, { profile });
});

describe('compare per app: pcapdroid-03-dsb.pcapng without, then with profile.json', () => {
  it('the profile adds one row: Weather now sends its Android ID to api.tianqi-app.cn', () => {
    const c = compareReports(plain, profiled);
    expect(c.byApp).toBe(true);
    expect(c.changes.map((x) => x.text)).toEqual(['Weather now sends its Android ID unencrypted to api.tianqi-app.cn.']);
    expect(c.added.map((k) => [k.app, k.type, k.value, k.host, k.clear])).toEqual([['Weather', 'android_id', '3066379a45367b62', 'api.tianqi-app.cn', true]]);
    expect(c.stopped).toEqual([]);
    expect(c.kept).toHaveLength(10);
    expect(c.kept.filter((k) => k.app === 'Ad Demo')).toHaveLength(8);
  });

  it('the other way round it stopped', () => {
    const c = compareReports(profiled, plain);
    expect(c.changes.map((x) => [x.change, x.text])).toEqual([['stopped', 'Weather no longer sends its Android ID to api.tianqi-app.cn.']]);
  });

  it('the same advertising ID to the same host from another app is a change of that app', () => {
    // Before: as if only Weather sent the advertising ID to stat.adtrackr.com (Ad Demo's findings of it removed).
    const adDemo = profiled.apps!.findIndex((a) => a.package === 'com.adsdk.demo');
    const before = { ...profiled, findings: profiled.findings.filter((f) => !(f.app === adDemo && f.type === 'ad_id')) };
    const c = compareReports(before, profiled);
    expect(c.changes.map((x) => x.text)).toEqual(['Ad Demo now sends its advertising ID unencrypted to stat.adtrackr.com.']);
    expect(c.added.map((k) => [k.app, k.type, k.host])).toEqual([['Ad Demo', 'ad_id', 'stat.adtrackr.com']]);
  });

  it('encrypted findings say so; an app matched by package even when its index moves', () => {
    const adDemo = profiled.apps!.findIndex((a) => a.package === 'com.adsdk.demo');
    const before = { ...profiled, findings: profiled.findings.filter((f) => !(f.app === adDemo && f.host === 't.appflowtrack.com')) };
    // After: the same report with apps in the other order, indexes remapped.
    const order = [...profiled.apps!].reverse();
    const remap = (i: number | null | undefined) => (i === null || i === undefined ? null : order.indexOf(profiled.apps![i]));
    const after = { ...profiled, apps: order, flows: profiled.flows.map((f) => ({ ...f, app: remap(f.app) })), findings: profiled.findings.map((f) => ({ ...f, app: remap(f.app) })) };
    expect(compareReports(before, after).changes.map((x) => x.text)).toEqual([
      'Ad Demo now sends its IMEI (phone hardware number) inside encrypted traffic to t.appflowtrack.com.',
      'Ad Demo now sends its phone number inside encrypted traffic to t.appflowtrack.com.',
    ]);
  });

  it('without apps: the comparison as before, no per-app rows', () => {
    const c = compareReports(withoutApps(plain), withoutApps(profiled));
    expect(c.byApp).toBe(false);
    expect(c.changes).toEqual([]);
    expect(c.added.map((k) => [k.app, k.type, k.value, k.host])).toEqual([[null, 'android_id', '3066379a45367b62', 'api.tianqi-app.cn']]);
    expect(c.added[0].key).toBe('|android_id|3066379a45367b62|api.tianqi-app.cn|true');
    // Without apps the advertising ID both apps sent to stat.adtrackr.com is one row, not two.
    expect(c.kept).toHaveLength(9);
    expect(c.kept.filter((k) => k.type === 'ad_id').map((k) => [k.host, k.app])).toEqual([['stat.adtrackr.com', null]]);
  });
});
