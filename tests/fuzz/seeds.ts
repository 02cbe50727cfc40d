/**
 * The fuzzer's seed files, from ../shared/corpus: every damaged file, leak capture and format
 * sample, and every third external and wild capture, all under 1 MB (a case's time grows with
 * its size; the small ones give the most cases a minute). Sorted, so a run seed means the
 * same cases on every machine with the same corpus.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { EXTERNAL, FORMATS, LEAKS, MALFORMED, WILD } from '../corpus';

export const MAX_SEED_BYTES = 1 << 20;

export interface SeedFile {
  path: string;
  bytes: Uint8Array;
  /** The key log that goes with it (leak captures), if any. */
  keylogPath?: string;
}

const NOT_CAPTURES = /\.(md|tsv|txt|json)$/;

function filesIn(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => !NOT_CAPTURES.test(f))
    .map((f) => join(dir, f))
    .filter((p) => statSync(p).isFile() && statSync(p).size <= MAX_SEED_BYTES)
    .sort();
}

function keylogFor(path: string): string | undefined {
  const stem = basename(path).replace(/\.(pcap|pcapng)(\.gz)?$/, '');
  const candidates = [join(LEAKS, 'keys', `${stem}.keylog`), join(LEAKS, 'keys', `${stem.replace(/-dsb$/, '-dsb-keylog')}.keylog`)];
  return candidates.find((p) => existsSync(p));
}

export function loadSeeds(): SeedFile[] {
  const everyThird = (xs: string[]) => xs.filter((_, i) => i % 3 === 0);
  const paths = [
    ...filesIn(MALFORMED),
    ...filesIn(join(LEAKS, 'captures')),
    ...filesIn(join(FORMATS, 'captures')),
    ...everyThird(filesIn(join(EXTERNAL, 'captures'))),
    ...everyThird(filesIn(join(WILD, 'captures'))),
  ];
  return paths.map((path) => ({ path, bytes: new Uint8Array(readFileSync(path)), keylogPath: path.startsWith(LEAKS) ? keylogFor(path) : undefined }));
}
