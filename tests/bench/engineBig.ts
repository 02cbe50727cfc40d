/**
 * Child process of the bench: reads one capture end to end as `npm run scan` does (the CLI's
 * analyzeFile: native SHA-256, tables inflated beside the read, report enriched) and prints
 * {seconds, bytes, frames, flows, findings, peakRssMB} as JSON. Run in its own process so the
 * peak resident size (VmHWM, worker threads included) is this run's alone.
 * Args: CAPTURE WASM|- [PROFILE|-] [SCAN_WORKERS]
 */
import { readFileSync } from 'node:fs';
import { analyzeFile } from '../../src/cli/analyzeFile';
import { startScanPool } from '../../src/cli/scanPool';

const [path, wasmPath, profilePath, workers] = process.argv.slice(2);
const scannerWasm = wasmPath && wasmPath !== '-' ? new WebAssembly.Module(readFileSync(wasmPath)) : undefined;
const profile = profilePath && profilePath !== '-' ? JSON.parse(readFileSync(profilePath, 'utf8')) : undefined;
const scanPool = Number(workers) > 0 ? startScanPool(Number(workers)) : undefined;
const started = performance.now();
const report = await analyzeFile(path, { scannerWasm, profile, scanPool });
const seconds = (performance.now() - started) / 1000;
scanPool?.terminate();
const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
console.log(
  JSON.stringify({
    seconds,
    bytes: report.capture.bytes,
    frames: report.capture.frames,
    flows: report.flows.length,
    findings: report.findings.length,
    peakRssMB: hwm ? Number(hwm[1]) / 1024 : process.memoryUsage().rss / 2 ** 20,
  }),
);
