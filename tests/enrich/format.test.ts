/** Generator and loader agree: flatten/encode in scripts/, decode and search in src/core/enrich. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { flatten, parseCsv, type Range, toPrefix64, writeV4, writeV6 } from '../../scripts/dataRanges';
import { ByteWriter, MAGIC_COUNTRY } from '../../src/core/enrich/format';
import { loadGeoTables } from '../../src/core/enrich/tables';
import { DATA, geoTables } from './data';

/** A country file with codes AA (1), BB (2), CC (3) from the given ranges. */
function countryFile(r4: Range[], r6: Range[]): Uint8Array {
  const w = new ByteWriter();
  w.ascii(MAGIC_COUNTRY);
  w.u32(3);
  w.ascii('AABBCC');
  w.align4();
  writeV4(w, flatten(r4));
  writeV6(w, toPrefix64(flatten(r6)));
  return w.finish();
}

describe('flatten', () => {
  it('keeps gaps, lets the innermost range win, merges runs', () => {
    const segs = flatten([
      { start: 10n, end: 19n, value: 1 }, { start: 20n, end: 29n, value: 1 }, { start: 40n, end: 49n, value: 1 },
      { start: 42n, end: 43n, value: 3 }, { start: 45n, end: 60n, value: 2 },
    ]);
    expect(segs).toEqual([
      { start: 10n, value: 1 }, { start: 30n, value: 0 }, { start: 40n, value: 1 }, { start: 42n, value: 3 },
      { start: 44n, value: 1 }, { start: 45n, value: 2 }, { start: 61n, value: 0 },
    ]);
  });

  it('keys IPv6 by the value at each /64\'s first address', () => {
    const p = (x: bigint) => x << 64n;
    expect(toPrefix64([{ start: p(1n), value: 1 }, { start: p(1n) + 5n, value: 2 }, { start: p(3n), value: 0 }])).toEqual([
      { start: 1n, value: 1 }, { start: 2n, value: 2 }, { start: 3n, value: 0 },
    ]);
  });
});

describe('round trip', () => {
  it('decodes what it encoded, including the top of both address spaces', () => {
    const top6 = (1n << 128n) - 1n;
    const t = loadGeoTables({
      country: countryFile(
        [{ start: 0x01000000n, end: 0x010000ffn, value: 1 }, { start: 0x01000100n, end: 0x0100ffffn, value: 2 }, { start: 0x08000000n, end: 0xdfffffffn, value: 3 }],
        [{ start: 0x2001n << 112n, end: (0x2002n << 112n) - 1n, value: 1 }, { start: 0x2c00n << 112n, end: top6, value: 2 }],
      ),
    });
    expect(t.lookupCountry('1.0.0.0')).toBe('AA');
    expect(t.lookupCountry('1.0.0.255')).toBe('AA');
    expect(t.lookupCountry('1.0.1.0')).toBe('BB');
    expect(t.lookupCountry('1.0.255.255')).toBe('BB');
    expect(t.lookupCountry('1.1.0.0')).toBeNull();
    expect(t.lookupCountry('223.255.255.255')).toBe('CC');
    expect(t.lookupCountry('2001:ffff:ffff:ffff:ffff:ffff:ffff:ffff')).toBe('AA');
    expect(t.lookupCountry('2002::')).toBeNull();
    expect(t.lookupCountry('2c00::')).toBe('BB');
    expect(t.lookupCountry('3fff:ffff:ffff:ffff::')).toBe('BB');
    expect(t.lookupAsn('1.0.0.0')).toBeNull(); // no ASN table given
    expect(t.trackerFor('www.google-analytics.com')).toBeNull(); // no tracker table given
  });

  it('rejects damaged files', () => {
    const good = gunzipSync(readFileSync(resolve(DATA, 'country.bin.gz')));
    expect(() => loadGeoTables({ country: good.subarray(0, 1000) })).toThrow(/truncated/);
    expect(() => loadGeoTables({ country: readFileSync(resolve(DATA, 'country.bin.gz')).subarray(0, 1000) })).toThrow();
    expect(() => loadGeoTables({ asn: good })).toThrow(/magic/);
    expect(() => loadGeoTables({ trackers: '{"format":"x"}' })).toThrow(/format/);
  });

  it('parses quoted organisation names', () => {
    expect(parseCsv('1,2,13335,"Cloudflare, Inc."\n3,4,1,"A ""B"" C"\n5,6,2,\n')).toEqual([
      { start: 1n, end: 2n, fields: ['13335', 'Cloudflare, Inc.'] },
      { start: 3n, end: 4n, fields: ['1', 'A "B" C'] },
      { start: 5n, end: 6n, fields: ['2', ''] },
    ]);
  });
});

describe('tracker table', () => {
  const t = geoTables();
  it('matches a host or its nearest listed parent, never a bare suffix', () => {
    expect(t.trackerFor('google-analytics.com')?.company).toBe('Google');
    expect(t.trackerFor('a.b.google-analytics.com.')?.name).toBe('Google Analytics');
    expect(t.trackerFor('GRAPH.FACEBOOK.COM')?.company).toBe('Meta');
    expect(t.trackerFor('com')).toBeNull();
    expect(t.trackerFor('api.account.xmsvc-cloud.cn')).toBeNull();
    expect(t.trackerFor('')).toBeNull();
  });

  it('hands out copies', () => {
    const a = t.trackerFor('google-analytics.com')!;
    a.name = 'changed';
    expect(t.trackerFor('google-analytics.com')!.name).toBe('Google Analytics');
  });

  it('has the sizes the manifest states', () => {
    const m = JSON.parse(readFileSync(resolve(DATA, 'manifest.json'), 'utf8'));
    const s = t.stats();
    expect(s.countryV4).toBe(m.counts.country.entries_v4);
    expect(s.countryV6).toBe(m.counts.country.entries_v6);
    expect(s.asnV4).toBe(m.counts.asn.entries_v4);
    expect(s.asnV6).toBe(m.counts.asn.entries_v6);
    expect(s.trackerDomains).toBe(m.counts.trackers.domains);
    for (const name of ['country.bin.gz', 'asn.bin.gz', 'trackers.json']) expect(readFileSync(resolve(DATA, name)).length).toBe(m.files[name].file_bytes);
  });

  it('loads inflated bytes too (a server that applied Content-Encoding: gzip)', () => {
    const t2 = loadGeoTables({ country: gunzipSync(readFileSync(resolve(DATA, 'country.bin.gz'))) });
    expect(t2.lookupCountry('1.0.1.0')).toBe('CN');
  });
});
