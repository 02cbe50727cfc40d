/**
 * Lookup speed of the enrichment tables: `npx tsx tests/enrich/bench.ts`.
 * Prints load time, lookups per second per kind and table sizes (raw and gzipped).
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { addressKind } from '../../src/core/enrich/addressKind';
import { registrableDomain } from '../../src/core/enrich/domain';
import { loadGeoTables } from '../../src/core/enrich/tables';

const DATA = resolve(dirname(fileURLToPath(import.meta.url)), '../../src/data');
const files = { country: readFileSync(resolve(DATA, 'country.bin.gz')), asn: readFileSync(resolve(DATA, 'asn.bin.gz')), trackers: readFileSync(resolve(DATA, 'trackers.json')) };

let seed = 12345;
// Deterministic xorshift, so runs are comparable.
const rand = (): number => {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return seed >>> 0;
};
const N = 1_000_000;
const v4 = Array.from({ length: N }, () => {
  const x = rand();
  return `${x >>> 24}.${(x >>> 16) & 255}.${(x >>> 8) & 255}.${x & 255}`;
});
// Inside 2000::/3 so most are public and reach the table search.
const v6 = Array.from({ length: N }, () => `${(0x2000 + (rand() % 0x1000)).toString(16)}:${(rand() & 0xffff).toString(16)}:${(rand() & 0xffff).toString(16)}::${(rand() & 0xffff).toString(16)}`);
const hosts = ['www.google-analytics.com', 'api.account.xmsvc-cloud.cn', 'graph.facebook.com', 'img.jinri-news.cn', 'a.b.c.d.example.co.uk', 'stat.adtrackr.com'];
const hostList = Array.from({ length: N }, (_, i) => hosts[i % hosts.length]);

function time<T>(label: string, inputs: T[], fn: (x: T) => unknown): void {
  let hits = 0;
  for (let i = 0; i < 10_000; i++) if (fn(inputs[i]) !== null) hits++; // warm-up
  hits = 0;
  const t0 = performance.now();
  for (const x of inputs) if (fn(x) !== null) hits++;
  const ms = performance.now() - t0;
  console.log(`| ${label} | ${Math.round(inputs.length / (ms / 1000)).toLocaleString('en-US')} | ${((hits / inputs.length) * 100).toFixed(1)}% |`);
}

// Addresses inside allocated IPv6 space: starts of random rows of the source CSV, plus an offset.
const v6rows = readFileSync(resolve(DATA, '../../node_modules/@ip-location-db/geo-whois-asn-country/geo-whois-asn-country-ipv6.csv'), 'utf8').split('\n').filter(Boolean);
const v6known = Array.from({ length: N }, () => v6rows[rand() % v6rows.length].split(',')[0].replace(/::$/, '::1'));

const loadOne = (f: Parameters<typeof loadGeoTables>[0]): string => {
  const t = performance.now();
  loadGeoTables(f);
  return `${(performance.now() - t).toFixed(0)} ms`;
};
const loads = `country ${loadOne({ country: files.country })}, asn ${loadOne({ asn: files.asn })}, trackers ${loadOne({ trackers: files.trackers })}`;
const t0 = performance.now();
const tables = loadGeoTables(files);
const loadMs = performance.now() - t0;

console.log(`node ${process.version}, ${N.toLocaleString('en-US')} lookups each, load (decode all tables) ${loadMs.toFixed(0)} ms (${loads})\n`);
console.log('| lookup | per second | non-null |\n|---|---:|---:|');
time('lookupCountry IPv4 (random)', v4, (ip) => tables.lookupCountry(ip));
time('lookupCountry IPv6 (random in 2000::/3)', v6, (ip) => tables.lookupCountry(ip));
time('lookupCountry IPv6 (inside allocated ranges)', v6known, (ip) => tables.lookupCountry(ip));
time('lookupAsn IPv4', v4, (ip) => tables.lookupAsn(ip));
time('lookupAsn IPv6 (inside allocated ranges)', v6known, (ip) => tables.lookupAsn(ip));
time('addressKind IPv4', v4, (ip) => addressKind(ip));
time('trackerFor', hostList, (h) => tables.trackerFor(h));
time('registrableDomain (tldts)', hostList, (h) => registrableDomain(h));

console.log('\n| table | bytes | gzip -9 (as stored in src/data) |\n|---|---:|---:|');
let raw = 0;
let gz = 0;
for (const [name, stored] of Object.entries({ 'country.bin': files.country, 'asn.bin': files.asn, 'trackers.json': files.trackers })) {
  const b = stored[0] === 0x1f && stored[1] === 0x8b ? gunzipSync(stored) : stored;
  const g = gzipSync(b, { level: 9 }).length;
  raw += b.length;
  gz += g;
  console.log(`| ${name} | ${b.length.toLocaleString('en-US')} | ${g.toLocaleString('en-US')} |`);
}
console.log(`| total | ${raw.toLocaleString('en-US')} | ${gz.toLocaleString('en-US')} |`);
const s = tables.stats();
console.log(`\nentries: ${JSON.stringify(s)}`);
const mem = (s.countryV4 + s.asnV4) * 8 + (s.countryV6 + s.asnV6) * 12 + s.asns * 8;
console.log(`typed arrays in memory after load: ~${(mem / 1e6).toFixed(1)} MB (plus ${s.orgs.toLocaleString('en-US')} organisation strings)`);
