/** Serial numbers: Netflix ESNs, and a token's serial number that is not the device's. */
import { beforeAll, describe, expect, it } from 'vitest';
import { LeakScanner, type ScannerWasm } from '../../src/core/scan';
import { netflixEsn } from '../../src/core/identifiers/serial';
import { input, scannerWasm } from './helpers';

let wasm: ScannerWasm;
beforeAll(async () => {
  wasm = await scannerWasm();
});

const ESN = 'NFAPPL-02-IPHONE6=1-8759FC3CE0836063C2107D6A035AF73D235679ACD69CA9887BF64570EA2DFD98';

function serials(text: string): [string, string][] {
  const s = new LeakScanner(wasm);
  s.scan(input(text));
  return s.findings().filter((f) => f.type === 'serial').map((f) => [f.value, f.encoding]);
}

describe('Netflix ESN', () => {
  it('reads the shape', () => {
    expect(netflixEsn(ESN)).toBe(ESN);
    expect(netflixEsn(`${ESN}_8`)).toBe(ESN);
    expect(netflixEsn('NFX-02-ABCD')).toBeNull();
    expect(netflixEsn('NFAPPL-ab-IPHONE6')).toBeNull();
    expect(netflixEsn('NFLXSERVICE')).toBeNull();
  });
  it('finds it in MSL JSON, plain and base64-wrapped, and in key ids', () => {
    expect(serials(`{"entityauthdata":{"authdata":{"identity":"${ESN}"},"scheme":"MGK"}}`)).toEqual([[ESN, 'plain']]);
    const header = Buffer.from(`{"ciphertext":"AAAA","keyid":"${ESN}_8","sha256":"AA=="}`).toString('base64');
    expect(serials(`{"headerdata":"${header}"}`)).toEqual([[ESN, 'base64']]);
  });
});

describe('serial keys', () => {
  it("refuses a token's serial number (beside its expiration and renewal window)", () => {
    const token = `{"tokendata":"${'A'.repeat(600)}","renewalwindow":1484405448,"serialnumber":1591219980196341,"expiration":1485528648,"sequencenumber":8}`;
    expect(serials(token)).toEqual([]);
    expect(serials('{"sessiondata":"x","serialnumber":1591219980196341,"expiration":1485528648,"iat":1485528000}')).toEqual([]);
  });
  it("reads a device's serial number", () => {
    expect(serials('{"model":"X","serialnumber":"R58M21ABCDE","expiration":1485528648}')).toEqual([['R58M21ABCDE', 'plain']]);
    expect(serials('serial=R58M21ABCDE&ts=1')).toEqual([['R58M21ABCDE', 'plain']]);
  });
});
