/** The offline lookup tables (src/data/*) decoded into typed arrays, and the lookups over them. */
import { gunzipSync } from 'fflate';
import { ipv4Kind, ipv6Kind } from './addressKind';
import { ByteReader, MAGIC_ASN, MAGIC_COUNTRY } from './format';
import { embeddedIPv4, parseIPv4, parseIPv6 } from './ip';
import { type TrackerInfo, TrackerTable } from './trackers';

/** Range table keyed by IPv4: starts ascending; value 0 = no data, else index + 1. */
interface V4Table {
  starts: Uint32Array;
  values: Uint32Array;
}

/** Range table keyed by the top 64 bits of IPv6, split in two 32-bit halves. */
interface V6Table {
  hi: Uint32Array;
  lo: Uint32Array;
  values: Uint32Array;
}

/** Raw bytes of the files in src/data/, as fetched (browser) or read (Node). */
export interface GeoTableFiles {
  /** src/data/country.bin.gz (gzipped or already inflated by the server's Content-Encoding) */
  country?: Uint8Array;
  /** src/data/asn.bin.gz (same) */
  asn?: Uint8Array;
  /** src/data/trackers.json (bytes or text) */
  trackers?: Uint8Array | string;
}

/** Network owner of an address. */
export interface AsnInfo {
  asn: number;
  org: string;
}

/** Decodes the table files; throws if one is damaged. Tables not given just answer null. */
export function loadGeoTables(files: GeoTableFiles): GeoTables {
  return new GeoTables(files);
}

/** Offline country, ASN and tracker lookups. */
export class GeoTables {
  private codes: string[] = [];
  private c4: V4Table | null = null;
  private c6: V6Table | null = null;
  private a4: V4Table | null = null;
  private a6: V6Table | null = null;
  private asns = new Uint32Array(0);
  private asnOrg = new Uint32Array(0);
  private orgs: string[] = [];
  private readonly trackerTable: TrackerTable | null;

  constructor(files: GeoTableFiles) {
    if (files.country) this.readCountry(inflate(files.country));
    if (files.asn) this.readAsn(inflate(files.asn));
    this.trackerTable = files.trackers ? new TrackerTable(files.trackers) : null;
  }

  /** ISO 3166-1 alpha-2 code of a public address; null for non-public, unknown or invalid ones. */
  lookupCountry(ip: string): string | null {
    const i = this.find(ip, this.c4, this.c6);
    return i > 0 ? this.codes[i] : null;
  }

  /** Autonomous system and its organisation for a public address, else null. */
  lookupAsn(ip: string): AsnInfo | null {
    const i = this.find(ip, this.a4, this.a6);
    return i > 0 ? { asn: this.asns[i - 1], org: this.orgs[this.asnOrg[i - 1]] } : null;
  }

  /** Tracker label of a host name or any of its parent domains, else null. */
  trackerFor(host: string | null | undefined): TrackerInfo | null {
    return host && this.trackerTable ? this.trackerTable.lookup(host) : null;
  }

  /** Entry counts, for benchmarks and the About page. */
  stats(): Record<string, number> {
    return {
      countryV4: this.c4?.starts.length ?? 0,
      countryV6: this.c6?.hi.length ?? 0,
      asnV4: this.a4?.starts.length ?? 0,
      asnV6: this.a6?.hi.length ?? 0,
      asns: this.asns.length,
      orgs: this.orgs.length,
      trackerDomains: this.trackerTable?.size ?? 0,
    };
  }

  /** Table value (0 = none) for a public address; the IPv4 table also serves mapped/NAT64 IPv6. */
  private find(ip: string, t4: V4Table | null, t6: V6Table | null): number {
    let v4 = parseIPv4(ip);
    if (v4 === null) {
      const g = parseIPv6(ip);
      if (!g) return 0;
      v4 = embeddedIPv4(g);
      if (v4 === null) {
        if (!t6 || ipv6Kind(g) !== 'public') return 0;
        return search6(t6, ((g[0] << 16) | g[1]) >>> 0, ((g[2] << 16) | g[3]) >>> 0);
      }
    }
    if (!t4 || ipv4Kind(v4) !== 'public') return 0;
    return search4(t4, v4);
  }

