/**
 * Heap held per flow: analyses a capture (no scanner) and prints the live heap after the report
 * is built, against an empty baseline, with the flow count. Run with node --expose-gc:
 *   NODE_OPTIONS=--expose-gc npx tsx scripts/flowmem.ts CAPTURE
 */
import { createReadStream } from 'node:fs';
import { CaptureAnalysis } from '../src/core/analysis';
import { readChunks } from '../src/core/chunks';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');
const path = process.argv[2];
gc();
const before = process.memoryUsage().heapUsed;
const analysis = await CaptureAnalysis.create({ name: path });
for await (const chunk of readChunks(createReadStream(path, { highWaterMark: 1 << 20 }))) analysis.push(chunk);
gc();
const during = process.memoryUsage().heapUsed;
const report = await analysis.finish();
gc();
const after = process.memoryUsage().heapUsed;
const flows = report.flows.length;
const kb = (b: number) => (b / 1024).toFixed(2);
console.log(JSON.stringify({ flows, heapBeforeFinishKBPerFlow: kb((during - before) / flows), heapWithReportKBPerFlow: kb((after - before) / flows), reportJsonBytesPerFlow: Math.round(JSON.stringify(report).length / flows) }));
void report;
