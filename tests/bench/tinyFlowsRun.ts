/**
 * Child process of the bench (issue 15): runs the engine as the CLI does (scanner inline or
 * SCAN_WORKERS scan workers) over tinyFlowsPcap(N) streamed, never written, and prints
 * {flows, listed, folded, findings, seconds, cpuSeconds, peakRssMB, reportMB} as JSON.
 * Args: N WASM [SCAN_WORKERS] [WRITE_PATH: write the capture there instead]
 */
import { createWriteStream, readFileSync } from 'node:fs';
import { analyzeStream } from '../../src/core/engine';
import { startScanPool } from '../../src/cli/scanPool';
import { tinyFlowsPcap } from './tinyFlows';
import { heapFlags } from '../../src/cli/heapFlags';

// The CLI's V8 heap growth (--heap-growing-percent=60), so the rows compare with the CLI's.
heapFlags();

const [nArg, wasmPath, workers, writePath] = process.argv.slice(2);
const n = Number(nArg ?? '100000');
if (writePath) {
  const out = createWriteStream(writePath);
  for await (const chunk of tinyFlowsPcap(n)) if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
  await new Promise<void>((r) => out.end(() => r()));
  process.exit(0);
}
const scannerWasm = wasmPath && wasmPath !== '-' ? new WebAssembly.Module(readFileSync(wasmPath)) : undefined;
const scanPool = Number(workers) > 0 ? startScanPool(Number(workers)) : undefined;
const started = performance.now();
const cpu0 = process.cpuUsage();
const report = await analyzeStream(tinyFlowsPcap(n), { name: `tiny-${n}.pcap`, scannerWasm, scanPool, sha256: Promise.resolve('') });
const json = JSON.stringify(report);
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpu0);
scanPool?.terminate();
const folded = (report as { flows_folded?: { count: number } }).flows_folded?.count ?? 0;
console.log(JSON.stringify({
  n, flows: report.flows.length + folded, listed: report.flows.length, folded, findings: report.findings.length,
  http: (report as unknown as { http: unknown[] }).http.length,
  seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, peakRssMB: process.resourceUsage().maxRSS / 1024, reportMB: json.length / 2 ** 20,
}));
