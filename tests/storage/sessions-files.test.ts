/**
 * A session of several capture files (a pcap and a HAR read as one) keeps all of them, in order,
 * in its one captures row; a row stored before (one file) reads as that file.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FORMATS } from '../corpus';
import { analyzeFiles } from '../pipeline';
import { SessionStore } from '../../src/storage/sessions';
import { DB_VERSION } from '../../src/storage/schema';
import { FakeDb } from './fake-db';

const PCAP = join(FORMATS, 'captures', 'pcapdroid-01-default.pcap');
const HAR = join(FORMATS, 'captures', 'har-01-tracker.har');
const file = (path: string) => new File([readFileSync(path)], path.split('/').pop()!);

describe('a session of several files', () => {
  it('keeps every file in the order read, bytes intact', async () => {
    const db = new FakeDb().upgrade(DB_VERSION);
    const store = new SessionStore('t', async () => db.asIdb());
    const report = await analyzeFiles([PCAP, HAR]);
    const { meta } = await store.create(report, { profile: null, capture: [file(PCAP), file(HAR)] });
    expect(meta.hasCapture).toBe(true);
    const kept = (await store.captures(meta.id))!;
    expect(kept.map((f) => [f.name, f.size])).toEqual([['pcapdroid-01-default.pcap', readFileSync(PCAP).length], ['har-01-tracker.har', readFileSync(HAR).length]]);
    expect(Buffer.from(await kept[1].arrayBuffer()).equals(readFileSync(HAR))).toBe(true);
    // The first file alone, as code reading one capture sees it.
    expect((await store.capture(meta.id))!.name).toBe('pcapdroid-01-default.pcap');
  });

  it('a row stored before several files existed reads as its one file', async () => {
    const db = new FakeDb().upgrade(DB_VERSION);
    db.stores.get('captures')!.rows.set('old', { id: 'old', name: 'a.pcap', blob: new Blob([new Uint8Array([1, 2, 3])]) });
    const store = new SessionStore('t', async () => db.asIdb());
    expect((await store.captures('old'))!.map((f) => [f.name, f.size])).toEqual([['a.pcap', 3]]);
  });
});
