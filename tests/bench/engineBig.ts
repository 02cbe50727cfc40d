/**
 * Child process of the bench: reads one capture end to end through the engine and prints
 * {seconds, bytes, frames, flows, peakRssMB} as JSON. Run in its own process so the peak
 * resident size (VmHWM) is the engine's alone.
 */
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { analyzeStream } from '../../src/core/engine';

const [path, wasmPath, profilePath] = process.argv.slice(2);
const scannerWasm = wasmPath && wasmPath !== '-' ? new WebAssembly.Module(readFileSync(wasmPath)) : undefined;
const profile = profilePath ? JSON.parse(readFileSync(profilePath, 'utf8')) : undefined;
const size = statSync(path).size;
const started = performance.now();
const report = await analyzeStream(createReadStream(path, { highWaterMark: 1 << 20 }), { name: path, size, scannerWasm, profile });
const seconds = (performance.now() - started) / 1000;
const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
console.log(
  JSON.stringify({
    seconds,
    bytes: size,
    frames: report.capture.frames,
    flows: report.flows.length,
    findings: report.findings.length,
    peakRssMB: hwm ? Number(hwm[1]) / 1024 : process.memoryUsage().rss / 2 ** 20,
  }),
);
