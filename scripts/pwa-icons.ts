/**
 * Draws the app's PNG icons (public/icons/) from the favicon's magnifier glyph: no image tools
 * needed, only zlib. `npx tsx scripts/pwa-icons.ts` rewrites them; the output is committed.
 *
 *   icon-192.png, icon-512.png   purpose "any": rounded square, transparent corners
 *   maskable-512.png             purpose "maskable": full bleed, glyph inside the 80 % safe circle
 *   apple-touch-icon.png         180 px, full bleed (iOS rounds the corners itself)
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { deflateSync } from 'node:zlib';

const ACCENT: RGB = [0xc2, 0x41, 0x0c];
const GLYPH: RGB = [0xff, 0xff, 0xff];
type RGB = [number, number, number];

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
/** An 8-bit RGBA PNG. */
function png(size: number, rgba: Uint8Array): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    Buffer.from(rgba.buffer, rgba.byteOffset + y * size * 4, size * 4).copy(raw, y * (size * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function segDist(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax, dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}
/** The favicon's glyph in its 32-unit box: a ring, a dot and a handle. */
function inGlyph(x: number, y: number): boolean {
  const r = Math.hypot(x - 13, y - 13);
  return Math.abs(r - 9) <= 2 || r <= 3 || segDist(x, y, 20, 20, 28, 28) <= 2;
}
/** Inside a square of side 1 with corner radius `rad` (unit coordinates). */
function inRoundedSquare(u: number, v: number, rad: number): boolean {
  const cx = Math.min(Math.max(u, rad), 1 - rad), cy = Math.min(Math.max(v, rad), 1 - rad);
  return u >= 0 && u <= 1 && v >= 0 && v <= 1 && Math.hypot(u - cx, v - cy) <= rad;
}

/** `glyph`: the glyph's 32-unit box as a fraction of the icon; `corner`: 0 for full bleed. */
function draw(size: number, glyph: number, corner: number): Buffer {
  const out = new Uint8Array(size * size * 4);
  const S = 4; // 4×4 supersampling
  const box = glyph * size, off = (size - box) / 2;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let bg = 0, fg = 0;
      for (let j = 0; j < S; j++) {
        for (let i = 0; i < S; i++) {
          const px = x + (i + 0.5) / S, py = y + (j + 0.5) / S;
          if (!(corner === 0 || inRoundedSquare(px / size, py / size, corner))) continue;
          bg++;
          if (inGlyph(((px - off) / box) * 32, ((py - off) / box) * 32)) fg++;
        }
      }
      const a = bg / (S * S), k = bg ? fg / bg : 0, p = (y * size + x) * 4;
      for (let c = 0; c < 3; c++) out[p + c] = Math.round(ACCENT[c] * (1 - k) + GLYPH[c] * k);
      out[p + 3] = Math.round(a * 255);
    }
  }
  return png(size, out);
}

const dir = resolve(import.meta.dirname, '../public/icons');
// The glyph reaches 19 units from the centre of its 32-unit box: at 0.64 of the icon it stays
// within the maskable safe zone (a circle of 40 % of the icon's size).
const files: [string, Buffer][] = [
  ['icon-192.png', draw(192, 0.72, 0.22)],
  ['icon-512.png', draw(512, 0.72, 0.22)],
  ['maskable-512.png', draw(512, 0.6, 0)],
  ['apple-touch-icon.png', draw(180, 0.66, 0)],
];
for (const [name, data] of files) {
  writeFileSync(resolve(dir, name), data);
  console.log(`public/icons/${name}  ${data.length} bytes`);
}
