/** What the extractor found on a corpus capture, in the shape of its tshark truth JSON. */
import { join } from 'node:path';
import { EXTERNAL, externalTruth } from '../corpus';
import { extractCapture, type Extracted } from '../pipeline';

export const KEYS = ['dns_queries', 'dns_answers', 'http_requests', 'tls_sni', 'ja3', 'quic_sni'] as const;
export type Key = (typeof KEYS)[number];

/** Truth-shaped summary of what the extractor found, for comparison with the corpus JSON. */
export function summarize(x: Extracted): Record<Key, unknown> {
  const uniq = (xs: string[]) => [...new Set(xs)].sort();
  const answers: Record<string, string[]> = {};
  for (const r of x.dns) {
    if (!r.response) continue;
    const ips = r.answers.filter((a) => /^[0-9.]+$|:/.test(a));
    if (!ips.length) continue;
    answers[r.name] = uniq([...(answers[r.name] ?? []), ...ips]);
  }
  const reqs = x.http
    .filter((m) => m.kind === 'request')
    .map((m, i) => ({ m, i }))
    .sort((a, b) => a.m.frame - b.m.frame || a.i - b.i)
    .map(({ m }) => ({ method: m.method, host: m.host, uri: m.uri }));
  return {
    dns_queries: uniq(x.dns.filter((r) => !r.response).map((r) => r.name)),
    dns_answers: Object.fromEntries(Object.keys(answers).sort().map((k) => [k, answers[k]])),
    http_requests: reqs,
    tls_sni: uniq(x.tls.filter((h) => h.transport === 'tcp' && h.sni !== null).map((h) => h.sni!)),
    ja3: uniq(x.tls.filter((h) => h.transport === 'tcp').map((h) => h.ja3)),
    // tshark's quic_sni is the TLS extension inside IETF QUIC; gQUIC's CHLO SNI is its gquic.tag.sni (tests/protocols/gquic.test.ts).
    quic_sni: uniq(x.tls.filter((h) => h.transport === 'udp' && h.sni !== null && !h.version?.startsWith('gquic')).map((h) => h.sni!)),
  };
}

/** One corpus capture through the real pipeline, its summary and its truth. */
export function runCapture(file: string) {
  const x = extractCapture(join(EXTERNAL, 'captures', file));
  const truth: Record<Key, unknown> = externalTruth(file);
  return { x, s: summarize(x), truth };
}

export interface Agreement {
  /** Per key: [captures that agree, captures where truth or we found something]. */
  counts: Partial<Record<Key, [number, number]>>;
  /** `${key} ${file}` for each disagreement. */
  mismatches: string[];
  /** Per file, its extract-error warnings (none expected). */
  errors: Record<string, string[]>;
}

/** Compares each of `files` (names under EXTERNAL/captures) with its truth. */
export function agreement(files: string[], onMismatch?: (key: Key, file: string, truth: unknown, ours: unknown) => void): Agreement {
  const out: Agreement = { counts: {}, mismatches: [], errors: {} };
  for (const f of files) {
    const { x, s, truth } = runCapture(f);
    const errors = x.warnings.filter((w) => w.code === 'extract-error').map((w) => w.message);
    if (errors.length) out.errors[f] = errors;
    for (const k of KEYS) {
      const t = JSON.stringify(truth[k]);
      const o = JSON.stringify(s[k]);
      if ((t === '[]' || t === '{}') && t === o) continue;
      const c = (out.counts[k] ??= [0, 0]);
      c[1]++;
      if (t === o) c[0]++;
      else {
        out.mismatches.push(`${k} ${f}`);
        onMismatch?.(k, f, truth[k], s[k]);
      }
    }
  }
  return out;
}
