/** HTTP/2 (h2 inside TLS, h2c with prior knowledge): HPACK headers, DATA bodies, per stream. */
import type { Protocol } from '../../extract/handler';
import { H2_PREFACE, Http2Handler } from './http2';

declare module '../../warnings' {
  interface WarningCodes { 'http2-malformed': 'http2'; 'http2-hpack': 'http2'; }
}

/** Claimed by the client's connection preface; its messages are `http` records (http1/records.ts). */
export const http2: Protocol = {
  name: 'http2',
  preface: H2_PREFACE,
  create: (ctx, client) => new Http2Handler(ctx, client),
};
