/**
 * The report's HTTP status is that of the response the handler paired with each request (one
 * pairing, in the protocol's handler). Before, the analysis paired the n-th response emitted
 * with the n-th request, so a response dropped at a gap shifted every later status onto the
 * wrong request, and an interim 100 Continue took the request's place.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXTERNAL } from '../corpus';
import { analyzeFile } from '../pipeline';

const statuses = async (file: string) => (await analyzeFile(join(EXTERNAL, 'captures', file))).http.map((h) => `${h.frame} ${h.uri} ${h.status}`);

describe('HTTP status per request', () => {
  it('a response lost in a gap answers no request; the later ones answer their own (/2, /3)', async () => {
    // tshark shows none of these responses (a body of each is lost); the handler reads the
    // responses to /2 and /3 and knows /1's was the one cut by the gap.
    expect(await statuses('http-gap-whole-body__input.pcap')).toEqual(['5 /1 null', '10 /2 200', '24 /3 200']);
  });

  it('pipelined requests around a gap: the first answered as tshark pairs it (http.request_in 4)', async () => {
    const got = await statuses('http-pipeline-files-with-gap__input.pcap');
    expect(got.slice(0, 3)).toEqual([
      '4 / 200',
      '108 /wp-content/themes/wall-street/js/skip-link-focus-fix.js?ver=1.1.4 null',
      '113 /wp-content/uploads/2015/04/NSL-InvestorPitch-9.007-420x420.jpg 200',
    ]);
  });
});
