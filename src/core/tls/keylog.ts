/** SSLKEYLOGFILE (NSS key log) parsing: secrets by client random, from files and pcapng DSBs. */

/** pcapng Decryption Secrets Block type for a TLS key log ('TLSK'). */
export const DSB_TLS_KEYLOG = 0x544c534b;

/** Labels we use; others in the file (EXPORTER_SECRET, …) are ignored. */
const LABELS = new Set([
  'CLIENT_RANDOM',
  'CLIENT_EARLY_TRAFFIC_SECRET',
  'CLIENT_HANDSHAKE_TRAFFIC_SECRET',
  'SERVER_HANDSHAKE_TRAFFIC_SECRET',
  'CLIENT_TRAFFIC_SECRET_0',
  'SERVER_TRAFFIC_SECRET_0',
]);

/** Upper bound on sessions kept: a key log is tiny; this only guards against a huge junk file. */
const MAX_SESSIONS = 200_000;

/** The secrets of one TLS session, by key log label. */
export type SessionSecrets = Map<string, Uint8Array>;

function hexBytes(h: string): Uint8Array | null {
  if (h.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(h)) return null;
  const out = new Uint8Array(h.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(h.substr(i * 2, 2), 16);
  return out;
}

/** Lower-case hex of a client random, the key log's session key. */
export function randomKey(random: Uint8Array): string {
  let s = '';
  for (const b of random) s += b.toString(16).padStart(2, '0');
  return s;
}

/** All key material known to one analysis; grows as DSBs arrive. */
export class KeyLog {
  private sessions = new Map<string, SessionSecrets>();
  /** Lines that are not key log entries, or entries we use whose fields are damaged. */
  badLines = 0;

  /** Number of sessions with at least one usable secret. */
  get size(): number {
    return this.sessions.size;
  }

  /** Adds the lines of a key log text; malformed lines are counted and skipped. */
  addText(text: string): void {
    for (const raw of text.split(/\r?\n/)) {
      const line = raw.trim();
      if (line === '' || line.startsWith('#')) continue;
      const [label, cr, secret] = line.split(/\s+/);
      const random = cr?.length === 64 ? cr.toLowerCase() : null;
      const value = secret ? hexBytes(secret) : null;
      // Other NSS labels (RSA, EXPORTER_SECRET, …) have other shapes and are not needed.
      if (!label || !LABELS.has(label)) {
        if (!/^[A-Z][A-Z0-9_]*$/.test(label ?? '')) this.badLines++;
        continue;
      }
      if (!random || !value || !/^[0-9a-f]{64}$/.test(random) || value.length === 0) {
        this.badLines++;
        continue;
      }
      let s = this.sessions.get(random);
      if (!s) {
        if (this.sessions.size >= MAX_SESSIONS) continue;
        s = new Map();
        this.sessions.set(random, s);
      }
      s.set(label, value);
    }
  }

  /** Adds a pcapng Decryption Secrets Block when it is a TLS key log; other types are ignored. */
  addSecretsBlock(type: number, data: Uint8Array): boolean {
    if (type !== DSB_TLS_KEYLOG) return false;
    this.addText(new TextDecoder('utf-8', { fatal: false }).decode(data));
    return true;
  }

  /** The secrets logged for a session's client random, if any. */
  get(clientRandom: Uint8Array): SessionSecrets | undefined {
    return this.sessions.get(randomKey(clientRandom));
  }
}
