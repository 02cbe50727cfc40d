/** The CLI's native digests and ASCII fast path change nothing in what a profile expands to. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { md5, sha1 } from '@noble/hashes/legacy.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesOf } from '../../src/core/scan/codecs';
import { expandProfile, useDigests } from '../../src/core/scan/expand';
import type { Profile } from '../../src/core/report/types';
import { useNodeDigests } from '../../src/cli/nodeDigests';
import { ja3Hash, useJa3Md5 } from '../../src/core/protocols/tls/ja3';
import { LEAKS } from '../corpus';

describe('profile expansion on node', () => {
  it('node crypto digests give the same literals as the pure-JS ones (corpus profile: 1,920)', () => {
    const profile = JSON.parse(readFileSync(join(LEAKS, 'profile.json'), 'utf8')) as Profile;
    useDigests({ md5, sha1, sha256 });
    const js = expandProfile(profile);
    useNodeDigests();
    try {
      const native = expandProfile(profile);
      expect(native).toEqual(js);
      expect(native.length).toBe(1920);
      expect(native.filter((l) => l.encoding === 'sha256').length).toBeGreaterThan(50);
    } finally {
      useDigests({ md5, sha1, sha256 });
    }
  });

  it("JA3 by node's MD5 (the CLI's) equals the pure-JS one", () => {
    // A Firefox ClientHello's JA3 string; its MD5 computed apart (Python's hashlib).
    const ja3 = '771,4865-4867-4866-49195-49199-52393-52392-49196-49200-49162-49161-49171-49172-156-157-47-53,0-23-65281-10-11-35-16-5-34-51-43-13-45-28-21,29-23-24-25-256-257,0';
    useJa3Md5(md5);
    const js = ja3Hash(ja3);
    useNodeDigests();
    try {
      expect(ja3Hash(ja3)).toBe(js);
      expect(js).toBe('579ccef312d18482fc42e2b822ca2430');
    } finally {
      useJa3Md5(md5);
      useDigests({ md5, sha1, sha256 });
    }
  });

  it('bytesOf: ASCII fast path and UTF-8 agree with TextEncoder', () => {
    const enc = new TextEncoder();
    for (const s of ['', 'imei=860000000000000', '中国联通', 'a\u00e9b', 'x'.repeat(64), 'y'.repeat(65) + '\u00ff', '\ud800lone', 'ok\u007f']) {
      expect(bytesOf(s)).toEqual(enc.encode(s));
    }
  });
});
