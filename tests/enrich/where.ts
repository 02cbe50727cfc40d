/**
 * The check of ../shared/tools/compare-where.mjs on one report: for every truth host with an ip,
 * some flow to that ip carries the host name (or a name under it) and some flow the country.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Report } from '../../src/core/report/types';

/** A leak-corpus truth file, as far as the where-check reads it. */
export interface WhereTruth {
  capture: string;
  hosts?: { name: string | null; ip: string | null; country: string | null }[];
}

/** Result of checking one report, with compare-where's "wrong" lines. */
export interface WhereResult {
  right: number;
  checked: number;
  wrong: string[];
}

/** Same rules as compare-where.mjs, for one report and its truth. */
export function checkWhere(truth: WhereTruth, report: Pick<Report, 'flows'> | null): WhereResult {
  const res: WhereResult = { right: 0, checked: 0, wrong: [] };
  for (const h of truth.hosts ?? []) {
    if (!h.ip) continue;
    res.checked++;
    const flows = (report?.flows ?? []).filter((f) => f.server?.ip === h.ip);
    const name = h.name?.toLowerCase();
    const hostOk = !name || flows.some((f) => f.host && (f.host.toLowerCase() === name || f.host.toLowerCase().endsWith('.' + name)));
    const countryOk = !h.country || flows.some((f) => (f.country ?? '').toUpperCase() === h.country!.toUpperCase());
    if (flows.length && hostOk && countryOk) res.right++;
    else res.wrong.push(`${truth.capture}: ${h.ip} want ${h.name ?? '-'} ${h.country ?? '-'}, got ${flows.map((f) => `${f.host ?? '-'} ${f.country ?? '-'}`).join(' | ') || 'no flow'}`);
  }
  return res;
}

/** Every truth file of a corpus directory (e.g. ../shared/corpus/leaks/truth). */
export function readTruths(dir: string): WhereTruth[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.truth.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as WhereTruth);
}
