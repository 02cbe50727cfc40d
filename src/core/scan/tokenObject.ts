/**
 * Fields of a token object: a JSON object whose keys say it is a credential with a lifecycle
 * (`expiration`, `renewalwindow`, `sequencenumber`, `exp`, `iat`…) describes the token, not the
 * device. Its `serialnumber` is the token's (Netflix MSL master and user id tokens), so key
 * literals read inside such an object report nothing.
 */

const LIFECYCLE = /["'](expiration|expires|expiresat|expires_at|expiresin|expires_in|expiry|renewalwindow|sequencenumber|exp|iat|nbf|issuedat|issued_at|notbefore|not_before|validuntil|valid_until)["']\s*:/gi;
/** How far to look for the enclosing object's braces, each side. */
const REACH = 512;

/** Whether `at` sits directly inside a JSON object with two or more token-lifecycle keys (within REACH bytes each side). */
export function inTokenObject(b: Uint8Array, at: number): boolean {
  // The enclosing '{': walk back over nested objects and arrays.
  let depth = 0;
  let s = at - 1;
  const floor = Math.max(0, at - REACH);
  for (; s >= floor; s--) {
    const c = b[s];
    if (c === 0x7d || c === 0x5d) depth++;
    else if (c === 0x7b || c === 0x5b) {
      if (depth === 0) break;
      depth--;
    }
  }
  // A long value (a token's base64 ciphertext) may put the '{' out of reach: the window then starts there.
  if (s >= floor && b[s] !== 0x7b) return false;
  s = Math.max(s, floor);
  let e = at;
  depth = 0;
  const ceil = Math.min(b.length, at + REACH);
  for (; e < ceil; e++) {
    const c = b[e];
    if (c === 0x7b || c === 0x5b) depth++;
    else if (c === 0x7d || c === 0x5d) {
      if (depth === 0) break;
      depth--;
    }
  }
  let text = '';
  for (let i = s; i < e; i++) text += String.fromCharCode(b[i]);
  const keys = new Set<string>();
  for (const m of text.matchAll(LIFECYCLE)) keys.add(m[1].toLowerCase());
  return keys.size >= 2;
}
