/** What `leakscope queue` and `leakscope worker` share: the queue's name, connection and job ids. */
import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';

/** Override with --queue NAME to run several batches on one Redis. */
export const DEFAULT_QUEUE = 'leakscope-scan';

/** A job's data: the capture's absolute path on the workers' file system, and its SHA-256. */
export interface ScanJobData {
  path: string;
  sha256: string;
}

/**
 * One connection for BullMQ. `maxRetriesPerRequest: null` so commands wait through a Redis
 * restart instead of failing after 20 tries (BullMQ requires it for a worker's connections);
 * ioredis reconnects on its own.
 */
export function connect(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null });
}

/**
 * The job id: the same capture (same path, same bytes) is one job however often it is added,
 * and BullMQ ignores an add whose id exists. Hex only: BullMQ refuses ids with ':' and integers.
 */
export function jobId(data: ScanJobData): string {
  return createHash('sha256').update(`${data.path}\0${data.sha256}`).digest('hex').slice(0, 32);
}

/** --name value, repeated flags, positionals: the small parser the lab's commands share. */
export function parseFlags(argv: string[], flags: Record<string, 'value' | 'bool'>, usage: (code: number) => never): { opts: Record<string, string | true>; rest: string[] } {
  const opts: Record<string, string | true> = {};
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--help' || a === '-h') usage(0);
    if (!a.startsWith('--')) {
      rest.push(a);
      continue;
    }
    const kind = flags[a.slice(2)];
    if (!kind) fail(`unknown option ${a}`);
    if (kind === 'bool') opts[a.slice(2)] = true;
    else {
      const v = argv[++i];
      if (v === undefined) fail(`${a} needs a value`);
      opts[a.slice(2)] = v;
    }
  }
  return { opts, rest };
}

export function fail(message: string): never {
  console.error(`leakscope: ${message}`);
  process.exit(2);
}
