/** The per-flow protocol handler contract used by ProtocolExtractor. */
import type { Direction } from '../types';
import type { Flow } from '../flow/types';
import type { ExtractSink } from './types';

/** What every protocol handler gets: the flow it serves and where to emit. */
export interface HandlerContext {
  flow: Flow;
  sink: ExtractSink;
}

/** One protocol's parser for one flow; gets in-order bytes per direction and must never throw. */
export interface FlowHandler {
  data(dir: Direction, bytes: Uint8Array, offset: number, frame: number): void;
  gap(dir: Direction, length: number, frame: number): void;
  close(): void;
}

/** Index 0 for upload, 1 for download: per-direction state arrays use it. */
export function dirIndex(d: Direction): 0 | 1 {
  return d === 'upload' ? 0 : 1;
}

/** The opposite direction. */
export function otherDir(d: Direction): Direction {
  return d === 'upload' ? 'download' : 'upload';
}
