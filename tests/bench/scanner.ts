/**
 * Scanner throughput: 256 MB of payload-like bytes (HTTP requests, JSON, forms, HTML, base64,
 * binary) through the wasm core and through LeakScanner (default rules + a 10-identifier
 * profile), beside a plain wasm memory.copy of the same bytes in the same process.
 * Run: npm run build:wasm && npx tsx tests/bench/scanner.ts [MB]
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LeakScanner, loadScannerWasm } from '../../src/core/scan';
import type { Profile } from '../../src/core/report/types';

const HERE = dirname(fileURLToPath(import.meta.url));
const TOTAL = Number(process.argv[2] ?? 256) << 20;
const CHUNK = 4 << 20;

const PROFILE: Profile = {
  imei: ['862287025963539'], imsi: ['460012835716904'], iccid: ['89860114529727340129'],
  phone: ['+8618611428769'], contacts: ['+86 135 2187 6643', '18910264518'], mac: ['64:09:80:3a:5c:7e'],
  android_id: ['3066379a45367b62'], ad_id: ['8b839aab-6233-4ff2-b2be-3d337ace32a7'], email: ['zhangwei.bj88@163.com'],
};

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

/** 32 MiB of mixed traffic-like text and binary, tiled to the total. */
function payload(total: number): Uint8Array {
  const r = rng(7);
  const pick = <T>(a: T[]) => a[Math.floor(r() * a.length)];
  const num = (n: number) => String(Math.floor(r() * 10 ** n)).padStart(n, '0');
  const hex = (n: number) => Array.from({ length: n }, () => '0123456789abcdef'[Math.floor(r() * 16)]).join('');
  const words = ['the', 'weather', 'today', 'news', 'article', 'market', 'phone', 'update', 'video', 'sports', 'city', 'price'];
  const b64 = (n: number) => Buffer.from(Array.from({ length: n }, () => Math.floor(r() * 256))).toString('base64');
  const parts: string[] = [];
  let size = 0;
  const unique = 32 << 20;
  while (size < unique) {
    let s: string;
    switch (Math.floor(r() * 6)) {
      case 0: s = `GET /v1/track?ev=${pick(words)}&uid=${num(10)}&t=${num(13)}&sign=${hex(32)}&ch=xiaomi HTTP/1.1\r\nHost: stat.${pick(words)}.com\r\nUser-Agent: Apache-HttpClient/UNAVAILABLE (java 1.4)\r\nAccept-Encoding: gzip\r\n\r\n`; break;
      case 1: s = `{"code":0,"data":{"id":"${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}","ts":${num(13)},"price":${num(4)}.${num(2)},"title":"${pick(words)} ${pick(words)}","items":[${num(6)},${num(7)},${num(5)}]}}\n`; break;
      case 2: s = `os=android&osv=4.4.2&model=${pick(words)}&seq=${num(15)}&lang=zh_CN&token=${hex(16)}&v=5.1.${num(2)}&`; break;
      case 3: s = `<li class="item" data-ts="${num(13)}"><a href="/a/${num(15)}.html">${pick(words)} ${pick(words)} ${pick(words)} ${pick(words)}</a></li>\n`; break;
      case 4: s = `data=${b64(48 + Math.floor(r() * 200))}&`; break;
      default: s = String.fromCharCode(...Array.from({ length: 200 }, () => Math.floor(r() * 256)));
    }
    parts.push(s);
    size += s.length;
  }
  const one = Uint8Array.from(parts.join(''), (c) => c.charCodeAt(0) & 0xff).subarray(0, unique);
  const out = new Uint8Array(total);
  for (let o = 0; o < total; o += one.length) out.set(one.subarray(0, Math.min(one.length, total - o)), o);
  return out;
}

const mbps = (bytes: number, ms: number) => (bytes / (1 << 20)) / (ms / 1000);

async function main(): Promise<void> {
  const wasmBytes = readFileSync(join(HERE, '../../build/scanner.wasm'));
  const data = payload(TOTAL);
  const wasm = await loadScannerWasm(wasmBytes);
  const scanner = new LeakScanner(wasm, PROFILE); // loads the literal set into the wasm matcher

  // Per 4 MiB chunk: copy it into wasm memory once (untimed), then time each operation on it.
  const ops: [string, (len: number) => void][] = [
    ['copy', (n) => wasm.copyBaseline(n)],
    ['lits', (n) => wasm.scanLoaded(n, 1)],
    ['runs', (n) => wasm.scanLoaded(n, 2)],
    ['core', (n) => wasm.scanLoaded(n, 3)],
  ];
  const ms = new Map<string, number>(ops.map(([k]) => [k, 0]));
  for (let pass = 0; pass < 2; pass++) { // pass 0 warms the JIT tiers up
    for (let o = 0; o < data.length; o += CHUNK) {
      const c = data.subarray(o, Math.min(data.length, o + CHUNK));
      wasm.load(c);
      for (const [k, fn] of ops) {
        const t = performance.now();
        fn(c.length);
        if (pass === 1) ms.set(k, ms.get(k)! + performance.now() - t);
      }
    }
  }
  const [copy, lits, runs, core] = ['copy', 'lits', 'runs', 'core'].map((k) => ms.get(k)!);
  // End to end includes JS validation of every candidate; measured on the first E2E bytes.
  const E2E = Math.min(data.length, 32 << 20);
  const t0 = performance.now();
  for (let o = 0; o < E2E; o += 64 << 10) {
    scanner.scan({ flow: 0, direction: 'upload', protocol: 'http', part: 'body', frame: 1, encryptedOnWire: false, bytes: data.subarray(o, o + (64 << 10)) });
  }
  const full = performance.now() - t0;
  const mem = wasm.memoryBytes;

  console.log(`payload ${(TOTAL / (1 << 20)).toFixed(0)} MiB, ${scanner.count} findings, wasm memory ${(mem / (1 << 20)).toFixed(1)} MiB, overflows ${wasm.overflows}`);
  console.log(`wasm memory.copy baseline   ${mbps(TOTAL, copy).toFixed(0).padStart(7)} MB/s`);
  console.log(`wasm literals only          ${mbps(TOTAL, lits).toFixed(0).padStart(7)} MB/s`);
  console.log(`wasm candidate runs only    ${mbps(TOTAL, runs).toFixed(0).padStart(7)} MB/s`);
  console.log(`wasm core (literals + runs) ${mbps(TOTAL, core).toFixed(0).padStart(7)} MB/s  (${(copy / core * 100).toFixed(0)}% of copy)`);
  console.log(`LeakScanner.scan end to end ${mbps(E2E, full).toFixed(1).padStart(7)} MB/s  (first ${E2E >> 20} MiB as 64 KiB inputs: JS validation + nested decoding)`);
}

if (!process.env.BENCH_NO_MAIN) void main();
export { payload, PROFILE };
