/**
 * One identifier in every message of a long connection (a day of MQTT heartbeats): its finding
 * lists each frame once, in order, however many (scan/findings.ts keeps a set past 16 frames:
 * the list search per sighting was quadratic), and the flow ledger's question "does this flow
 * have a finding" is answered from the sets as they grow.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { LeakScanner, type ScannerWasm } from '../../src/core/scan';
import { FindingSet } from '../../src/core/scan/findings';
import { PlaceholderSightings } from '../../src/core/scan/placeholderSightings';
import { imeiFor } from '../bench/tinyFlows';
import { input, scannerWasm } from './helpers';

let wasm: ScannerWasm;
beforeAll(async () => {
  wasm = await scannerWasm();
});

describe('finding frames', () => {
  it('an IMEI in 3,000 messages of one flow, twice in some frames: one finding, each frame once, in order', () => {
    const s = new LeakScanner(wasm);
    const imei = imeiFor(42);
    for (let frame = 1; frame <= 3000; frame++) {
      s.scan(input(`GET /ping?imei=${imei} HTTP/1.1\r\n\r\n`, { flow: 7, frame, part: 'url' }));
      // Some frames carry it twice (a URL and a header of one request).
      if (frame % 3 === 0) s.scan(input(`GET /ping?imei=${imei} HTTP/1.1\r\n\r\n`, { flow: 7, frame, part: 'url' }));
    }
    const found = s.findings().filter((f) => f.type === 'imei');
    expect(found.map((f) => [f.value, f.flow, f.frames!.length])).toEqual([[imei, 7, 3000]]);
    expect(found[0].frames).toEqual(Array.from({ length: 3000 }, (_, i) => i + 1));
    expect([s.flowHasFinding(7), s.flowHasFinding(8)]).toEqual([true, false]);
  });

  it('merged batches with overlapping frames, out of order past the list size: each frame once', () => {
    const base = { type: 'imei', value: imeiFor(1), encoding: 'plain', flow: 3, protocol: 'http', direction: 'upload', frame: 1 } as const;
    const set = new FindingSet();
    const batch = (frames: number[]) => set.merge({ ...base, frame: frames[0], frames } as never);
    batch(Array.from({ length: 20 }, (_, i) => 40 - i)); // 40..21
    batch(Array.from({ length: 30 }, (_, i) => i + 1)); // 1..30: 21..30 seen already
    batch([5, 45, 40, 46]);
    const [f] = set.list();
    expect(f.frames).toEqual([...Array.from({ length: 40 }, (_, i) => i + 1), 45, 46]);
    expect([set.size, set.hasFlow(3), set.hasFlow(4)]).toEqual([1, true, false]);
  });

  it('placeholder sightings name their flows', () => {
    const p = new PlaceholderSightings();
    p.add({ type: 'imei', value: '000000000000000', flow: 9, frame: 2 } as never);
    expect([p.hasFlow(9), p.hasFlow(2)]).toEqual([true, false]);
  });
});
