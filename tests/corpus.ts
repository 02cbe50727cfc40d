/**
 * Where the shared corpus is: beside the repository (the CI clones the repo next to `shared`),
 * resolved from this file so it holds in any checkout or worktree. Every test and bench takes
 * its paths from here.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The repository: the first folder above this module holding package.json. Found by walking
 * up rather than a fixed '..' because the bench bundles this file into build/bench/.
 */
function repoRoot(): string {
  const start = dirname(fileURLToPath(import.meta.url));
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${start}`);
  }
}

export const REPO_ROOT = repoRoot();
export const SHARED = resolve(REPO_ROOT, '../shared');
export const CORPUS = resolve(SHARED, 'corpus');
export const TOOLS = resolve(SHARED, 'tools');

/** suricata-verify captures with tshark truth (captures/, truth/, list.tsv). */
export const EXTERNAL = resolve(CORPUS, 'external');
/** Damaged files every reader must survive (manifest.tsv). */
export const MALFORMED = resolve(CORPUS, 'malformed');
/** Hand-made leak captures with truth, profile and key logs. */
export const LEAKS = resolve(CORPUS, 'leaks');
export const WILD = resolve(CORPUS, 'wild');
export const FORMATS = resolve(CORPUS, 'formats');

/** Path of one external capture, by file name. */
export function externalCapture(file: string): string {
  return join(EXTERNAL, 'captures', file);
}

/** The tshark 4.0.17 truth of one external capture (EXTERNAL/truth/<file>.json), the fields tests read. */
export interface ExternalTruth {
  file: string;
  linktype: string;
  format: string;
  frames: number;
  tcp_streams: number;
  udp_streams: number;
  ip_fragments: number;
  protocols: string[];
  dns_queries: string[];
  dns_answers: Record<string, string[]>;
  http_requests: { method?: string; host: string | null; uri?: string }[];
  tls_sni: string[];
  quic_sni: string[];
  ja3: string[];
  /** Set for a capture converted from another one of the corpus. */
  derived?: { from: string };
}

/** The truth of one external capture, by capture file name. */
export function externalTruth(file: string): ExternalTruth {
  return JSON.parse(readFileSync(join(EXTERNAL, 'truth', `${file}.json`), 'utf8')) as ExternalTruth;
}

/** Every truth of the external corpus, in file name order. */
export function externalTruths(): ExternalTruth[] {
  return readdirSync(join(EXTERNAL, 'truth'))
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(EXTERNAL, 'truth', f), 'utf8')) as ExternalTruth);
}
