/** The lab's version-to-version rule (src/cli/lab/versionChanges.ts), without a database. */
import { describe, expect, it } from 'vitest';
import { sentKey, stepName, versionChanges, versionSteps, VERSION_UNKNOWN, type AppCapture } from '../../src/cli/lab/versionChanges';

const cap = (capture: number, version: string | null, start: string | null, sent: [string, string | null][], app = 'com.x'): AppCapture => ({
  app, version, capture, captureName: `c${capture}.pcap`, start, sent: new Set(sent.map(([t, h]) => sentKey(t, h))),
});

describe('versionSteps / versionChanges', () => {
  it('merges the captures of a known version and orders dotted versions numerically, whatever the start times', () => {
    const rows = [
      cap(0, '1.10', '2026-01-01T00:00:00Z', [['imei', 'a.example']]),
      cap(1, '1.9', '2026-02-01T00:00:00Z', [['imei', 'a.example'], ['email', null]]),
      cap(2, '1.9', '2026-03-01T00:00:00Z', [['mac', 'b.example']]),
    ];
    const steps = versionSteps(rows).get('com.x')!;
    expect(steps.map((s) => [s.label, s.captures.map((c) => c.capture)])).toEqual([['1.9', [1, 2]], ['1.10', [0]]]);
    const [c] = versionChanges(rows);
    expect(c.added).toEqual([]);
    expect(c.removed).toEqual([{ type: 'email', host: null }, { type: 'mac', host: 'b.example' }]);
  });

  it('unknown versions: one step per capture in start order, no time last, named as unknown', () => {
    const rows = [
      cap(5, null, null, [['imei', 'a']]),
      cap(6, null, '2026-01-02T00:00:00Z', [['email', 'a']]),
      cap(7, null, '2026-01-01T00:00:00Z', []),
    ];
    const steps = versionSteps(rows).get('com.x')!;
    expect(steps.map((s) => s.captures[0].capture)).toEqual([7, 6, 5]);
    expect(steps.every((s) => s.label === VERSION_UNKNOWN)).toBe(true);
    expect(stepName(steps[0])).toBe('version unknown (c7.pcap, 2026-01-01T00:00:00Z)');
    expect(versionChanges(rows).map((c) => [c.added, c.removed])).toEqual([
      [[{ type: 'email', host: 'a' }], []],
      [[{ type: 'imei', host: 'a' }], [{ type: 'email', host: 'a' }]],
    ]);
  });

  it('names that are not dotted numbers go by start time; apps stay apart', () => {
    const rows = [cap(0, 'beta', '2026-02-01T00:00:00Z', []), cap(1, '2.0', '2026-01-01T00:00:00Z', []), cap(2, '1.0', '2026-01-01T00:00:00Z', [], 'com.y')];
    const steps = versionSteps(rows);
    expect([...steps.keys()]).toEqual(['com.x', 'com.y']);
    expect(steps.get('com.x')!.map((s) => s.label)).toEqual(['2.0', 'beta']);
    expect(versionChanges(rows)).toHaveLength(1);
  });
});
