/** Storage helpers that need no IndexedDB (the database itself is tested in tests/e2e/storage). */
import { describe, expect, test } from 'vitest';
import { isQuotaError, rethrowStorage, StorageFullError } from '../../src/storage/errors';
import { summarize } from '../../src/storage/sessions';
import type { Report } from '../../src/core/report/types';

describe('isQuotaError', () => {
  test.each([
    [new DOMException('x', 'QuotaExceededError'), true],
    [new DOMException('x', 'NS_ERROR_DOM_QUOTA_REACHED'), true],
    [new Error('Disk is full'), true],
    [new Error('The quota has been exceeded.'), true],
    [Object.assign(new Error('wrapped'), { inner: new DOMException('q', 'QuotaExceededError') }), true],
    [new DOMException('x', 'AbortError'), false],
    [new DOMException('x', 'TransactionInactiveError'), false],
    [new Error('network'), false],
    ['QuotaExceededError', false],
    [null, false],
  ])('%s -> %s', (e, want) => {
    expect(isQuotaError(e)).toBe(want);
  });
});

test('rethrowStorage turns quota errors into StorageFullError and passes others through', () => {
  const quota = new DOMException('q', 'QuotaExceededError');
  expect(() => rethrowStorage(quota, 'full')).toThrow(StorageFullError);
  expect(() => rethrowStorage(quota, 'full')).toThrow('full');
  const other = new Error('other');
  expect(() => rethrowStorage(other, 'full')).toThrow(other);
});

test('summarize counts findings, clear findings, flows, hosts and warnings', () => {
  const flow = (id: number, ip: string, host: string | null) => ({
    id, transport: 'tcp', client: { ip: '10.0.0.2', port: 1000 + id }, server: { ip, port: 80 }, app: 'http', encrypted: false,
    host, country: null, packets: 1, bytes: 1, first_frame: 1, last_frame: 1, start: null, end: null, upload_bytes: 0, download_bytes: 0,
  });
  const finding = (enc: boolean) => ({
    type: 'imei', value: '862287025963539', encoding: 'plain', source: 'pattern', flow: 0, protocol: 'http', direction: 'upload',
    encrypted_on_wire: enc, host: 'a.example', country: null, frame: 1, context: '',
  });
  const report = {
    format: 'capture-report', version: 1,
    capture: { name: 'x', bytes: 1, sha256: '', format: 'pcap', linktypes: [], frames: 1, start: null, end: null },
    warnings: [{ code: 'w', message: 'm' }],
    flows: [flow(0, '1.1.1.1', 'a.example'), flow(1, '1.1.1.2', 'a.example'), flow(2, '2.2.2.2', null)],
    dns: [], http: [], tls: [],
    findings: [finding(false), finding(false), finding(true)],
  } as unknown as Report;
  expect(summarize(report)).toEqual({ findings: 3, clearFindings: 2, flows: 3, hosts: 2, warnings: 1 });
});
