/**
 * `npm run update-data`: regenerates src/data/ from the packages in node_modules —
 * country.bin.gz (@ip-location-db/geo-whois-asn-country, CC0), asn.bin.gz (@ip-location-db/asn,
 * CC BY 4.0), trackers.json (@ghostery/trackerdb, CC BY-NC-SA 4.0), manifest.json and
 * LICENSES.md. Byte layout: src/core/enrich/format.ts. Deterministic: same packages, same bytes.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { ByteWriter, MAGIC_ASN, MAGIC_COUNTRY } from '../src/core/enrich/format';
import { flatten, parseCsv, type Range, toPrefix64, writeV4, writeV6 } from './dataRanges';
import { buildTrackers } from './dataTrackers';
import { licenses } from './dataLicenses';
import { buildMccCountries } from './dataMcc';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const MODULES = join(ROOT, 'node_modules');
const OUT = join(ROOT, 'src/data');
const GEO = '@ip-location-db/geo-whois-asn-country';
const ASN = '@ip-location-db/asn';
const TRACKERS = '@ghostery/trackerdb';
const MCC = 'mcc-mnc-list';

const read = (pkg: string, file: string): string => readFileSync(join(MODULES, pkg, file), 'utf8');
const version = (pkg: string): string => (JSON.parse(read(pkg, 'package.json')) as { version: string }).version;

function buildCountry(): { bytes: Uint8Array; counts: Record<string, number> } {
  const v4 = parseCsv(read(GEO, 'geo-whois-asn-country-ipv4-num.csv'));
  const v6 = parseCsv(read(GEO, 'geo-whois-asn-country-ipv6-num.csv'));
  const codes = [...new Set([...v4, ...v6].map((r) => r.fields[0].toUpperCase()))].sort();
  for (const c of codes) if (!/^[A-Z]{2}$/.test(c)) throw new Error(`unexpected country code ${c}`);
  const index = new Map(codes.map((c, i) => [c, i + 1]));
  const ranges = (rows: typeof v4): Range[] => rows.map((r) => ({ start: r.start, end: r.end, value: index.get(r.fields[0].toUpperCase())! }));
  const s4 = flatten(ranges(v4));
  const s6 = toPrefix64(flatten(ranges(v6)));
  const w = new ByteWriter();
  w.ascii(MAGIC_COUNTRY);
  w.u32(codes.length);
  for (const c of codes) w.ascii(c);
  w.align4();
  writeV4(w, s4);
  writeV6(w, s6);
  return { bytes: w.finish(), counts: { rows_v4: v4.length, rows_v6: v6.length, entries_v4: s4.length, entries_v6: s6.length, countries: codes.length } };
}

function buildAsn(): { bytes: Uint8Array; counts: Record<string, number> } {
  const v4 = parseCsv(read(ASN, 'asn-ipv4-num.csv'));
  const v6 = parseCsv(read(ASN, 'asn-ipv6-num.csv'));
  // ASNs ordered by how many ranges use them: small common indexes compress best.
  const uses = new Map<number, number>();
  const orgOf = new Map<number, string>();
  for (const r of [...v4, ...v6]) {
    const asn = Number(r.fields[0]);
    uses.set(asn, (uses.get(asn) ?? 0) + 1);
    if (!orgOf.has(asn)) orgOf.set(asn, r.fields[1] ?? '');
  }
  const asns = [...uses.keys()].sort((a, b) => uses.get(b)! - uses.get(a)! || a - b);
  const index = new Map(asns.map((a, i) => [a, i + 1]));
  const orgs: string[] = [];
  const orgIndex = new Map<string, number>();
  for (const a of asns) {
    const o = orgOf.get(a)!;
    if (!orgIndex.has(o)) orgIndex.set(o, orgs.push(o) - 1);
  }
  const ranges = (rows: typeof v4): Range[] => rows.map((r) => ({ start: r.start, end: r.end, value: index.get(Number(r.fields[0]))! }));
  const s4 = flatten(ranges(v4));
  const s6 = toPrefix64(flatten(ranges(v6)));
  const w = new ByteWriter();
  w.ascii(MAGIC_ASN);
  writeV4(w, s4);
  writeV6(w, s6);
  w.u32(asns.length);
  for (const a of asns) w.u32(a);
  for (const a of asns) w.u32(orgIndex.get(orgOf.get(a)!)!);
  const enc = new TextEncoder();
  const names = orgs.map((o) => enc.encode(o));
  w.u32(orgs.length);
  let end = 0;
  for (const b of names) w.u32((end += b.length));
  for (const b of names) w.bytes(b);
  w.align4();
  return { bytes: w.finish(), counts: { rows_v4: v4.length, rows_v6: v6.length, entries_v4: s4.length, entries_v6: s6.length, asns: asns.length, orgs: orgs.length } };
}

function main(): void {
  const versions = { [GEO]: version(GEO), [ASN]: version(ASN), [TRACKERS]: version(TRACKERS), [MCC]: version(MCC) };
  const country = buildCountry();
  const asn = buildAsn();
  const trackerFile = buildTrackers(JSON.parse(read(TRACKERS, 'dist/trackerdb.json')), `${TRACKERS}@${versions[TRACKERS]}`);
  const trackers = new TextEncoder().encode(JSON.stringify(trackerFile));
  // Binary tables are stored gzipped (the loader inflates them); the tracker JSON stays readable.
  // mtime 0 in the gzip header keeps the output byte-identical across runs.
  const gz = (b: Uint8Array): Uint8Array => gzipSync(b, { level: 9 });
  const files: Record<string, { data: Uint8Array; stored: Uint8Array }> = {
    'country.bin.gz': { data: country.bytes, stored: gz(country.bytes) },
    'asn.bin.gz': { data: asn.bytes, stored: gz(asn.bytes) },
    'trackers.json': { data: trackers, stored: trackers },
  };
  const manifest = {
    generated_by: 'scripts/update-data.ts',
    packages: versions,
    files: Object.fromEntries(
      Object.entries(files).map(([name, f]) => [
        name,
        { file_bytes: f.stored.length, table_bytes: f.data.length, gzip_bytes: gz(f.data).length, sha256: createHash('sha256').update(f.stored).digest('hex') },
      ]),
    ),
    counts: { country: country.counts, asn: asn.counts, trackers: { domains: Object.keys(trackerFile.domains).length, trackers: trackerFile.patterns.length, organizations: trackerFile.organizations.length } },
  };
  for (const [name, f] of Object.entries(files)) writeFileSync(join(OUT, name), f.stored);
  writeFileSync(join(OUT, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  // Small enough to be code: the report builder imports it (phone numbers' country from the carrier).
  writeFileSync(join(ROOT, 'src/core/scan/mccCountries.ts'), buildMccCountries(JSON.parse(read(MCC, 'mcc-mnc-list.json')), `${MCC}@${version(MCC)}`));
  writeFileSync(join(OUT, 'LICENSES.md'), licenses(versions, (pkg, file) => read(pkg, file)));
  console.log(JSON.stringify(manifest, null, 2));
}

main();
