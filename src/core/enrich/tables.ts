/** The offline lookup tables (src/data/*) decoded into typed arrays, and the lookups over them. */
import { gunzipSync } from 'fflate';
import { ipv4Kind, ipv6Kind } from './addressKind';
import { ByteReader, MAGIC_ASN, MAGIC_ASN_ABSOLUTE, MAGIC_COUNTRY, MAGIC_COUNTRY_ABSOLUTE } from './format';
import { embeddedIPv4, parseIPv4, parseIPv6 } from '../bytes';
import { type TrackerInfo, TrackerTable } from './trackers';

/**
 * A column of ascending range starts, stored as deltas (the shipped files) or absolute (LKC3/LKA3
 * copies). Deltas are summed per block of 256 on first use, not for every entry: a run looks up
 * a few dozen addresses, and summing all 800,000 IPv4 starts into fresh arrays cost ~15 ms of a
 * CLI start (mostly page faults on new memory).
 */
class StartColumn {
  private blocks: Uint32Array | null = null;
  /** `absolute`: the column holds the values themselves (LKC3/LKA3 files), no sums needed. */
  constructor(private readonly column: Uint32Array, private readonly absolute = false) {}

  /** blocks[k] = sum of the deltas [0, 256 k): the value before block k's first entry. */
  private sums(): Uint32Array {
    if (this.blocks) return this.blocks;
    const d = this.column;
    const out = new Uint32Array((d.length >>> 8) + 1);
    let v = 0;
    for (let i = 0; i < d.length; i++) {
      if ((i & 255) === 0) out[i >>> 8] = v;
      v = (v + d[i]) >>> 0;
    }
    return (this.blocks = out);
  }

  /**
   * Index of the last entry whose value is <= v (for a 64-bit key: < v, or == v and the second
   * column's entry <= l), or -1. The second column holds absolute values.
   */
  lastAtOrBelow(v: number, second?: Uint32Array, l = 0): number {
    const d = this.column;
    const atOrBelow = (x: number, i: number) => x < v || (x === v && (!second || second[i] <= l));
    if (this.absolute) return lastWhere(d.length, (i) => atOrBelow(d[i], i));
    // The last block whose first entry qualifies, then its entries one by one.
    const b = this.sums();
    const k = lastWhere(Math.ceil(d.length / 256), (k) => atOrBelow((b[k] + d[k << 8]) >>> 0, k << 8));
    if (k < 0) return -1;
    let x = b[k];
    let last = k << 8;
    const end = Math.min(d.length, (k + 1) << 8);
    for (let i = k << 8; i < end; i++) {
      x = (x + d[i]) >>> 0;
      if (!atOrBelow(x, i)) break;
      last = i;
    }
    return last;
  }
}

