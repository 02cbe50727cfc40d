/** Country and ASN lookups against the source CSVs: range boundaries, IPv6, private space, truth. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addressKind } from '../../src/core/enrich/addressKind';
import { type CsvRow, csvRows, geoTables, LEAKS, plainRows, v4, v6 } from './data';

const t = geoTables();
const GEO = 'geo-whois-asn-country';
const publicOnly = (ip: string, v: string | null): string | null => (addressKind(ip) === 'public' ? v : null);

/** Collects mismatches instead of calling expect() millions of times (which takes minutes). */
class Mismatches {
  list: string[] = [];
  check(ip: string, got: unknown, want: unknown): void {
    if (JSON.stringify(got) !== JSON.stringify(want) && this.list.length < 20) this.list.push(`${ip}: got ${JSON.stringify(got)} want ${JSON.stringify(want)}`);
  }
}

describe('country lookup, hand-picked', () => {
  it('answers the first, last and next address of ranges', () => {
    // 1.0.0.0-1.0.0.255 AU, 1.0.1.0-1.0.3.255 CN, 1.0.4.0-1.0.7.255 AU in the CSV
    expect(t.lookupCountry('1.0.0.0')).toBe('AU');
    expect(t.lookupCountry('1.0.0.255')).toBe('AU');
    expect(t.lookupCountry('1.0.1.0')).toBe('CN');
    expect(t.lookupCountry('1.0.3.255')).toBe('CN');
    expect(t.lookupCountry('1.0.4.0')).toBe('AU');
    expect(t.lookupCountry('0.255.255.255')).toBeNull(); // reserved 0/8, below the first range
    expect(t.lookupCountry('255.255.255.254')).toBeNull();
  });

  it('lets the innermost of nested ranges win and resumes the outer one after it', () => {
    // 37405696-37406207 DE contains 37405967 BE (2.59.191.15) in the CSV.
    expect(t.lookupCountry(v4(37405966n))).toBe('DE');
    expect(t.lookupCountry(v4(37405967n))).toBe('BE');
    expect(t.lookupCountry(v4(37405968n))).toBe('DE');
  });

  it('handles IPv6, IPv4-mapped and NAT64 forms', () => {
    expect(t.lookupCountry('2001:200::')).toBe('AU'); // 2001:200::-2001:218:2000:51:ffff:… AU
    expect(t.lookupCountry('2001:0200:0000:0000:0000:0000:0000:0001')).toBe('AU');
    expect(t.lookupCountry('[2001:200::1%eth0]')).toBe('AU');
    expect(t.lookupCountry('::ffff:1.0.1.7')).toBe('CN');
    expect(t.lookupCountry('64:ff9b::1.0.1.7')).toBe('CN');
    expect(t.lookupCountry('::ffff:10.1.2.3')).toBeNull();
    expect(t.lookupCountry('2001:db8::1')).toBeNull();
  });

  it('never gives private, loopback, link-local or CGNAT addresses a country', () => {
    for (const ip of ['10.0.0.1', '10.255.255.255', '172.16.0.0', '172.31.255.255', '192.168.0.1', '192.168.255.255', '100.64.0.0', '100.127.255.255', '127.0.0.1', '127.255.255.255', '169.254.1.1', 'fc00::1', 'fd12:3456::1', 'fe80::1', 'febf:ffff::1', '::1', '::', '0.0.0.0', '224.0.0.251', 'ff02::fb', '255.255.255.255']) {
      expect(t.lookupCountry(ip), ip).toBeNull();
      expect(t.lookupAsn(ip), ip).toBeNull();
    }
  });

  it('returns null for garbage', () => {
    for (const ip of ['', 'example.com', '1.2.3', '1.2.3.4.5', '256.1.1.1', '01.2.3.4', '1:2:3:4:5:6:7:8:9', ':::', 'g::1']) expect(t.lookupCountry(ip), ip).toBeNull();
  });
});

describe('country lookup vs every plain CSV range', () => {
  it('IPv4: first and last address of each range, and one beyond', () => {
    let checked = 0;
    const bad = new Mismatches();
    for (const { row, beyond } of plainRows(csvRows(GEO, `${GEO}-ipv4-num.csv`))) {
      for (const a of [row.start, row.end]) bad.check(v4(a), t.lookupCountry(v4(a)), publicOnly(v4(a), row.fields[0]));
      if (beyond !== undefined && row.end < 0xffffffffn) {
        const ip = v4(row.end + 1n);
        bad.check(ip, t.lookupCountry(ip), publicOnly(ip, beyond?.fields[0] ?? null));
      }
      checked++;
    }
    expect(bad.list).toEqual([]);
    expect(checked).toBeGreaterThan(300_000);
  });

  it('IPv6 (ranges on /64 boundaries): first and last address, and one beyond', () => {
    let checked = 0;
    const bad = new Mismatches();
    const low = (1n << 64n) - 1n;
    for (const { row, beyond } of plainRows(csvRows(GEO, `${GEO}-ipv6-num.csv`))) {
      if ((row.start & low) !== 0n || (row.end & low) !== low) continue;
      for (const a of [row.start, row.end]) bad.check(v6(a), t.lookupCountry(v6(a)), publicOnly(v6(a), row.fields[0]));
      if (beyond !== undefined) {
        const ip = v6(row.end + 1n);
        bad.check(ip, t.lookupCountry(ip), publicOnly(ip, beyond?.fields[0] ?? null));
      }
      checked++;
    }
    expect(bad.list).toEqual([]);
    expect(checked).toBeGreaterThan(150_000);
  });
});

