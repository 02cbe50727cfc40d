/** Known-answer tests: RFC 8448 (TLS 1.3 key schedule and records), the TLS 1.2 PRF, HPACK (RFC 7541). */
import { describe, expect, it } from 'vitest';
import { sha256 } from '@noble/hashes/sha2.js';
import { fromHex, hex } from '../../src/core/bytes';
import { HpackDecoder, huffmanDecode } from '../../src/core/protocols/http2/hpack';
import { hashFn } from '../../src/core/tls/hashes';
import { KeyLog } from '../../src/core/tls/keylog';
import { prf12 } from '../../src/core/tls/prf12';
import { Tls13Cipher } from '../../src/core/tls/record';
import { deriveSecret, hkdfExtract, trafficKeys } from '../../src/core/tls/schedule13';
import { suiteById } from '../../src/core/tls/suites';

const h = (s: string) => fromHex(s);
const H = hashFn('sha256');

// RFC 8448 §3 "Simple 1-RTT Handshake" (TLS_AES_128_GCM_SHA256).
const RFC8448 = {
  ecdhe: '8bd4054fb55b9d63fdfbacf9f04b9f0d35e6d63f537563efd46272900f89492d',
  early: '33ad0a1c607ec03b09e6cd9893680ce210adf300aa1f2660e1b22e10f170f92a',
  derivedEarly: '6f2615a108c702c5678f54fc9dbab69716c076189c48250cebeac3576c3611ba',
  handshake: '1dc826e93606aa6fdc0aadc12f741b01046aa6b99f691ed221a9f0ca043fbeac',
  thChSh: '860c06edc07858ee8e78f0e7428c58edd6b43f2ca3e6e95f02ed063cf0e1cad8',
  derivedHs: '43de77e0c77713859a944db9db2590b53190a65b3ee2e4f12dd7a0bb7ce254b4',
  master: '18df06843d13a08bf2a449844c5f8a478001bc4d4c627984d5a41da8d0402919',
  thChSf: '9608102a0f1ccc6db6250b7b7e417b1a000eaada3daae4777a7686c9ff83df13',
};

/** Traffic secrets of the trace and the write key and IV each yields. */
const TRAFFIC: [string, string, string, string][] = [
  ['c hs traffic', 'b3eddb126e067f35a780b3abf45e2d8f3b1a950738f52e9600746a0e27a55a21', 'dbfaa693d1762c5b666af5d950258d01', '5bd3c71b836e0b76bb73265f'],
  ['s hs traffic', 'b67b7d690cc16c4e75e54213cb2d37b4e9c912bcded9105d42befd59d391ad38', '3fce516009c21727d0f2e4e86ee403bc', '5d313eb2671276ee13000b30'],
  ['c ap traffic', '9e40646ce79a7f9dc05af8889bce6552875afa0b06df0087f792ebb7c17504a5', '17422dda596ed5d9acd890e3c63f5051', '5b78923dee08579033e523d9'],
  ['s ap traffic', 'a11af9f05531f856ad47116b45a950328204b4f44bfb6b3a4b4f1f3fcb631643', '9f02283b6c9c07efc26bb9f2ac92e356', 'cf782b88dd83549aadf1e984'],
];

describe('RFC 8448 TLS 1.3 key schedule', () => {
  it('walks early -> handshake -> master secret', () => {
    const zeros = new Uint8Array(32);
    const early = hkdfExtract(H, new Uint8Array(0), zeros);
    expect(hex(early)).toBe(RFC8448.early);
    const derived = deriveSecret(H, early, 'derived', sha256(new Uint8Array(0)));
    expect(hex(derived)).toBe(RFC8448.derivedEarly);
    const hs = hkdfExtract(H, derived, h(RFC8448.ecdhe));
    expect(hex(hs)).toBe(RFC8448.handshake);
    expect(hex(deriveSecret(H, hs, 'c hs traffic', h(RFC8448.thChSh)))).toBe(TRAFFIC[0][1]);
    expect(hex(deriveSecret(H, hs, 's hs traffic', h(RFC8448.thChSh)))).toBe(TRAFFIC[1][1]);
    const d2 = deriveSecret(H, hs, 'derived', sha256(new Uint8Array(0)));
    expect(hex(d2)).toBe(RFC8448.derivedHs);
    const master = hkdfExtract(H, d2, zeros);
    expect(hex(master)).toBe(RFC8448.master);
    expect(hex(deriveSecret(H, master, 'c ap traffic', h(RFC8448.thChSf)))).toBe(TRAFFIC[2][1]);
    expect(hex(deriveSecret(H, master, 's ap traffic', h(RFC8448.thChSf)))).toBe(TRAFFIC[3][1]);
  });

  it.each(TRAFFIC)('%s secret -> write key and IV', (_label, secret, key, iv) => {
    const k = trafficKeys(H, h(secret), 16, 12);
    expect(hex(k.key)).toBe(key);
    expect(hex(k.iv)).toBe(iv);
  });

  // The trace's application data records: 50 bytes 00..31 each. The server's comes after its
  // NewSessionTicket, so it is sequence number 1.
  it.each([
    ['client', 0, TRAFFIC[2][1], 'a23f7054b62c94d0affafe8228ba55cbefacea42f914aa66bcab3f2b9819a8a5b46b395bd54a9a20441e2b62974e1f5a6292a2977014bd1e3deae63aeebb21694915e4'],
    ['server', 1, TRAFFIC[3][1], '2e937e11ef4ac740e538ad36005fc4a46932fc3225d05f82aa1b36e30efaf97d90e6dffc602dcb501a59a8fcc49c4bf2e5f0a21c0047c2abf332540dd032e167c2955d'],
  ])('decrypts the %s application data record', (_side, seq, secret, record) => {
    const k = trafficKeys(H, h(secret), 16, 12);
    const c = new Tls13Cipher(suiteById(0x1301)!, k.key, k.iv);
    c.seq = seq;
    const r = c.open(23, 0x0303, h(record));
    expect(r?.type).toBe(23);
    expect(hex(r!.data)).toBe(hex(Uint8Array.from({ length: 50 }, (_, i) => i)));
    // A second try uses the next sequence number: the tag no longer verifies.
    expect(c.open(23, 0x0303, h(record))).toBeNull();
  });
});

