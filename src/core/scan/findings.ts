/** Collects findings and folds duplicates of one (type, value, encoding, flow, protocol, direction). */
import type { Finding } from '../report/types';

const RANK = { low: 0, medium: 1, high: 2 } as const;
/**
 * Distinct findings a set keeps (issue 15: bounded whatever the capture); later new ones are
 * dropped, their frames added to nothing, and the analysis warns `findings-limit`. The corpus'
 * largest report has 825 (the lab capture: 60 real captures 22 times over); each finding costs
 * ~4.5 KB with its flow kept whole (200k flows each with an IMEI peaked at 975 MB), so this
 * bounds both near 450 MB and the report near 60 MB.
 */
export const MAX_FINDINGS = 100_000;
/** Frames of one finding searched as a list; past this, as a set. */
const FRAME_LIST_MAX = 16;

/** Accumulates findings in arrival order; duplicates add a frame to the first. */
export class FindingSet {
  private readonly byKey = new Map<string, Finding>();
  /** Flows with a finding (the flow ledger asks for each flow it decides). */
  private readonly flows = new Set<number>();
  /**
   * The frames of a finding seen in more than FRAME_LIST_MAX frames, as a set: a search of the
   * list per sighting made one identifier sent in every message of a long connection quadratic.
   */
  private readonly frameSets = new Map<Finding, Set<number>>();

  /** `max`: distinct findings kept (Infinity where the inputs are bounded already). */
  constructor(private readonly max = MAX_FINDINGS) {}

  /** Adds one finding or folds it into an earlier one with the same key (findingKey(f), if the caller has it). */
  add(f: Finding, key = findingKey(f)): void {
    const old = this.byKey.get(key);
    if (!old) {
      if (this.byKey.size >= this.max) return;
      this.byKey.set(key, { ...f, frames: [f.frame] });
      this.flows.add(f.flow);
      return;
    }
    this.addFrame(old, f.frame);
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
    const folded = this.byKey.get(findingKey(f));
    if (!folded) return; // past the limit
    for (const n of f.frames ?? []) this.addFrame(folded, n);
  }

  /** Whether the set holds as many findings as it keeps (new ones may have been dropped). */
  get full(): boolean {
    return this.byKey.size >= this.max;
  }

  /** Whether some finding so far is on this flow. */
  hasFlow(id: number): boolean {
    return this.flows.has(id);
  }

  private addFrame(f: Finding, frame: number): void {
    const frames = f.frames!;
    if (frames.length <= FRAME_LIST_MAX) {
      if (frames.includes(frame)) return;
    } else {
      let set = this.frameSets.get(f);
      if (!set) this.frameSets.set(f, (set = new Set(frames)));
      if (set.has(frame)) return;
      set.add(frame);
    }
    frames.push(frame);
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
