/**
 * Text or binary around a candidate. A digit shape found by its shape alone (a bare 15-digit
 * Luhn run, an 11-digit mobile number) is evidence only in text: in pixel data, video or a
 * compressed archive, digit runs are chance (Luhn passes one random 15-digit run in ten), and a
 * photo upload once gave dozens of "phone numbers" and "IMEIs". In binary bytes only profile
 * values and values under a key naming their kind count.
 *
 * Checked per candidate, never per byte of the input: the hot path stays in wasm.
 */
import { printableShare } from './codecs';

/** Bytes looked at on each side of a candidate. */
export const BINARY_WINDOW = 64;
/** Below this share of printable bytes (ASCII text, tabs, newlines, valid UTF-8) the window is binary. */
export const MIN_TEXT_SHARE = 0.85;

const at = (b: Uint8Array, i: number, ...bytes: number[]) => bytes.every((x, k) => b[i + k] === x);
const ascii = (b: Uint8Array, i: number, s: string) => at(b, i, ...[...s].map((c) => c.charCodeAt(0)));

/**
 * Whether the buffer starts as a known binary format does: images, audio/video containers,
 * archives, executables. (PDF is not here: its header and dictionaries are text, its streams are
 * caught by the window test.)
 */
export function binaryMagic(b: Uint8Array): boolean {
  if (b.length < 4) return false;
  const c = b[0];
  switch (c) {
    case 0xff: return b[1] === 0xd8 && b[2] === 0xff; // JPEG
    case 0x89: return ascii(b, 1, 'PNG');
    case 0x47: return ascii(b, 0, 'GIF8') || (b.length > 564 && b[188] === 0x47 && b[376] === 0x47 && b[564] === 0x47); // GIF, MPEG-TS sync bytes
    case 0x50: return at(b, 0, 0x50, 0x4b, 0x03, 0x04); // ZIP, APK, JAR, DOCX
    case 0x7f: return ascii(b, 1, 'ELF');
    case 0x4d: return b[1] === 0x5a && (b[2] < 0x20 || b[3] === 0); // MZ (Windows executable)
    case 0x1a: return at(b, 0, 0x1a, 0x45, 0xdf, 0xa3); // Matroska, WebM
    case 0x00: return (at(b, 0, 0x00, 0x00, 0x01) && (b[3] === 0xba || b[3] === 0xb3)) || isoBox(b); // MPEG program stream, MP4
    case 0x52: return ascii(b, 0, 'RIFF') || ascii(b, 0, 'Rar!'); // WebP, WAV, AVI; RAR
    case 0x4f: return ascii(b, 0, 'OggS');
    case 0x49: return ascii(b, 0, 'ID3') || at(b, 0, 0x49, 0x49, 0x2a, 0x00); // MP3, TIFF
    case 0x37: return at(b, 0, 0x37, 0x7a, 0xbc, 0xaf); // 7z
    case 0x46: return ascii(b, 0, 'FLV') && b[3] === 1;
    default: return false;
  }
}

/** ISO BMFF (MP4, MOV, HEIC, 3GP): a 32-bit box size, then "ftyp". */
function isoBox(b: Uint8Array): boolean {
  return b.length >= 8 && ascii(b, 4, 'ftyp');
}

/** Whether the bytes around [start, end) are binary: the buffer is a binary format, or the window is not text. */
export function binaryAround(b: Uint8Array, start: number, end: number): boolean {
  if (binaryMagic(b)) return true;
  const s = Math.max(0, start - BINARY_WINDOW);
  const e = Math.min(b.length, end + BINARY_WINDOW);
  return printableShare(b.subarray(s, e)) < MIN_TEXT_SHARE;
}