describe('TLS 1.2 PRF', () => {
  it('P_SHA256 matches the published test vector (ietf-tls list)', () => {
    const out = prf12(hashFn('sha256'), h('9bbe436ba940f017b17652849a71db35'), 'test label', h('a0ba9f936cda311827a6f796ffd5198c'), 100);
    expect(hex(out)).toBe('e3f229ba727be17b8d122620557cd453c2aab21d07c3d495329b52d4e61edb5a6b301791e90d35c9c9a46b4e14baf9af0fa022f7077def17abfd3797c0564bab4fbc91666e9def9b97fce34f796789baa48082d122ee42c5a72e5a5110fff70187347b66');
  });

  it('P_SHA384 matches Python hmac', () => {
    // python3: P_hash(secret, b'test label' + seed, 148, hashlib.sha384), RFC 5246 §5.
    const out = prf12(hashFn('sha384'), h('b80b733d6ceefcdc71566ea48e5567df'), 'test label', h('cd665cf6a8447dd6ff8b27555edb7465'), 148);
    expect(hex(out)).toBe('7b0c18e9ced410ed1804f2cfa34a336a1c14dffb4900bb5fd7942107e81c83cde9ca0faa60be9fe34f82b1233c9146a0e534cb400fed2700884f9dc236f80edd8bfa961144c9e8d792eca722a7b32fc3d416d473ebc2c5fd4abfdad05d9184259b5bf8cd4d90fa0d31e2dec479e4f1a26066f2eea9a69236a3e52655c9e9aee691c8f3a26854308d5eaa3be85e0990703d73e56f');
  });
});

describe('HPACK (RFC 7541 appendix C)', () => {
  it('decodes Huffman strings', () => {
    expect(new TextDecoder().decode(huffmanDecode(h('f1e3c2e5f23a6ba0ab90f4ff'))!)).toBe('www.example.com');
    expect(new TextDecoder().decode(huffmanDecode(h('a8eb10649cbf'))!)).toBe('no-cache');
    expect(huffmanDecode(h('ffffffff'))).toBeNull(); // EOS inside the string
  });

  it('C.4: three requests with Huffman coding share one dynamic table', () => {
    const d = new HpackDecoder();
    expect(d.decode(h('828684418cf1e3c2e5f23a6ba0ab90f4ff'))).toEqual({ headers: [[':method', 'GET'], [':scheme', 'http'], [':path', '/'], [':authority', 'www.example.com']], error: null });
    expect(d.decode(h('828684be5886a8eb10649cbf')).headers).toEqual([[':method', 'GET'], [':scheme', 'http'], [':path', '/'], [':authority', 'www.example.com'], ['cache-control', 'no-cache']]);
    expect(d.decode(h('828785bf408825a849e95ba97d7f8925a849e95bb8e8b4bf')).headers).toEqual([
      [':method', 'GET'], [':scheme', 'https'], [':path', '/index.html'], [':authority', 'www.example.com'], ['custom-key', 'custom-value'],
    ]);
  });

  it('reports a bad index instead of throwing', () => {
    expect(new HpackDecoder().decode(h('ff00')).error).toMatch(/not in the table/);
  });
});

describe('key log', () => {
  it('keeps the labels it needs, ignores other NSS labels, counts junk', () => {
    const k = new KeyLog();
    const r = 'ab'.repeat(32);
    k.addText(`# comment\nCLIENT_RANDOM ${r} ${'11'.repeat(48)}\nRSA 0011223344556677 ${'22'.repeat(48)}\nEXPORTER_SECRET ${r} ${'33'.repeat(32)}\nnot a key log line\nCLIENT_TRAFFIC_SECRET_0 ${r} zz\n`);
    expect(k.size).toBe(1);
    expect(k.badLines).toBe(2);
    expect(hex(k.get(h(r))!.get('CLIENT_RANDOM')!)).toBe('11'.repeat(48));
    expect(k.addSecretsBlock(0x12345678, new Uint8Array(0))).toBe(false);
  });
});
