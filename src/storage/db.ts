/** Opens the sessions database, upgrading older versions step by step. */
import { openDB, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import { DB_NAME, DB_VERSION, type LeakscopeDB } from './schema';

export type LeakscopeDatabase = IDBPDatabase<LeakscopeDB>;

/** Opens (and if needed creates or upgrades) the database. */
export function openDatabase(name = DB_NAME): Promise<LeakscopeDatabase> {
  return openDB<LeakscopeDB>(name, DB_VERSION, {
    upgrade: (db, oldVersion, _newVersion, tx) => upgradeDatabase(db, oldVersion, tx),
    blocking() {
      // Another tab wants a newer version: step aside so it can upgrade.
      void 0;
    },
  });
}

type UpgradeTx = IDBPTransaction<LeakscopeDB, StoreNames<LeakscopeDB>[], 'versionchange'>;

/** The schema steps from `oldVersion` to DB_VERSION; exported so each step can be checked without a browser. */
export function upgradeDatabase(db: Pick<LeakscopeDatabase, 'createObjectStore'>, oldVersion: number, tx: Pick<UpgradeTx, 'objectStore'>): void {
  if (oldVersion < 1) {
    const sessions = db.createObjectStore('sessions', { keyPath: 'id' });
    sessions.createIndex('by-updated', 'updated');
    db.createObjectStore('reports', { keyPath: 'id' });
    db.createObjectStore('captures', { keyPath: 'id' });
  }
  if (oldVersion < 2) {
    // Version 2: settings store (profile kept locally) and finding a capture seen before.
    db.createObjectStore('settings');
    tx.objectStore('sessions').createIndex('by-sha256', 'capture.sha256');
  }
  if (oldVersion < 3) {
    // Version 3: the App Privacy Report joined to a kept capture, so a rescan joins it again.
    // Existing sessions need no change: their `appReport` is absent, read as none.
    db.createObjectStore('appReports', { keyPath: 'id' });
  }
}
