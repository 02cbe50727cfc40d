/** A failed analysis in people's words: what the file is, first; the engine's detail after. */

export interface ErrorWords {
  /** "photo.jpg is a JPEG image, not a capture." */
  headline: string;
  /** The rest: what Leakscope reads, or the engine's one-line reason. */
  detail: string;
}

/**
 * The capture reader names files dropped by mistake ("a JPEG image, not a capture: Leakscope
 * reads …", core/capture/probe.ts): that naming is the headline, the list of formats the detail.
 */
export function errorWords(name: string, message: string): ErrorWords {
  const m = /^(an? [^:]+?), not a capture: (.+)$/.exec(message);
  if (m) return { headline: `${name} is ${m[1]}, not a capture.`, detail: `${m[2].charAt(0).toUpperCase()}${m[2].slice(1)}.` };
  return { headline: `${name} could not be read.`, detail: message };
}
