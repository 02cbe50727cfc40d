/** HPACK header decompression (RFC 7541) for one direction of an HTTP/2 connection. */
import { HUFFMAN_CODES, HUFFMAN_LENGTHS } from './hpackHuffman';

const STATIC: [string, string][] = [
  [':authority', ''], [':method', 'GET'], [':method', 'POST'], [':path', '/'], [':path', '/index.html'],
  [':scheme', 'http'], [':scheme', 'https'], [':status', '200'], [':status', '204'], [':status', '206'],
  [':status', '304'], [':status', '400'], [':status', '404'], [':status', '500'], ['accept-charset', ''],
  ['accept-encoding', 'gzip, deflate'], ['accept-language', ''], ['accept-ranges', ''], ['accept', ''],
  ['access-control-allow-origin', ''], ['age', ''], ['allow', ''], ['authorization', ''], ['cache-control', ''],
  ['content-disposition', ''], ['content-encoding', ''], ['content-language', ''], ['content-length', ''],
  ['content-location', ''], ['content-range', ''], ['content-type', ''], ['cookie', ''], ['date', ''],
  ['etag', ''], ['expect', ''], ['expires', ''], ['from', ''], ['host', ''], ['if-match', ''],
  ['if-modified-since', ''], ['if-none-match', ''], ['if-range', ''], ['if-unmodified-since', ''],
  ['last-modified', ''], ['link', ''], ['location', ''], ['max-forwards', ''], ['proxy-authenticate', ''],
  ['proxy-authorization', ''], ['range', ''], ['referer', ''], ['refresh', ''], ['retry-after', ''],
  ['server', ''], ['set-cookie', ''], ['strict-transport-security', ''], ['transfer-encoding', ''],
  ['user-agent', ''], ['vary', ''], ['via', ''], ['www-authenticate', ''],
];

/** Dynamic table ceiling we accept whatever the peer announces: keeps memory per flow bounded. */
const MAX_TABLE = 64 * 1024;
/** Longest decoded header list we return, like SETTINGS_MAX_HEADER_LIST_SIZE. */
const MAX_LIST = 256 * 1024;

/** Huffman decoding tree as flat arrays: node -> [child0, child1], leaves hold -(symbol + 1). */
let tree: Int32Array | null = null;

function huffmanTree(): Int32Array {
  if (tree) return tree;
  const t: number[] = [0, 0];
  for (let sym = 0; sym < 257; sym++) {
    const code = HUFFMAN_CODES[sym];
    const len = HUFFMAN_LENGTHS[sym];
    let node = 0;
    for (let i = len - 1; i >= 0; i--) {
      const bit = (code >>> i) & 1;
      const slot = node * 2 + bit;
      if (i === 0) t[slot] = -(sym + 1);
      else {
        if (t[slot] === 0) {
          t.push(0, 0);
          t[slot] = t.length / 2 - 1;
        }
        node = t[slot];
      }
    }
  }
  tree = Int32Array.from(t);
  return tree;
}

/** Decodes a Huffman-coded string literal; null if it is invalid (EOS inside or bad padding). */
export function huffmanDecode(b: Uint8Array): Uint8Array | null {
  const t = huffmanTree();
  const out: number[] = [];
  let node = 0;
  let depth = 0;
  let ones = true;
  for (const byte of b) {
    for (let i = 7; i >= 0; i--) {
      const bit = (byte >> i) & 1;
      const next = t[node * 2 + bit];
      depth++;
      ones &&= bit === 1;
      if (next < 0) {
        if (next === -257) return null;
        out.push(-next - 1);
        node = 0;
        depth = 0;
        ones = true;
      } else if (next === 0) return null;
      else node = next;
    }
  }
  // Padding is up to 7 one-bits (the EOS prefix).
  if (depth > 7 || !ones) return null;
  return Uint8Array.from(out);
}

/** Thrown inside the decoder only; HpackDecoder.decode turns it into an error result. */
class HpackError extends Error {}

const latin = (b: Uint8Array) => {
  let s = '';
  for (let i = 0; i < b.length; i++) s += String.fromCharCode(b[i]);
  return s;
};

/** The decompression context of one direction; header blocks must be fed in order. */
export class HpackDecoder {
  private dyn: [string, string][] = [];
  private size = 0;
  private max = 4096;

  /** Decodes one complete header block into (name, value) pairs (Latin-1 strings). */
  decode(block: Uint8Array): { headers: [string, string][]; error: string | null } {
    const headers: [string, string][] = [];
    let listSize = 0;
    let p = 0;
    const int = (prefix: number): number => {
      if (p >= block.length) throw new HpackError('header block ends inside an integer');
      const mask = (1 << prefix) - 1;
      let v = block[p++] & mask;
      if (v < mask) return v;
      let m = 0;
      for (;;) {
        if (p >= block.length) throw new HpackError('header block ends inside an integer');
        const c = block[p++];
        v += (c & 0x7f) * 2 ** m;
        m += 7;
        if ((c & 0x80) === 0) return v;
        if (m > 28) throw new HpackError('integer too large');
      }
    };
    const str = (): string => {
      if (p >= block.length) throw new HpackError('header block ends before a string');
      const huff = (block[p] & 0x80) !== 0;
      const len = int(7);
      if (p + len > block.length) throw new HpackError('string runs past the header block');
      const raw = block.subarray(p, p + len);
      p += len;
      if (!huff) return latin(raw);
      const d = huffmanDecode(raw);
      if (!d) throw new HpackError('bad Huffman string');
      return latin(d);
    };
    const entry = (i: number): [string, string] => {
      if (i >= 1 && i <= STATIC.length) return STATIC[i - 1];
      const e = this.dyn[i - STATIC.length - 1];
      if (i === 0 || !e) throw new HpackError(`index ${i} is not in the table`);
      return e;
    };
    try {
      while (p < block.length) {
        const b = block[p];
        let h: [string, string];
        if (b & 0x80) h = entry(int(7)); // indexed
        else if ((b & 0xe0) === 0x20) {
          // Dynamic table size update.
          const n = int(5);
          this.max = Math.min(n, MAX_TABLE);
          this.evict(0);
          continue;
        } else {
          const incremental = (b & 0xc0) === 0x40;
          const idx = int(incremental ? 6 : 4);
          const name = idx ? entry(idx)[0] : str();
          h = [name, str()];
          if (incremental) this.insert(h);
        }
        listSize += h[0].length + h[1].length + 32;
        if (listSize > MAX_LIST) throw new HpackError('header list too large');
        headers.push(h);
      }
    } catch (e) {
      // The context may now differ from the sender's: later blocks can decode wrongly.
      return { headers, error: e instanceof Error ? e.message : String(e) };
    }
    return { headers, error: null };
  }

  private insert(h: [string, string]): void {
    const size = h[0].length + h[1].length + 32;
    this.evict(size);
    if (size <= this.max) {
      this.dyn.unshift(h);
      this.size += size;
    }
  }

  /** Evicts oldest entries until `room` more bytes fit. */
  private evict(room: number): void {
    while (this.dyn.length && this.size + room > this.max) {
      const [n, v] = this.dyn.pop()!;
      this.size -= n.length + v.length + 32;
    }
  }
}
