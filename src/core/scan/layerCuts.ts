/** What nested decoding left undecoded, counted by the scanner and merged across scan workers. */

/** Layers that would have been decoded but for the depth or the byte budget, and the first one's place. */
export interface LayerCuts {
  depth: number;
  budget: number;
  first: { flow: number; frame: number } | null;
}

export const noCuts = (): LayerCuts => ({ depth: 0, budget: 0, first: null });

/** Adds `b`'s counts to `a` (the first place stays a's when it has one). */
export function mergeCuts(a: LayerCuts, b: LayerCuts): void {
  a.depth += b.depth;
  a.budget += b.budget;
  a.first ??= b.first;
}
