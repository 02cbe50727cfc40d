/**
 * CPU seconds (user + sys, all threads and children) of one command, read from
 * `/usr/bin/time -f`; wall seconds when /usr/bin/time is not there. Shared by the bench
 * sections that compare us with other tools (lab, cli).
 */
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

export interface Timed {
  cpu: number;
  wall: number;
}

/** Runs `cmd args` with stdout discarded; throws on an exit status other than 0 or `okStatus`. */
export function timed(cmd: string, args: string[], okStatus: number[] = [0]): Timed {
  const t = performance.now();
  const r = TIME
    ? spawnSync(TIME, ['-f', '@cpu %U %S', cmd, ...args], { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 << 20 })
    : spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 << 20 });
  const wall = (performance.now() - t) / 1000;
  const err = String(r.stderr);
  // /usr/bin/time reports the child's status as its own.
  if (r.status === null || !okStatus.includes(r.status)) throw new Error(`${cmd} ${args.join(' ')}: exit ${r.status}: ${err.slice(-2000)}`);
  const m = /@cpu ([\d.]+) ([\d.]+)/.exec(err);
  return { cpu: m ? Number(m[1]) + Number(m[2]) : wall, wall };
}

/** Median of n runs' CPU and wall seconds (each median on its own). */
export function median(n: number, run: () => Timed): Timed {
  const rs = Array.from({ length: n }, run);
  const mid = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return { cpu: mid(rs.map((r) => r.cpu)), wall: mid(rs.map((r) => r.wall)) };
}

/** True when `cmd` runs (`cmd ARG` exits; the version flag differs per tool). */
export function installed(cmd: string, arg = '--version'): boolean {
  const r = spawnSync(cmd, [arg], { stdio: 'ignore' });
  return !r.error;
}

/**
 * `--jobs N` against `--jobs 1` over one batch of captures (best of 2 wall seconds each, as
 * the cli section has measured it since session 4): the ratio is what N threads buy.
 */
export function jobsBatch(node: string, cli: string, out: string, batch: string[], jobs: number, extra: string[] = []): { jobs1: number; jobsN: number } {
  const best = (j: number) => Math.min(...[0, 1].map(() => timed(node, [cli, '--jobs', String(j), ...extra, '--out', out, ...batch], [0, 1]).wall));
  return { jobs1: best(1), jobsN: best(jobs) };
}
