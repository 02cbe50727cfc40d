/**
 * The out-of-order pieces of one TCP direction, sorted by stream position, in an array with
 * free room at both ends: an insert moves the shorter side, so segments arriving in order
 * (append), in reverse order (prepend) and delivered from the front all cost O(1); only a
 * piece landing in the middle moves up to half of them. A plain array's splice at the front
 * made 20,000 reversed segments quadratic.
 */
export interface Ranged {
  pos: number;
  len: number;
}

/** Shared by every queue until its first insert (which recentres into its own array): most
 * directions never hold a piece, and 16 slots cost ~180 B per direction (issue 15). */
const NONE: never[] = [];

export class PieceQueue<T extends Ranged> {
  private items: (T | undefined)[] = NONE;
  private head = 0;
  private tail = 0;

  get length(): number {
    return this.tail - this.head;
  }

  /** The i-th piece from the front (i < length). */
  at(i: number): T {
    return this.items[this.head + i] as T;
  }

  /** Index of the first piece that ends after `pos` (binary search). */
  firstEndingAfter(pos: number): number {
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const pc = this.at(mid);
      if (pc.pos + pc.len <= pos) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Puts `item` at index i, before the piece now there. */
  insert(i: number, item: T): void {
    const front = i < this.length / 2;
    if (front ? this.head === 0 : this.tail === this.items.length) this.recentre();
    const items = this.items;
    if (front) {
      for (let k = this.head; k < this.head + i; k++) items[k - 1] = items[k];
      this.head--;
    } else {
      for (let k = this.tail; k > this.head + i; k--) items[k] = items[k - 1];
      this.tail++;
    }
    items[this.head + i] = item;
  }

  /** Removes the first k pieces. */
  dropFront(k: number): void {
    for (let j = 0; j < k; j++) this.items[this.head + j] = undefined;
    this.head += k;
    if (this.head === this.tail) this.clear();
  }

  clear(): void {
    if (this.items.length > 1024) this.items = new Array<T | undefined>(16);
    else this.items.fill(undefined, this.head, this.tail);
    this.head = this.tail = this.items.length >> 1;
  }

  /** The pieces in the middle, with at least as much room as pieces (doubling when full). */
  private recentre(): void {
    const n = this.length;
    const cap = Math.max(16, n + 1 > this.items.length / 2 ? this.items.length * 2 : this.items.length);
    const next = new Array<T | undefined>(cap);
    const head = (cap - n) >> 1;
    for (let k = 0; k < n; k++) next[head + k] = this.items[this.head + k];
    this.items = next;
    this.head = head;
    this.tail = head + n;
  }
}
