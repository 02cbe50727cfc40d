/**
 * A saved session keeps the App Privacy Report joined to its capture (beside the capture, like
 * the key log's secrets), so a rescan of the reopened session joins it again. Real files:
 * ios-pcapd-01-pymobiledevice3.pcap and app-privacy-report-02.ndjson, made from its flows.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FORMATS } from '../corpus';
import { analyzeFile } from '../pipeline';
import { SessionStore } from '../../src/storage/sessions';
import { DB_VERSION } from '../../src/storage/schema';
import type { Report } from '../../src/core/report/types';
import { FakeDb } from './fake-db';

const capturePath = join(FORMATS, 'captures', 'ios-pcapd-01-pymobiledevice3.pcap');
const aprName = 'app-privacy-report-02.ndjson';
const aprText = readFileSync(join(FORMATS, 'captures', aprName), 'utf8');
const captureBlob = () => new Blob([readFileSync(capturePath)]);
const attributed = (r: Report) => r.flows.filter((f) => f.app !== null).map((f) => `${f.client.port} ${r.apps![f.app!].package}`).sort();

function stores(db = new FakeDb().upgrade(DB_VERSION)) {
  // Two SessionStores on one database: the second is the page reopened later.
  return { db, first: new SessionStore('t', async () => db.asIdb()), later: new SessionStore('t', async () => db.asIdb()) };
}

describe('upgrade steps', () => {
  it('a new database gets every store; version 2 gains appReports and keeps the rest', () => {
    expect(DB_VERSION).toBe(3);
    expect([...new FakeDb().upgrade(3).stores.keys()].sort()).toEqual(['appReports', 'captures', 'reports', 'sessions', 'settings']);
    const v2 = new FakeDb().upgrade(2);
    const sessions = v2.stores.get('sessions')!;
    sessions.rows.set('old', { id: 'old', updated: 1, capture: { sha256: 'x' } });
    v2.upgrade(3);
    expect([...v2.stores.keys()].sort()).toEqual(['appReports', 'captures', 'reports', 'sessions', 'settings']);
    expect(v2.stores.get('sessions')).toBe(sessions);
    expect([...sessions.indexes.keys()].sort()).toEqual(['by-sha256', 'by-updated']);
  });
});

describe('a session keeps its App Privacy Report', () => {
  it('saved with the capture: reopened, the rescan joins it again and gets the same apps', async () => {
    const joined = await analyzeFile(capturePath, { appReport: aprText });
    const alone = await analyzeFile(capturePath);
    expect(attributed(alone)).toEqual([]);
    expect(attributed(joined)).toEqual(['41000 com.example.weather', '42000 com.adsdk.demo', '42002 com.adsdk.demo']);

    const { first, later } = stores();
    const { meta } = await first.create(joined, { profile: null, capture: captureBlob(), appReport: { name: aprName, text: aprText } });
    expect(meta.hasCapture).toBe(true);
    expect(meta.appReport).toEqual({ name: aprName, bytes: 2737 });

    const kept = await later.appReport(meta.id);
    expect(kept).toEqual({ name: aprName, text: aprText });
    const rescanned = await analyzeFile(capturePath, { appReport: kept!.text });
    expect(attributed(rescanned)).toEqual(attributed(joined));
    expect(rescanned.apps!.map((a) => a.package)).toEqual(joined.apps!.map((a) => a.package));

    // A rescan given it again keeps it; one that joined none (null) forgets it.
    await later.replaceReport(meta.id, rescanned, null, undefined, kept);
    expect((await later.get(meta.id))!.appReport).toEqual({ name: aprName, bytes: 2737 });
    expect(await later.appReport(meta.id)).toEqual({ name: aprName, text: aprText });
    await later.replaceReport(meta.id, rescanned, null);
    expect(await later.appReport(meta.id)).toEqual({ name: aprName, text: aprText });
    await later.replaceReport(meta.id, alone, null, undefined, null);
    expect((await later.get(meta.id))!.appReport).toBeNull();
    expect(await later.appReport(meta.id)).toBeUndefined();
  });

  it('saved without the capture: its name is kept, its text is not (no rescan is possible)', async () => {
    const joined = await analyzeFile(capturePath, { appReport: aprText });
    const { db, first } = stores();
    const { meta } = await first.create(joined, { profile: null, appReport: { name: aprName, text: aprText } });
    expect(meta.hasCapture).toBe(false);
    expect(meta.appReport).toEqual({ name: aprName, bytes: 2737 });
    expect(await first.appReport(meta.id)).toBeUndefined();
    expect(db.stores.get('appReports')!.rows.size).toBe(0);

    // Keeping the capture afterwards keeps the App Privacy Report with it.
    await first.attachCapture(meta.id, new File([captureBlob()], 'ios-pcapd-01-pymobiledevice3.pcap'), null, { name: aprName, text: aprText });
    expect(await first.appReport(meta.id)).toEqual({ name: aprName, text: aprText });

    await first.delete(meta.id);
    expect(await first.appReport(meta.id)).toBeUndefined();
    expect(db.stores.get('appReports')!.rows.size).toBe(0);
  });

  it('a session without one: nothing stored, no label', async () => {
    const alone = await analyzeFile(capturePath);
    const { db, first } = stores();
    const { meta } = await first.create(alone, { profile: null, capture: captureBlob() });
    expect(meta.appReport).toBeUndefined();
    expect(await first.appReport(meta.id)).toBeUndefined();
    expect(db.stores.get('appReports')!.rows.size).toBe(0);
  });
});
