/** A followed stream (engine-client followStream) made ready to show: text, marks, hex lines. */
import type { Finding } from '../../core/report/types';
import type { FlowStream, StreamSegment } from '../../../workers/api';
import { matchSpans, splitBySpans, type Span } from './highlight';

/** Bytes shown as hex at most (a hex line is 16 bytes; 256 KiB is 16k lines). */
export const HEX_LIMIT = 256 * 1024;

export interface Part {
  text: string;
  mark: boolean;
}

export interface ShownSegment {
  key: number;
  direction: StreamSegment['direction'];
  frame: number;
  lastFrame: number;
  offset: number;
  /** For a gap: bytes never captured. */
  gap?: number;
  bytes: Uint8Array;
  /** As text: UTF-8 when the bytes are valid UTF-8, else one character per byte. */
  parts: Part[];
  /** Where the identifier is, in bytes (for the hex view). */
  byteSpans: Span[];
  marks: number;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** One character per byte, Wireshark's "ASCII": printable as is, line breaks kept, others '.'. */
export function asciiOf(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192) {
    const codes = Array.from(bytes.subarray(i, i + 8192), (b) => (b === 0x0a || b === 0x0d || b === 0x09 || (b >= 0x20 && b < 0x7f) ? b : 0x2e));
    out += String.fromCharCode(...codes);
  }
  return out;
}

/** Bytes as readable text: UTF-8 if they are, control characters as '.'. */
export function textOf(bytes: Uint8Array): string {
  try {
    // eslint-disable-next-line no-control-regex
    return utf8.decode(bytes).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '.');
  } catch {
    return asciiOf(bytes);
  }
}

/** Segments with the finding's identifier placed in each. */
export function showStream(stream: FlowStream, finding: Finding | undefined): ShownSegment[] {
  return stream.segments.map((s, key) => {
    if (s.gap) return { key, ...s, parts: [], byteSpans: [], marks: 0 };
    const text = textOf(s.bytes);
    const spans = finding ? matchSpans(finding, text) : [];
    // The hex view marks bytes: place the identifier again in the one-char-per-byte text.
    const byteSpans = finding && spans.length ? matchSpans(finding, asciiOf(s.bytes)) : [];
    return { key, ...s, parts: splitBySpans(text, spans), byteSpans, marks: spans.length };
  });
}

export interface HexLine {
  offset: string;
  hex: Part[];
  ascii: Part[];
}

/** Hex dump lines of a segment's bytes (offsets in its direction), marked bytes grouped. */
export function hexLines(seg: Pick<ShownSegment, 'bytes' | 'offset' | 'byteSpans'>, limit = seg.bytes.length): HexLine[] {
  const lines: HexLine[] = [];
  const n = Math.min(limit, seg.bytes.length);
  const marked = (i: number) => seg.byteSpans.some((s) => i >= s.start && i < s.end);
  for (let at = 0; at < n; at += 16) {
    const hex: Part[] = [];
    const ascii: Part[] = [];
    const push = (parts: Part[], text: string, mark: boolean) => {
      const last = parts.at(-1);
      if (last && last.mark === mark) last.text += text;
      else parts.push({ text, mark });
    };
    for (let i = at; i < at + 16; i++) {
      if (i >= n) {
        push(hex, '   ', false);
        continue;
      }
      const b = seg.bytes[i];
      const m = marked(i);
      push(hex, b.toString(16).padStart(2, '0'), m);
      push(hex, i % 16 === 7 ? '  ' : ' ', false);
      push(ascii, b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.', m);
    }
    lines.push({ offset: (seg.offset + at).toString(16).padStart(8, '0'), hex, ascii });
  }
  return lines;
}
