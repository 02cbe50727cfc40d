/** Collects findings and folds duplicates of one (type, value, encoding, flow, protocol, direction). */
import type { Finding } from '../report/types';

const RANK = { low: 0, medium: 1, high: 2 } as const;

/** Accumulates findings in arrival order; duplicates add a frame to the first. */
export class FindingSet {
  private readonly byKey = new Map<string, Finding>();

  /** Adds one finding or folds it into an earlier one with the same key (findingKey(f), if the caller has it). */
  add(f: Finding, key = findingKey(f)): void {
    const old = this.byKey.get(key);
    if (!old) {
      this.byKey.set(key, { ...f, frames: [f.frame] });
      return;
    }
    if (!old.frames!.includes(f.frame)) old.frames!.push(f.frame);
    if (f.source === 'profile' && old.source !== 'profile') old.source = 'profile';
    if (f.confidence && (!old.confidence || RANK[f.confidence] > RANK[old.confidence])) old.confidence = f.confidence;
    if (f.encrypted_on_wire === false) old.encrypted_on_wire = false;
  }

  /**
   * Folds in a finding that is already folded (with its frames), as a scan worker returns them
   * per batch. Merging batches in input order gives what add() would have given one by one.
   */
  merge(f: Finding): void {
    this.add(f);
    const folded = this.byKey.get(findingKey(f))!;
    for (const n of f.frames ?? []) if (!folded.frames!.includes(n)) folded.frames!.push(n);
  }

  /** How many distinct findings so far. */
  get size(): number {
    return this.byKey.size;
  }

  /** The folded findings, frames sorted. */
  list(): Finding[] {
    return [...this.byKey.values()].map((f) => ({ ...f, frames: [...f.frames!].sort((a, b) => a - b) }));
  }
}

/** The key findings fold by: (type, value, encoding, flow, protocol, direction). */
export function findingKey(f: Finding): string {
  return [f.type, f.value, f.encoding, f.flow, f.protocol, f.direction].join('\u0000');
}
