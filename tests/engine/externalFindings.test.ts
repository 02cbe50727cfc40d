/**
 * Real traffic with no phone in it: no IMEI, IMSI, ICCID or phone number may be reported.
 * Checked by hand: before the decimal-fraction rule, 3 "IMEIs" were Math.random() fractions in
 * npm metadata ("_0.518483177293092"); now none. What remains are e-mail addresses really in
 * the traffic (SIP From:, mailto: links, a form post), `serial=S9999999T9943A1106`, and what
 * devices say about themselves on a LAN (DHCP, NetBIOS) or in a User-Agent.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXTERNAL } from '../corpus';
import { analyzeFile } from '../pipeline';

const HARD = new Set(['imei', 'imsi', 'iccid', 'phone', 'contact_phone']);

describe('external corpus has no hard identifiers', () => {
  it('reports zero imei/imsi/iccid/phone findings over 419 captures', async () => {
    const hits: string[] = [];
    const types = new Set<string>();
    for (const name of readdirSync(join(EXTERNAL, 'captures')).sort()) {
      const report = await analyzeFile(join(EXTERNAL, 'captures', name));
      for (const f of report.findings) types.add(f.type);
      for (const f of report.findings) if (HARD.has(f.type)) hits.push(`${name}: ${f.type} ${f.value} ${f.context}`);
    }
    expect(hits).toEqual([]);
    // What remains is real: e-mail addresses in SIP/SMTP/web pages, one device serial, DHCP
    // clients' MACs and host names (jaekuryu-HP), a NetBIOS name (WIN10) and the model of an
    // Android client's User-Agent (Moto G (7)).
    expect([...types].sort()).toEqual(['device_name', 'email', 'mac', 'model', 'serial']);
  });
});
