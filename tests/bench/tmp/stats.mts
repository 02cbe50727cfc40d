import { readFileSync } from 'node:fs';
import { corpusInputs } from '../payload';
import { LeakScanner, loadScannerWasm, ScannerWasm } from '../../../src/core/scan';
import { PROFILE } from '../scanner';
const wb = readFileSync('build/scanner.wasm');
const inputs = await corpusInputs(wb);
const wasm = await loadScannerWasm(wb);
const kinds = new Map<number, number>(); let calls = 0; let bytes = 0; let wordBytes = 0;
const orig = ScannerWasm.prototype.scan;
ScannerWasm.prototype.scan = function (b, mode, visit) { calls++; bytes += b.length; return orig.call(this, b, mode, (k, a, c) => { kinds.set(k, (kinds.get(k) ?? 0) + 1); if (k === 3) wordBytes += c - a; visit(k, a, c); }); };
const s = new LeakScanner(wasm, PROFILE);
let inb = 0; for (const i of inputs) { s.scan(i); inb += i.bytes.length; }
console.log({ inb, calls, bytes, wordBytes, kinds: [...kinds] });
