/** Manual tool: compares the extractor with the truth of every corpus capture (npx tsx tests/extract/run-corpus.ts [filter]). */
import { readdirSync, readFileSync } from 'node:fs';
import { ProtocolExtractor } from '../../src/core/extract/index';
import { Collect, feed, summarize } from './pcap';

const dir = '/work/shared/corpus/external';
const filter = process.argv[2] ?? '';
const keys = ['dns_queries', 'dns_answers', 'http_requests', 'tls_sni', 'ja3', 'quic_sni'] as const;
const ok: Record<string, number> = {};
const total: Record<string, number> = {};
for (const f of readdirSync(`${dir}/captures`).sort()) {
  if (!f.includes(filter)) continue;
  const truth = JSON.parse(readFileSync(`${dir}/truth/${f}.json`, 'utf8'));
  const c = new Collect();
  try {
    feed(new Uint8Array(readFileSync(`${dir}/captures/${f}`)), new ProtocolExtractor(c));
  } catch (e) {
    console.log('CRASH', f, e);
    continue;
  }
  const s = summarize(c) as Record<string, unknown>;
  for (const k of keys) {
    const t = truth[k];
    const empty = Array.isArray(t) ? t.length === 0 : Object.keys(t).length === 0;
    const sv = s[k] as unknown;
    const sEmpty = Array.isArray(sv) ? sv.length === 0 : Object.keys(sv as object).length === 0;
    if (empty && sEmpty) continue;
    total[k] = (total[k] ?? 0) + 1;
    if (JSON.stringify(t) === JSON.stringify(sv)) ok[k] = (ok[k] ?? 0) + 1;
    else if (process.env.V) console.log(`MISMATCH ${k} ${f}\n  truth: ${JSON.stringify(t).slice(0, 600)}\n  ours:  ${JSON.stringify(sv).slice(0, 600)}`);
    else console.log(`MISMATCH ${k} ${f}`);
  }
}
for (const k of keys) console.log(k, `${ok[k] ?? 0}/${total[k] ?? 0}`);