  private readCountry(bytes: Uint8Array): void {
    const r = new ByteReader(bytes);
    if (r.ascii(4) !== MAGIC_COUNTRY) throw new Error('country table: bad magic');
    const n = r.varint();
    // codes[0] is the "no data" slot so codes[value] works directly.
    this.codes = [''];
    for (let i = 0; i < n; i++) this.codes.push(r.ascii(2));
    this.c4 = readV4(r);
    this.c6 = readV6(r);
  }

  private readAsn(bytes: Uint8Array): void {
    const r = new ByteReader(bytes);
    if (r.ascii(4) !== MAGIC_ASN) throw new Error('asn table: bad magic');
    this.a4 = readV4(r);
    this.a6 = readV6(r);
    const n = r.varint();
    this.asns = new Uint32Array(n);
    this.asnOrg = new Uint32Array(n);
    for (let i = 0; i < n; i++) this.asns[i] = r.varint();
    let fresh = 0;
    for (let i = 0; i < n; i++) {
      const ref = r.varint();
      this.asnOrg[i] = ref === 0 ? fresh++ : ref - 1;
    }
    const m = r.varint();
    const dec = new TextDecoder();
    this.orgs = new Array<string>(m);
    for (let i = 0; i < m; i++) this.orgs[i] = dec.decode(r.bytes(r.varint()));
  }
}

/**
 * The files ship gzipped (3 MB instead of 7 MB in the repo and over the wire whatever the
 * server compresses). A server that sends them with Content-Encoding: gzip hands fetch() the
 * inflated bytes, so both forms are accepted, told apart by the gzip magic number.
 */
function inflate(b: Uint8Array): Uint8Array {
  return b.length > 2 && b[0] === 0x1f && b[1] === 0x8b ? gunzipSync(b) : b;
}

function readV4(r: ByteReader): V4Table {
  const n = r.varint();
  const starts = new Uint32Array(n);
  let v = 0;
  for (let i = 0; i < n; i++) {
    const x = r.varint();
    v += x % 2 === 0 ? (x / 2) * 256 : (x - 1) / 2;
    starts[i] = v;
  }
  return { starts, values: readValues(r, n) };
}

function readV6(r: ByteReader): V6Table {
  const n = r.varint();
  const hi = new Uint32Array(n);
  const lo = new Uint32Array(n);
  let h = 0;
  let l = 0;
  for (let i = 0; i < n; i++) {
    h += r.varint();
    l += r.varint();
    // Carry from the low half: the delta was split, not the sum.
    if (l >= 0x100000000) {
      l -= 0x100000000;
      h += 1;
    }
    hi[i] = h;
    lo[i] = l;
  }
  return { hi, lo, values: readValues(r, n) };
}

function readValues(r: ByteReader, n: number): Uint32Array {
  const values = new Uint32Array(n);
  for (let i = 0; i < n; i++) values[i] = r.varint();
  return values;
}

/** Value of the last range starting at or below v. */
function search4(t: V4Table, v: number): number {
  const s = t.starts;
  let lo = 0;
  let hi = s.length - 1;
  if (hi < 0 || s[0] > v) return 0;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (s[mid] <= v) lo = mid;
    else hi = mid - 1;
  }
  return t.values[lo];
}

/** Value of the last range starting at or below the 64-bit prefix (h, l). */
function search6(t: V6Table, h: number, l: number): number {
  const H = t.hi;
  const L = t.lo;
  let lo = 0;
  let hi = H.length - 1;
  if (hi < 0 || H[0] > h || (H[0] === h && L[0] > l)) return 0;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (H[mid] < h || (H[mid] === h && L[mid] <= l)) lo = mid;
    else hi = mid - 1;
  }
  return t.values[lo];
}
