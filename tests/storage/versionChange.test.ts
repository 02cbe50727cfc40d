/**
 * A tab of a newer build raising the database version (issue 15): the old tab's store gives up
 * its connection (db.ts blocking() closes it, tested in tests/e2e/storage.e2e.test.ts), tells
 * the page once, and from then on refuses with a reload message instead of using a closed
 * connection or reopening a version that no longer exists.
 */
import { describe, expect, it } from 'vitest';
import { SessionStore, SUPERSEDED } from '../../src/storage/sessions';
import type { DatabaseEvents } from '../../src/storage/db';
import { DB_VERSION } from '../../src/storage/schema';
import { FakeDb } from './fake-db';

describe('SessionStore when another tab upgrades the database', () => {
  it('tells the page once and refuses with the reload message afterwards', async () => {
    const db = new FakeDb().upgrade(DB_VERSION);
    let events: DatabaseEvents = {};
    let opens = 0;
    const store = new SessionStore('t', async (_name, e) => {
      opens++;
      events = e ?? {};
      return db.asIdb();
    });
    const heard: string[] = [];
    store.onVersionChange = () => heard.push('version');
    store.onBlocked = () => heard.push('blocked');
    expect(await store.list()).toEqual([]);
    expect(opens).toBe(1);
    events.onBlocked?.();
    events.onVersionChange?.();
    expect(heard).toEqual(['blocked', 'version']);
    await expect(store.list()).rejects.toThrow(SUPERSEDED);
    await expect(store.setting('x')).rejects.toThrow(SUPERSEDED);
    expect(opens).toBe(1);
  });
});
