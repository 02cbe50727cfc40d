/** Test helpers: the generated tables read from src/data, and the source CSVs for cross-checks. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type GeoTables, loadGeoTables } from '../../src/core/enrich/tables';

import { LEAKS, REPO_ROOT, TOOLS } from '../corpus';

export { LEAKS, TOOLS };
export const ROOT = REPO_ROOT;
export const DATA = resolve(ROOT, 'src/data');

let tables: GeoTables | undefined;

/** All tables, loaded once per test file, exactly as the worker would from fetched bytes. */
export function geoTables(): GeoTables {
  tables ??= loadGeoTables({
    country: readFileSync(resolve(DATA, 'country.bin.gz')),
    asn: readFileSync(resolve(DATA, 'asn.bin.gz')),
    trackers: readFileSync(resolve(DATA, 'trackers.json')),
  });
  return tables;
}

/** One row of an ip-location-db "-num" CSV. */
export interface CsvRow {
  start: bigint;
  end: bigint;
  fields: string[];
}

/** Rows of a CSV in node_modules/@ip-location-db (org names may be quoted). */
export function csvRows(pkg: string, file: string): CsvRow[] {
  const text = readFileSync(resolve(ROOT, 'node_modules/@ip-location-db', pkg, file), 'utf8');
  const rows: CsvRow[] = [];
  for (const line of text.split('\n')) {
    if (!line) continue;
    const country = /^(\d+),(\d+),([A-Z]{2})$/.exec(line);
    const asn = /^(\d+),(\d+),(\d+),(.*)$/.exec(line);
    const m = country ?? asn;
    if (!m) throw new Error(`bad row ${line}`);
    const fields = [m[3]];
    if (asn) fields.push(asn[4].startsWith('"') ? asn[4].slice(1, -1).replace(/""/g, '"') : asn[4]);
    rows.push({ start: BigInt(m[1]), end: BigInt(m[2]), fields });
  }
  return rows;
}

/** A row no other row overlaps, and what the address just past its end must map to. */
export interface PlainRow {
  row: CsvRow;
  /** Row whose first address is row.end + 1 (null: a gap, so "no data"); undefined: unsure. */
  beyond: CsvRow | null | undefined;
}

/** Rows that neither contain nor sit inside another row (the CSVs nest a few thousand). */
export function plainRows(rows: CsvRow[]): PlainRow[] {
  const out: PlainRow[] = [];
  let maxEnd = -1n;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    const next = rows[i + 1];
    const plain = maxEnd < r.start && (!next || next.start > r.end);
    if (r.end > maxEnd) maxEnd = r.end;
    if (!plain) continue;
    let beyond: CsvRow | null | undefined = null;
    if (next && next.start === r.end + 1n) {
      // If a nested row starts at the same address, the inner one wins there: skip the check.
      beyond = rows[i + 2] && rows[i + 2].start === next.start ? undefined : next;
    }
    out.push({ row: r, beyond });
  }
  return out;
}

/** IPv4 text of a number. */
export function v4(n: bigint): string {
  const x = Number(n);
  return `${x >>> 24}.${(x >>> 16) & 255}.${(x >>> 8) & 255}.${x & 255}`;
}

/** Full (uncompressed) IPv6 text of a 128-bit number. */
export function v6(n: bigint): string {
  const g: string[] = [];
  for (let i = 7; i >= 0; i--) g.push(((n >> BigInt(i * 16)) & 0xffffn).toString(16));
  return g.join(':');
}
