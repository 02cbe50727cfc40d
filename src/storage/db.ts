/** Opens the sessions database, upgrading older versions step by step. */
import { openDB, type IDBPDatabase } from 'idb';
import { DB_NAME, DB_VERSION, type LeakscopeDB } from './schema';

export type LeakscopeDatabase = IDBPDatabase<LeakscopeDB>;

/** Opens (and if needed creates or upgrades) the database. */
export function openDatabase(name = DB_NAME): Promise<LeakscopeDatabase> {
  return openDB<LeakscopeDB>(name, DB_VERSION, {
    upgrade(db, oldVersion, _newVersion, tx) {
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
    },
    blocking() {
      // Another tab wants a newer version: step aside so it can upgrade.
      void 0;
    },
  });
}
