/**
 * Connections in order of last activity, least recent first: a doubly linked list through the
 * entries themselves. A packet moves its connection to the end with a few pointer writes; the
 * flow table used to keep this order in its Maps by a delete and a set per packet (hashing the
 * key twice and growing the Map's store: ~5 % of the CLI's main thread and 12 MB of allocation
 * on the 157 MB lab capture).
 */
export interface RecencyEntry<T> {
  older: T | null;
  newer: T | null;
}

export class RecencyList<T extends RecencyEntry<T>> {
  /** Least recently active. */
  oldest: T | null = null;
  newest: T | null = null;

  /** Appends an entry that is in no list. */
  push(e: T): void {
    e.older = this.newest;
    e.newer = null;
    if (this.newest) this.newest.newer = e;
    else this.oldest = e;
    this.newest = e;
  }

  /** Moves an entry of this list to the newest end. */
  touch(e: T): void {
    if (this.newest === e) return;
    this.remove(e);
    this.push(e);
  }

  remove(e: T): void {
    if (e.older) e.older.newer = e.newer;
    else this.oldest = e.newer;
    if (e.newer) e.newer.older = e.older;
    else this.newest = e.older;
    e.older = e.newer = null;
  }

  clear(): void {
    this.oldest = this.newest = null;
  }
}
