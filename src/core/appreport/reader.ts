/**
 * The App Privacy Report as a capture file format: NDJSON read line by line, push-based like
 * the pcap readers (capture/framer.ts), so a file of any size passes with one line in memory.
 */
import type { UnitParser } from '../capture/framer';
import type { Warn } from '../warnings';
import { parseLine } from './parse';
import type { AppReportRecord } from './records';

declare module '../warnings' {
  interface WarningCodes {
    'app-report-bad-line': 'capture';
    'app-report-long-line': 'capture';
    'app-report-skipped': 'capture';
  }
}

/** Apple's lines are ~300 bytes; a longer one is no record of its (and would pin memory). */
export const MAX_LINE = 1 << 20;

/** Names only the App Privacy Report's records use (a HAR or other JSON has none of them). */
const MARKERS = ['"bundleID"', '"accessor"', '"initiatedType"', '"domainOwner"', '"firstTimeStamp"', '"networkActivity"', '"com.apple.privacy.accounting.stream'];

/** NDJSON whose first bytes hold a record of the report: `{` first, then one of its field names. */
export function isAppPrivacyReport(head: Uint8Array): boolean {
  let i = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0; // UTF-8 BOM
  while (i < head.length && (head[i] === 0x20 || head[i] === 0x0a || head[i] === 0x0d || head[i] === 0x09)) i++;
  if (head[i] !== 0x7b) return false;
  const text = new TextDecoder('utf-8', { fatal: false }).decode(head.subarray(i));
  const firstLine = text.split('\n', 1)[0];
  return MARKERS.some((m) => firstLine.includes(m));
}

/** Reads lines, hands each record to the sink; bad lines warn with their number and are skipped. */
export class AppReportParser implements UnitParser {
  readonly want = 1;
  private line = 0;
  /** The start of a line cut by a chunk's end. */
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  /** Inside a line longer than MAX_LINE: its bytes are dropped up to the next newline. */
  private skipping = false;
  private readonly decoder = new TextDecoder('utf-8', { fatal: false });
  private readonly skipped = new Map<string, number>();

  constructor(
    private readonly warn: Warn,
    private readonly onRecord: (r: AppReportRecord) => void,
  ) {}

  /**
   * Consumes everything: a line cut by the chunk's end is copied here (not left to the framer)
   * so that a last line without a newline is still read at the end.
   */
  parse(buf: Uint8Array, start: number, end: number): number {
    let pos = start;
    while (pos < end) {
      let nl = buf.indexOf(0x0a, pos);
      if (nl >= end) nl = -1;
      const stop = nl < 0 ? end : nl;
      if (!this.skipping) {
        if (this.pendingBytes + stop - pos > MAX_LINE) {
          this.long();
          this.pending = [];
          this.pendingBytes = 0;
          this.skipping = true;
        } else if (nl >= 0 && this.pendingBytes === 0) {
          this.read(buf.subarray(pos, nl));
        } else {
          this.pending.push(buf.slice(pos, stop));
          this.pendingBytes += stop - pos;
          if (nl >= 0) this.flush();
        }
      }
      if (nl < 0) break;
      this.skipping = false;
      pos = nl + 1;
    }
    return end;
  }

  finish(_leftover: number): void {
    if (this.pendingBytes > 0) this.flush();
    for (const [why, n] of this.skipped) this.warn('app-report-skipped', `app privacy report: ${n} line(s) skipped (${why})`);
  }

  private flush(): void {
    const line = new Uint8Array(this.pendingBytes);
    let at = 0;
    for (const part of this.pending) {
      line.set(part, at);
      at += part.length;
    }
    this.pending = [];
    this.pendingBytes = 0;
    this.read(line);
  }

  private long(): void {
    this.line++;
    this.warn('app-report-long-line', `app privacy report line ${this.line}: longer than ${MAX_LINE} bytes, skipped`);
  }

  private read(bytes: Uint8Array): void {
    this.line++;
    const text = this.decoder.decode(bytes).trim();
    if (text === '') return;
    const r = parseLine(text, this.line);
    if ('record' in r) this.onRecord(r.record);
    else if ('skipped' in r) this.skipped.set(r.skipped, (this.skipped.get(r.skipped) ?? 0) + 1);
    else this.warn('app-report-bad-line', `app privacy report line ${this.line}: not JSON (${r.error.slice(0, 120)})`);
  }
}
