/**
 * TLS key log files (SSLKEYLOGFILE, the NSS key log format) on the page's side: telling one
 * from a capture among dropped files, and counting its secrets for the label. The engine
 * (src/core/tls) does the decrypting; the page only passes the text through.
 */

/** A key log the person gave, as kept with the session. */
export interface KeyLogFile {
  name: string;
  text: string;
  /** Lines that are NSS key log entries. */
  entries: number;
  /** Distinct TLS sessions (client randoms) they cover. */
  sessions: number;
}

/** Key logs are a few kB; anything much bigger is not one. */
const MAX_KEYLOG_BYTES = 16 * 1024 * 1024;

const ENTRY = /^([A-Z][A-Z0-9_]*)\s+([0-9a-fA-F]{16,})\s+([0-9a-fA-F]+)\s*$/;

/** Parses key log text; null when not one line of it is a key log entry. */
export function parseKeyLog(name: string, text: string): KeyLogFile | null {
  let entries = 0;
  let other = 0;
  const randoms = new Set<string>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const m = ENTRY.exec(line);
    if (m) {
      entries++;
      randoms.add(m[2].toLowerCase());
    } else {
      other++;
    }
  }
  // A text file that happens to have one matching line among many others is not a key log.
  if (entries === 0 || other > entries) return null;
  return { name, text, entries, sessions: randoms.size };
}

/** Capture containers (pcap both byte orders and nanosecond variants, pcapng, gzip) by magic. */
function looksLikeCapture(head: Uint8Array): boolean {
  const u32 = head.length >= 4 ? ((head[0] << 24) | (head[1] << 16) | (head[2] << 8) | head[3]) >>> 0 : 0;
  return (
    u32 === 0xa1b2c3d4 || u32 === 0xd4c3b2a1 || u32 === 0xa1b23c4d || u32 === 0x4d3cb2a1 ||
    u32 === 0x0a0d0d0a || (head[0] === 0x1f && head[1] === 0x8b)
  );
}

/** Named as a capture or a report: no need to read it to know it is not a key log. */
export function isCaptureName(name: string): boolean {
  return /\.(pcap|pcapng|cap|ntar|dmp|gz|json)$/i.test(name);
}

/** The file as a key log, or null when it is something else (a capture, a report…). */
export async function readKeyLog(file: Blob & { name: string }): Promise<KeyLogFile | null> {
  if (file.size === 0 || file.size > MAX_KEYLOG_BYTES) return null;
  const head = new Uint8Array(await file.slice(0, 8).arrayBuffer());
  if (looksLikeCapture(head) || head[0] === 0x7b /* { : a report JSON */) return null;
  return parseKeyLog(file.name, await file.text());
}

/** Splits dropped files into the capture to open and the key log to use with it. */
export async function sortDropped(files: File[]): Promise<{ captures: File[]; keylog: KeyLogFile | null; keylogs: number }> {
  const captures: File[] = [];
  let keylog: KeyLogFile | null = null;
  let keylogs = 0;
  for (const file of files) {
    const k = isCaptureName(file.name) ? null : await readKeyLog(file).catch(() => null);
    if (k) {
      keylogs++;
      // Several key logs: their entries together (Wireshark reads one file; people append).
      keylog = keylog ? parseKeyLog(`${keylog.name} + ${k.name}`, `${keylog.text}\n${k.text}`) : k;
    } else {
      captures.push(file);
    }
  }
  return { captures, keylog, keylogs };
}

/** "2 TLS sessions" style summary for the label. */
export function keyLogSummary(k: Pick<KeyLogFile, 'entries' | 'sessions'>): string {
  return `${k.sessions} TLS session${k.sessions === 1 ? '' : 's'}, ${k.entries} secret${k.entries === 1 ? '' : 's'}`;
}