describe('ASN lookup vs every plain CSV range', () => {
  const check = (rows: CsvRow[], text: (n: bigint) => string, aligned: (r: CsvRow) => boolean): number => {
    let checked = 0;
    const bad = new Mismatches();
    const want = (ip: string, r: CsvRow | null) => (addressKind(ip) === 'public' && r ? { asn: Number(r.fields[0]), org: r.fields[1] } : null);
    for (const { row, beyond } of plainRows(rows)) {
      if (!aligned(row)) continue;
      for (const a of [row.start, row.end]) bad.check(text(a), t.lookupAsn(text(a)), want(text(a), row));
      if (beyond !== undefined && row.end < 0xffffffffn) bad.check(text(row.end + 1n), t.lookupAsn(text(row.end + 1n)), want(text(row.end + 1n), beyond));
      checked++;
    }
    expect(bad.list).toEqual([]);
    return checked;
  };

  it('IPv4', () => {
    expect(check(csvRows('asn', 'asn-ipv4-num.csv'), v4, () => true)).toBeGreaterThan(400_000);
    expect(t.lookupAsn('1.0.0.0')).toEqual({ asn: 13335, org: 'Cloudflare, Inc.' });
    expect(t.lookupAsn('1.0.0.255')).toEqual({ asn: 13335, org: 'Cloudflare, Inc.' });
    expect(t.lookupAsn('1.0.1.0')).toBeNull(); // gap until 1.0.4.0
    expect(t.lookupAsn('1.0.4.0')).toEqual({ asn: 38803, org: 'Gtelecom Pty Ltd' });
  });

  it('IPv6', () => {
    const low = (1n << 64n) - 1n;
    expect(check(csvRows('asn', 'asn-ipv6-num.csv'), v6, (r) => (r.start & low) === 0n && (r.end & low) === low)).toBeGreaterThan(90_000);
    expect(t.lookupAsn('2001:4860:4860::8888')).toEqual({ asn: 15169, org: 'Google LLC' });
  });
});

describe('leak corpus truth', () => {
  it('every truth host address has the truth country', () => {
    const dir = join(LEAKS, 'truth');
    let n = 0;
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.truth.json'))) {
      const truth = JSON.parse(readFileSync(join(dir, f), 'utf8')) as { hosts?: { ip: string; country: string }[] };
      for (const h of truth.hosts ?? []) {
        expect(t.lookupCountry(h.ip), `${f} ${h.ip}`).toBe(h.country);
        expect(addressKind(h.ip)).toBe('public');
        n++;
      }
    }
    expect(n).toBeGreaterThanOrEqual(50);
  });
});

describe('tables with absolute starts (the CLI build\'s copies, LKC3/LKA3)', () => {
  it('answer every lookup as the shipped delta-coded tables do', async () => {
    const { gunzipSync } = await import('node:zlib');
    const { loadGeoTables, withAbsoluteStarts } = await import('../../src/core/enrich/tables');
    const raw = (name: string) => gunzipSync(readFileSync(join(__dirname, '../../src/data', `${name}.gz`)));
    const country = withAbsoluteStarts(raw('country.bin'));
    const asn = withAbsoluteStarts(raw('asn.bin'));
    expect(new TextDecoder().decode(country.subarray(0, 4))).toBe('LKC3');
    expect(new TextDecoder().decode(asn.subarray(0, 4))).toBe('LKA3');
    const abs = loadGeoTables({ country, asn });
    const bad = new Mismatches();
    let seed = 12345;
    const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
    const probes: string[] = ['1.0.0.0', '1.0.3.255', '1.0.4.0', '0.0.0.0', '255.255.255.255', '2001:200::', '2c0f:ffff::1', '::ffff:8.8.8.8'];
    for (let i = 0; i < 20_000; i++) probes.push(v4(BigInt(next())));
    for (let i = 0; i < 5_000; i++) {
      const h = 0x20000000 + (next() % 0x10000000);
      probes.push(`${(h >>> 16).toString(16)}:${(h & 0xffff).toString(16)}:${(next() & 0xffff).toString(16)}::1`);
    }
    let answered = 0;
    for (const ip of probes) {
      const c = t.lookupCountry(ip);
      if (c) answered++;
      bad.check(ip, abs.lookupCountry(ip), c);
      bad.check(ip, abs.lookupAsn(ip), t.lookupAsn(ip));
    }
    expect(bad.list).toEqual([]);
    expect(answered).toBeGreaterThan(10_000); // most random IPv4 addresses are allocated somewhere
  });
});
