/**
 * Hashed forms of identifiers found by shape (pattern mode's second pass). Apps send an
 * identifier in one request and its MD5 or SHA-1 in another (`aidm=` / `aids=` beside the
 * android_id); without a profile the digest alone names nothing. So the scanner keeps the
 * digest-shaped tokens of uploads (DigestTokens, bounded), and once the findings of every batch
 * are in, each pattern-found identifier is expanded as a profile value would be
 * (expand.ts identifierDigests) and its digests are looked up among the kept tokens
 * (HashedForms). A token counts only when it equals, or is a prefix of at least DIGEST_PREFIX
 * characters of, a digest of an identifier found in the same capture: there is no other way in.
 *
 * Tokens seen before the identifier (an earlier request, another flow, another scan worker)
 * are found all the same: the lookup runs over the whole capture's tokens at report time, not
 * during the scan, and costs nothing when no token was kept.
 */
import type { Finding, FindingType } from '../report/types';
import { base64, hex } from './codecs';
import { DIGEST_PREFIX, identifierDigests, type DigestName } from './expand';
import { engineEnv } from './env';
import { isPlaceholder } from '../identifiers/placeholders';
import { FindingSet, findingKey } from './findings';

/** One digest-shaped token of an upload, where it was first seen (per flow and protocol). */
export interface DigestToken {
  /** Lookup form: lower-case hex, or standard-alphabet base64 without padding. */
  text: string;
  hex: boolean;
  /** The outermost decoded layer that hides it (base64 around a JSON with the digest), else null: the digest's name is the encoding. */
  wrap: string | null;
  flow: number;
  protocol: string;
  frame: number;
  frames: number[];
  encryptedOnWire: boolean;
  context: string;
  /** The token as on the wire. */
  match: string;
}

/**
 * Bound on the distinct tokens kept per scanner (and merged, per analysis). Each costs ~0.3 KB
 * (its excerpt mostly; 288 tokens were 79 KB as JSON): 10,000 are ~3 MB. Past it the token is
 * counted, not kept. The whole corpus (479 captures) kept 403, at most 136 in one capture.
 */
export const MAX_DIGEST_TOKENS = 10_000;

/** Digest-shaped tokens, one per (token, flow, protocol), frames folded. */
export class DigestTokens {
  private readonly byKey = new Map<string, DigestToken>();
  /** Distinct tokens not kept (past MAX_DIGEST_TOKENS). */
  dropped = 0;

  get size(): number {
    return this.byKey.size;
  }

  /** True when this (token, flow, protocol) is known: its frame is added, nothing else is built. */
  seen(text: string, flow: number, protocol: string, frame: number): boolean {
    const t = this.byKey.get(keyOf(text, flow, protocol));
    if (!t) return false;
    if (!t.frames.includes(frame)) t.frames.push(frame);
    return true;
  }

  add(t: DigestToken): void {
    const key = keyOf(t.text, t.flow, t.protocol);
    const old = this.byKey.get(key);
    if (old) {
      for (const f of t.frames) if (!old.frames.includes(f)) old.frames.push(f);
      if (!t.encryptedOnWire) old.encryptedOnWire = false;
      return;
    }
    if (this.byKey.size >= MAX_DIGEST_TOKENS) {
      this.dropped++;
      return;
    }
    this.byKey.set(key, { ...t, frames: [...t.frames] });
  }

  /** Folds in another scanner's tokens (a scan worker's batch), in input order. */
  merge(list: readonly DigestToken[], dropped: number): void {
    for (const t of list) this.add(t);
    this.dropped += dropped;
  }

  list(): DigestToken[] {
    return [...this.byKey.values()];
  }
}

function keyOf(text: string, flow: number, protocol: string): string {
  return `${text}\u0000${flow}\u0000${protocol}`;
}

/** Kinds whose values apps hash (the profile kinds expanded with transform, minus free text). */
const HASHABLE: ReadonlySet<string> = new Set<FindingType>([
  'imei', 'imsi', 'iccid', 'phone', 'contact_phone', 'mac', 'android_id', 'ad_id', 'serial', 'email',
]);

interface Digest {
  name: DigestName;
  /** The digest in the token's lookup form (hex or base64 without padding). */
  full: string;
  id: Finding;
}

/** The identifiers' digests, indexed by their first DIGEST_PREFIX characters; grown as identifiers come. */
export class HashedForms {
  private readonly index = new Map<string, Digest[]>();
  private readonly expanded = new Set<string>();
  // Pattern findings are canonical (E.164 phones): the region only places national numbers.
  private readonly env = engineEnv(null);

  /**
   * The findings for kept tokens that are digests of identifiers among `found`: the identifier's
   * type and value, the digest's name as encoding (under its outer layers), the token's place.
   * Only identifiers the device uploaded are expanded: a web page's addresses are not its own.
   */
  findings(found: readonly Finding[], tokens: DigestTokens): Finding[] {
    if (tokens.size === 0) return [];
    for (const f of found) this.expand(f);
    if (this.index.size === 0) return [];
    const out = new FindingSet(Infinity); // bounded by the digest tokens kept
    let known: Set<string> | null = null;
    for (const t of tokens.list()) {
      if (t.text.length < DIGEST_PREFIX) continue;
      for (const d of this.index.get((t.hex ? 'h' : 'b') + t.text.slice(0, DIGEST_PREFIX)) ?? []) {
        if (!d.full.startsWith(t.text)) continue;
        const f = hashedFinding(t, d);
        // A profile literal found the same digest in the same flow already: that finding stands.
        known ??= new Set(found.map(findingKey));
        if (!known.has(findingKey(f))) out.merge(f);
      }
    }
    return out.list();
  }

  private expand(f: Finding): void {
    if (f.source !== 'pattern' || f.direction !== 'upload' || !HASHABLE.has(f.type)) return;
    const key = `${f.type}\u0000${f.value}`;
    if (this.expanded.has(key)) return;
    this.expanded.add(key);
    if (isPlaceholder(f.type, f.value)) return;
    for (const { name, digest } of identifierDigests(f.type, f.value, this.env)) {
      this.put('h', { name, full: hex(digest), id: f });
      this.put('b', { name, full: base64(digest).replace(/=+$/, ''), id: f });
    }
  }

  private put(form: 'h' | 'b', d: Digest): void {
    const k = form + d.full.slice(0, DIGEST_PREFIX);
    const list = this.index.get(k);
    if (list) list.push(d);
    else this.index.set(k, [d]);
  }
}

function hashedFinding(t: DigestToken, d: Digest): Finding {
  return {
    type: d.id.type, value: d.id.value, encoding: t.wrap ?? d.name, source: 'pattern',
    flow: t.flow, protocol: t.protocol, direction: 'upload', encrypted_on_wire: t.encryptedOnWire,
    host: null, country: null, frame: t.frames[0], frames: [...t.frames].sort((a, b) => a - b),
    context: t.context, match: t.match,
    // The digest is the identifier's: it is as sure as the identifier is.
    confidence: d.id.confidence,
  };
}
