/** Opens the sessions database, upgrading older versions step by step. */
import { openDB, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import { DB_NAME, DB_VERSION, type LeakscopeDB } from './schema';

export type LeakscopeDatabase = IDBPDatabase<LeakscopeDB>;

/** What the page hears about other tabs holding the database (the app shows them as notices). */
export interface DatabaseEvents {
  /**
   * A tab of a newer build asked for a higher version: this connection was closed so that tab
   * can upgrade (left open, its open request waits until every old tab is closed). This tab
   * cannot reopen the old version: it must reload.
   */
  onVersionChange?: () => void;
  /** This tab asked for a higher version and a tab of an older build still holds the database. */
  onBlocked?: () => void;
}

/** Opens (and if needed creates or upgrades) the database. */
export function openDatabase(name = DB_NAME, events: DatabaseEvents = {}): Promise<LeakscopeDatabase> {
  return openDB<LeakscopeDB>(name, DB_VERSION, {
    upgrade: (db, oldVersion, _newVersion, tx) => upgradeDatabase(db, oldVersion, tx),
    blocking(_current, _wanted, event) {
      // Another tab wants a newer version: step aside (the event's target is this connection) so it can upgrade, and say so.
      (event.target as IDBDatabase).close();
      events.onVersionChange?.();
    },
    blocked() {
      events.onBlocked?.();
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
