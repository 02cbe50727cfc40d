/** Shared by every stage of the engine. Pure data: no DOM, no worker globals. */

/** A non-fatal problem: something skipped or damaged, tied to a frame where one is known. */
export interface Warning {
  code: string;
  message: string;
  frame?: number;
}

export type WarnFn = (w: Warning) => void;

/** 'upload' = client (the side that opened the flow) to server. */
export type Direction = 'upload' | 'download';
