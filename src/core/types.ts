/** Shared by every stage of the engine. Pure data: no DOM, no worker globals. */

/** 'upload' = client (the side that opened the flow) to server. */
export type Direction = 'upload' | 'download';