/** The last i in [0, n) for which ok(i) holds, or -1; ok must hold on a prefix of the range. */
function lastWhere(n: number, ok: (i: number) => boolean): number {
  if (n === 0 || !ok(0)) return -1;
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (ok(mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Range table keyed by IPv4: starts ascending; value 0 = no data, else index + 1. */
class V4Table {
  readonly starts: StartColumn;
  constructor(deltas: Uint32Array, readonly values: Uint32Array, absolute: boolean) {
    this.starts = new StartColumn(deltas, absolute);
  }
  get size(): number {
    return this.values.length;
  }
}

/** Range table keyed by the top 64 bits of IPv6: high 32 bits as deltas, low 32 bits absolute. */
class V6Table {
  readonly hi: StartColumn;
  constructor(deltas: Uint32Array, readonly lo: Uint32Array, readonly values: Uint32Array, absolute: boolean) {
    this.hi = new StartColumn(deltas, absolute);
  }
  get size(): number {
    return this.values.length;
  }
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
  private asns: Uint32Array = new Uint32Array(0);
  private asnOrg: Uint32Array = new Uint32Array(0);
  /** Organisation names, decoded on first use (81k names; a run looks up a handful). */
  private orgs: (string | undefined)[] = [];
  private orgEnds: Uint32Array = new Uint32Array(0);
  private orgNames: Uint8Array = new Uint8Array(0);
  private readonly trackerTable: TrackerTable;

  constructor(files: GeoTableFiles) {
    if (files.country) this.readCountry(inflate(files.country));
    if (files.asn) this.readAsn(inflate(files.asn));
    // Without trackers.json the project's OS host list (compiled in) still labels its hosts.
    this.trackerTable = new TrackerTable(files.trackers ?? null);
  }

  /** ISO 3166-1 alpha-2 code of a public address; null for non-public, unknown or invalid ones. */
  lookupCountry(ip: string): string | null {
    const i = this.find(ip, this.c4, this.c6);
    return i > 0 ? this.codes[i] : null;
  }

  /** Autonomous system and its organisation for a public address, else null. */
  lookupAsn(ip: string): AsnInfo | null {
    const i = this.find(ip, this.a4, this.a6);
    return i > 0 ? { asn: this.asns[i - 1], org: this.org(this.asnOrg[i - 1]) } : null;
  }

  /**
   * Label of a host name from its most specific listed name (itself or a parent domain), else
   * null. OS infrastructure hosts get category "os-infrastructure": see isTracker.
   */
  trackerFor(host: string | null | undefined): TrackerInfo | null {
    return host ? this.trackerTable.lookup(host) : null;
  }

  private org(k: number): string {
    return (this.orgs[k] ??= new TextDecoder().decode(this.orgNames.subarray(k ? this.orgEnds[k - 1] : 0, this.orgEnds[k])));
  }

  /** Entry counts, for benchmarks and the About page. */
  stats(): Record<string, number> {
    return {
      countryV4: this.c4?.size ?? 0,
      countryV6: this.c6?.size ?? 0,
      asnV4: this.a4?.size ?? 0,
      asnV6: this.a6?.size ?? 0,
      asns: this.asns.length,
      orgs: this.orgEnds.length,
      trackerDomains: this.trackerTable.size,
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
    const magic = r.ascii(4);
    if (magic !== MAGIC_COUNTRY && magic !== MAGIC_COUNTRY_ABSOLUTE) throw new Error('country table: bad magic or old format');
    const absolute = magic === MAGIC_COUNTRY_ABSOLUTE;
    const n = r.u32();
    // codes[0] is the "no data" slot so codes[value] works directly.
    this.codes = [''];
    for (let i = 0; i < n; i++) this.codes.push(r.ascii(2));
    r.align4();
    this.c4 = readV4(r, absolute);
    this.c6 = readV6(r, absolute);
  }

  private readAsn(bytes: Uint8Array): void {
    const r = new ByteReader(bytes);
    const magic = r.ascii(4);
    if (magic !== MAGIC_ASN && magic !== MAGIC_ASN_ABSOLUTE) throw new Error('asn table: bad magic or old format');
    const absolute = magic === MAGIC_ASN_ABSOLUTE;
    this.a4 = readV4(r, absolute);
    this.a6 = readV6(r, absolute);
    const n = r.u32();
    this.asns = r.u32s(n);
    this.asnOrg = r.u32s(n);
    const m = r.u32();
    this.orgEnds = r.u32s(m);
    this.orgNames = r.bytes(m ? this.orgEnds[m - 1] : 0);
    this.orgs = new Array<string | undefined>(m);
  }
}

/**
 * The files ship gzipped (3 MB instead of 7 MB in the repo and over the wire whatever the
 * server compresses). A server that sends them with Content-Encoding: gzip hands fetch() the
 * inflated bytes, so both forms are accepted, told apart by the gzip magic number.
 */
function inflate(b: Uint8Array): Uint8Array {
  return isGzip(b) ? gunzipSync(b) : b;
}

function isGzip(b: Uint8Array): boolean {
  return b.length > 2 && b[0] === 0x1f && b[1] === 0x8b;
}

/**
 * A fetched table file inflated by the platform (DecompressionStream: native code, several
 * times faster than fflate on the 15 MB of tables); the bytes as they are where that is missing.
 */
export async function inflateTableFile(b: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  if (!isGzip(b) || typeof DecompressionStream !== 'function') return b;
  const stream = new Blob([b]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

function readV4(r: ByteReader, absolute: boolean): V4Table {
  const n = r.u32();
  return new V4Table(r.u32s(n), r.u32s(n), absolute);
}

function readV6(r: ByteReader, absolute: boolean): V6Table {
  const n = r.u32();
  return new V6Table(r.u32s(n), r.u32s(n), r.u32s(n), absolute);
}

/**
 * A country or ASN table file (inflated) rewritten with absolute start columns (LKC3/LKA3), for
 * copies that are read often and never shipped (the CLI's build/cli/data). Same lookups.
 */
export function withAbsoluteStarts(file: Uint8Array): Uint8Array {
  const out = file.slice();
  const r = new ByteReader(out);
  const magic = r.ascii(4);
  const sum = (col: Uint32Array) => {
    let v = 0;
    for (let i = 0; i < col.length; i++) col[i] = v = (v + col[i]) >>> 0;
  };
  const v4 = () => {
    const n = r.u32();
    sum(r.u32s(n));
    r.u32s(n);
  };
  const v6 = () => {
    const n = r.u32();
    sum(r.u32s(n));
    r.u32s(n);
    r.u32s(n);
  };
  if (magic === MAGIC_COUNTRY) {
    const n = r.u32();
    r.bytes(2 * n);
    r.align4();
  } else if (magic !== MAGIC_ASN) throw new Error(`not a delta-coded country/ASN table: ${magic}`);
  v4();
  v6();
  out.set(new TextEncoder().encode(magic === MAGIC_COUNTRY ? MAGIC_COUNTRY_ABSOLUTE : MAGIC_ASN_ABSOLUTE), 0);
  return out;
}

/** Value of the last range starting at or below v. */
function search4(t: V4Table, v: number): number {
  const i = t.starts.lastAtOrBelow(v);
  return i < 0 ? 0 : t.values[i];
}

/** Value of the last range starting at or below the 64-bit prefix (h, l). */
function search6(t: V6Table, h: number, l: number): number {
  const i = t.hi.lastAtOrBelow(h, t.lo, l);
  return i < 0 ? 0 : t.values[i];
}
