/**
 * A small in-memory stand-in for idb's database, enough for SessionStore (get, put, delete,
 * getAllFromIndex, transactions that commit). fake-indexeddb is not installed and Node has no
 * IndexedDB; the real database is covered in tests/e2e/storage.e2e.test.ts. Stores and indexes
 * are made by the real upgrade steps (upgradeDatabase), so a missing step fails here too.
 */
import { upgradeDatabase, type LeakscopeDatabase } from '../../src/storage/db';

interface Store {
  keyPath: string | null;
  rows: Map<string, unknown>;
  indexes: Map<string, string>;
}

export class FakeDb {
  stores = new Map<string, Store>();
  version = 0;

  /** Runs the real upgrade steps from the current version. */
  upgrade(to: number): this {
    const db = {
      createObjectStore: (name: string, opts?: { keyPath?: string }) => {
        const s: Store = { keyPath: opts?.keyPath ?? null, rows: new Map(), indexes: new Map() };
        this.stores.set(name, s);
        return { createIndex: (index: string, path: string) => s.indexes.set(index, path) };
      },
    };
    const tx = { objectStore: (name: string) => ({ createIndex: (index: string, path: string) => this.#store(name).indexes.set(index, path) }) };
    upgradeDatabase(db as never, this.version, tx as never);
    this.version = to;
    return this;
  }

  #store(name: string): Store {
    const s = this.stores.get(name);
    // As IndexedDB does: a store the schema lacks is an error (NotFoundError), not a silent write.
    if (!s) throw new DOMException(`No object store ${name}`, 'NotFoundError');
    return s;
  }

  #ops(name: string) {
    const s = this.#store(name);
    const path = (v: unknown, p: string) => p.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], v);
    return {
      get: async (key: string) => s.rows.get(key),
      put: async (value: unknown, key?: string) => void s.rows.set(key ?? String(path(value, s.keyPath!)), value),
      delete: async (key: string) => void s.rows.delete(key),
      getAllFromIndex: async (index: string, query?: string) => {
        const p = s.indexes.get(index)!;
        const rows = [...s.rows.values()].filter((v) => query === undefined || path(v, p) === query);
        return rows.sort((a, b) => (path(a, p) as number) - (path(b, p) as number));
      },
    };
  }

  /** The database as SessionStore sees it. */
  asIdb(): LeakscopeDatabase {
    const db = {
      get: (name: string, key: string) => this.#ops(name).get(key),
      put: (name: string, value: unknown, key?: string) => this.#ops(name).put(value, key),
      getAllFromIndex: (name: string, index: string, query?: string) => this.#ops(name).getAllFromIndex(index, query),
      transaction: (names: string | string[]) => {
        const list = typeof names === 'string' ? [names] : names;
        list.forEach((n) => this.#store(n));
        const inTx = (n: string) => {
          if (!list.includes(n)) throw new DOMException(`${n} is not in this transaction`, 'NotFoundError');
          return this.#ops(n);
        };
        return { objectStore: inTx, store: list.length === 1 ? inTx(list[0]) : undefined, done: Promise.resolve(), error: null, abort() {} };
      },
    };
    return db as unknown as LeakscopeDatabase;
  }
}
