import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ProtocolExtractor } from '../../src/core/extract/index';
import { Collect, feed, summarize } from './pcap';

const DIR = '/work/shared/corpus/external';
const KEYS = ['dns_queries', 'dns_answers', 'http_requests', 'tls_sni', 'ja3', 'quic_sni'] as const;

function run(file: string) {
  const c = new Collect();
  feed(new Uint8Array(readFileSync(`${DIR}/captures/${file}`)), new ProtocolExtractor(c));
  return { c, s: summarize(c) as Record<string, unknown>, truth: JSON.parse(readFileSync(`${DIR}/truth/${file}.json`, 'utf8')) };
}

describe('agreement with tshark 4.0.17 truth (test-only pcap feeder)', () => {
  it.each([
    'dns__dns-tcp-www-google-com__dns.pcap',
    'dns__dns-forward-pointer__input.pcap',
    'dns__dns-incomplete__input.pcap',
    'tls__tls-subjectaltname__input.pcap',
    'bug-2769__issue_no_icmp.pcap',
    'tls__tls13-draft28__tls13_draft28.pcap',
    'community-id-ipv6__input.pcap',
    'quic-retry__input.pcap',
    'quic-frag-unordered__input.pcap',
    'quic-initial-not-first__input.pcap',
    'ja4-rules-disabled__input.pcap',
    'http-chunked__input.pcap',
    'http-connect__http-connect-simple__input.pcap',
    'filestore-5408__input.pcap',
  ])('%s', (file) => {
    const { c, s, truth } = run(file);
    for (const k of KEYS) expect(s[k], k).toEqual(truth[k]);
    expect(c.warnings.filter((w) => w.code === 'extract-error')).toEqual([]);
  });

  it('agrees on every capture of the corpus but the known gap', () => {
    const mismatches: string[] = [];
    const counts: Record<string, [number, number]> = {};
    for (const f of readdirSync(`${DIR}/captures`).sort()) {
      const { c, s, truth } = run(f);
      expect(c.warnings.filter((w) => w.code === 'extract-error'), f).toEqual([]);
      for (const k of KEYS) {
        const t = JSON.stringify(truth[k]);
        const o = JSON.stringify(s[k]);
        if (t === '[]' && o === '[]') continue;
        if (t === '{}' && o === '{}') continue;
        counts[k] ??= [0, 0];
        counts[k][1]++;
        if (t === o) counts[k][0]++;
        else mismatches.push(`${k} ${f}`);
      }
    }
    // vxlan-decoder-01: tshark decodes a UDP datagram between ports 12345 and 32021 as DNS
    // (a query for "localhost") though neither port is 53; we only use port 53.
    expect(mismatches).toEqual(['dns_queries vxlan-decoder-01__input.pcap']);
    expect(counts).toEqual({
      dns_queries: [31, 32], dns_answers: [19, 19], http_requests: [345, 345], tls_sni: [24, 24], ja3: [25, 25], quic_sni: [7, 7],
    });
  });
});
