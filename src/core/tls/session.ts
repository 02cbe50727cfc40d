/**
 * Decryption state of one TLS connection: the key epochs of each direction, chosen by trial
 * (an AEAD tag or MAC that verifies proves the epoch), so no transcript has to be tracked.
 */
import { hashFn, type HashFn } from './hashes';
import type { SessionSecrets } from './keylog';
import { keyBlock12 } from './prf12';
import { Tls12AeadCipher, Tls12CbcCipher, Tls13Cipher, type Opened, type RecordCipher } from './record';
import { nextTrafficSecret, trafficKeys } from './schedule13';
import { suiteById, type Suite } from './suites';

/** What the ServerHello told us (parsed in extract/tls.ts). */
export interface ServerHelloInfo {
  /** Negotiated version: supported_versions when present, else the legacy field. */
  version: number;
  cipherSuite: number;
  random: Uint8Array;
  /** encrypt_then_mac (RFC 7366) was accepted; matters for CBC suites only. */
  encryptThenMac: boolean;
  /** A HelloRetryRequest (special random): no keys follow it. */
  retry: boolean;
}

/** 'client' sends the ClientHello. */
export type Side = 'client' | 'server';

/** Outcome of one record: plaintext, 'unknown' (an epoch whose secret is not logged), or 'failed'. */
export type OpenResult = Opened | 'unknown' | 'failed';

/** One direction's keys in order; null marks an epoch whose secret the key log lacks. */
interface DirState {
  epochs: (RecordCipher | null)[];
  cur: number;
  /** TLS 1.3 application secret of the last epoch, to derive the next after a KeyUpdate. */
  appSecret: Uint8Array | null;
  /** TLS 1.2: ChangeCipherSpec seen, records are protected from here on. */
  active: boolean;
}

/** Why a session cannot be decrypted, for the warning. */
export type SessionError = { error: string };

/** Decrypts the records of one TLS 1.2 or 1.3 connection given its logged secrets. */
export class TlsSession {
  private readonly dirs: Record<Side, DirState>;
  private readonly hash: HashFn;

  private constructor(readonly suite: Suite, readonly tls13: boolean, client: DirState, server: DirState) {
    this.dirs = { client, server };
    this.hash = hashFn(suite.hash);
  }

  /** Builds the session, or says why it cannot be decrypted (unknown suite, secrets missing). */
  static create(hello: ServerHelloInfo, clientRandom: Uint8Array, secrets: SessionSecrets): TlsSession | SessionError {
    const suite = suiteById(hello.cipherSuite);
    const hex = `0x${hello.cipherSuite.toString(16).padStart(4, '0')}`;
    if (!suite) return { error: `cipher suite ${hex} is not supported for decryption` };
    const tls13 = hello.version === 0x0304;
    if (tls13 !== suite.tls13) return { error: `cipher suite ${hex} does not fit version 0x${hello.version.toString(16)}` };
    if (!tls13 && hello.version < 0x0302) return { error: `TLS version 0x${hello.version.toString(16)} (implicit CBC IVs) is not supported for decryption` };
    const hash = hashFn(suite.hash);
    if (tls13) {
      const c13 = (label: string) => {
        const s = secrets.get(label);
        if (!s || s.length !== hash.outputLen) return null;
        const k = trafficKeys(hash, s, suite.keyLen, suite.ivLen);
        return new Tls13Cipher(suite, k.key, k.iv);
      };
      const dir = (hs: string, app: string): DirState => ({ epochs: [c13(hs), c13(app)], cur: 0, appSecret: secrets.get(app) ?? null, active: true });
      const client = dir('CLIENT_HANDSHAKE_TRAFFIC_SECRET', 'CLIENT_TRAFFIC_SECRET_0');
      const server = dir('SERVER_HANDSHAKE_TRAFFIC_SECRET', 'SERVER_TRAFFIC_SECRET_0');
      if (!client.epochs[1] && !server.epochs[1]) return { error: 'the key log has no TLS 1.3 traffic secrets for this session' };
      return new TlsSession(suite, true, client, server);
    }
    const master = secrets.get('CLIENT_RANDOM');
    if (!master || master.length !== 48) return { error: 'the key log has no TLS 1.2 master secret (CLIENT_RANDOM) for this session' };
    const macLen = suite.cipher === 'aes-cbc' ? hashFn(suite.mac!).outputLen : 0;
    const kb = keyBlock12(hash, suite, macLen, master, clientRandom, hello.random);
    const make = (k: { macKey: Uint8Array; key: Uint8Array; iv: Uint8Array }): RecordCipher =>
      suite.cipher === 'aes-cbc' ? new Tls12CbcCipher(suite, k.key, k.macKey, hello.encryptThenMac) : new Tls12AeadCipher(suite, k.key, k.iv);
    const dir = (c: RecordCipher): DirState => ({ epochs: [c], cur: 0, appSecret: null, active: false });
    return new TlsSession(suite, false, dir(make(kb.client)), dir(make(kb.server)));
  }

  /** True when a record of this outer type from `side` is protected and must go through open(). */
  protects(side: Side, type: number): boolean {
    return this.tls13 ? type === 23 : this.dirs[side].active;
  }

  /** TLS 1.2: this side sent ChangeCipherSpec; its next record is the encrypted Finished. */
  changeCipherSpec(side: Side): void {
    if (!this.tls13) this.dirs[side].active = true;
  }

  /** Decrypts one protected record of `side`, moving to a later epoch when that one verifies. */
  open(side: Side, type: number, version: number, fragment: Uint8Array): OpenResult {
    const d = this.dirs[side];
    // Try the current epoch, then the later ones (handshake -> application keys).
    for (let i = d.cur; i < d.epochs.length; i++) {
      const c = d.epochs[i];
      if (!c) continue;
      const r = c.open(type, version, fragment);
      if (!r) continue;
      d.cur = i;
      if (this.tls13 && r.type === 22 && i === d.epochs.length - 1) this.keyUpdate(d, r.data);
      return r;
    }
    // A damaged record of the current epoch still used up its sequence number.
    const c = d.epochs[d.cur];
    if (!c) return 'unknown';
    c.seq++;
    return 'failed';
  }

  /** After a KeyUpdate (handshake type 24) the sender's next records use the next secret. */
  private keyUpdate(d: DirState, hs: Uint8Array): void {
    for (let p = 0; p + 4 <= hs.length; ) {
      const len = (hs[p + 1] << 16) | (hs[p + 2] << 8) | hs[p + 3];
      if (hs[p] === 24 && d.appSecret) {
        d.appSecret = nextTrafficSecret(this.hash, d.appSecret);
        const k = trafficKeys(this.hash, d.appSecret, this.suite.keyLen, this.suite.ivLen);
        d.epochs.push(new Tls13Cipher(this.suite, k.key, k.iv));
        d.cur = d.epochs.length - 1;
        // Old epochs are never tried again: drop them to keep the session small.
        for (let i = 0; i < d.cur; i++) d.epochs[i] = null;
      }
      p += 4 + len;
    }
  }
}
