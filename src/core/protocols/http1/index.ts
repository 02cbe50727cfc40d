/** HTTP/1.x: requests and responses, bodies decoded for the scanner, CONNECT/Upgrade tunnels. */
import type { Protocol } from '../../extract/handler';
import { HttpHandler, startLineKind } from './http1';
import { httpSection } from './records';
import { rtspMayClaim } from '../rtsp/rtsp';

declare module '../../warnings' {
  interface WarningCodes {
    'http-gap': 'http';
    'http-truncated': 'http';
    'http-incomplete-head': 'http';
    'http-resync': 'http';
    'http-bad-length': 'http';
    /** A body too large to keep whole (HTTP/1 and HTTP/2): scanned undecoded. */
    'http-body-large': 'http';
    /** A body's content coding could not be undone (HTTP/1 and HTTP/2). */
    'http-decode': 'http';
    'http-malformed': 'http';
  }
}

/** A request or status line, after any blank lines (a stray LF left after CONNECT's header block). */
function detectHttp(b: Uint8Array): boolean | 'more' {
  let ws = 0;
  while (ws < b.length && (b[ws] === 0x0d || b[ws] === 0x0a)) ws++;
  if (ws === b.length) return 'more';
  const kind = startLineKind(b, ws);
  // RTSP shares methods (OPTIONS rtsp://… RTSP/1.0): it is tried first (registry.ts), and while
  // its scheme or version may still show on a line cut short, HTTP does not claim either.
  if (kind === 'request' && rtspMayClaim(b)) return 'more';
  return kind === 'more' ? 'more' : kind !== null;
}

export const http1: Protocol = {
  name: 'http',
  detectTcp: detectHttp,
  // What a tunnel carries is sniffed again like a new flow. Known gap: after a 101 Upgrade to
  // h2c the server's SETTINGS come first and the HTTP/2 bytes are scanned raw; reading them
  // (redetect(ctx, true)) adds HTTP/2 requests the corpus truth, HTTP/1-only, does not list.
  create: (ctx) => new HttpHandler(ctx, () => ctx.redetect(ctx, false)),
  records: [httpSection],
};
