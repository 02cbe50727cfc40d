import { readFileSync } from 'node:fs';
import { LeakScanner, loadScannerWasm } from '../../../src/core/scan';
import { PROFILE } from '../scanner';
const wasm = await loadScannerWasm(readFileSync('build/scanner.wasm'));
const s = new LeakScanner(wasm, process.env.CORPUS ? JSON.parse(readFileSync('../shared/corpus/leaks/profile.json','utf8')) : PROFILE) as any;
const lens = s.wasmLits.map((l: any) => l.bytes.length);
console.log('n', lens.length, 'short<8', lens.filter((n: number) => n < 8).length, 'min long', Math.min(...lens.filter((n: number) => n >= 8)), 'step', wasm.setLiterals(s.wasmLits, s) - 1);
console.log(s.wasmLits.filter((l: any) => l.bytes.length < 12).map((l: any) => new TextDecoder().decode(l.bytes)).join(' | '));
