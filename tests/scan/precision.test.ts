/** Precision rules: text vs binary for shape-only digits, placeholders apart, IMEISV and value plausibility. */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { LeakScanner } from '../../src/core/scan';
import { luhnCheckDigit } from '../../src/core/identifiers/common';
import { binaryAround, binaryMagic } from '../../src/core/scan/binary';
import { extractCapture } from '../pipeline';
import { input, scannerWasm } from './helpers';

const WILD = '/work/shared/corpus/wild/captures';
const imeiBody = '35391805123456';
const IMEI = imeiBody + luhnCheckDigit(imeiBody);
const enc = (s: string) => new TextEncoder().encode(s);

function planted(host: Uint8Array, text: string): Uint8Array {
  const out = host.slice();
  const at = Math.floor(out.length / 2);
  out.set(enc(text), at);
  return out;
}

/** Pseudo-random bytes (deterministic). */
function noise(n: number, seed = 7): Uint8Array {
  const b = new Uint8Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    b[i] = x >>> 24;
  }
  return b;
}

async function scan(inputs: Uint8Array[]) {
  const s = new LeakScanner(await scannerWasm());
  inputs.forEach((bytes, i) => s.scan(input(bytes, { frame: i + 1 })));
  return s;
}

describe('text vs binary', () => {
  it('magic numbers and the window share', () => {
    expect(binaryMagic(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0]))).toBe(true);
    expect(binaryMagic(enc('GET / HTTP/1.1\r\n'))).toBe(false);
    expect(binaryMagic(new Uint8Array([0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70]))).toBe(true);
    const t = enc(`{"a":"${IMEI}"}`);
    expect(binaryAround(t, 6, 21)).toBe(false);
    const r = planted(noise(4096), IMEI);
    expect(binaryAround(r, 2048, 2063)).toBe(true);
  });

  it('planted digit runs in random bytes are no findings; the same in JSON text are', async () => {
    const digits = `${IMEI} 13812345678 89860114529727340129`;
    const bin = await scan([planted(noise(8192), ` ${IMEI} `), planted(noise(8192, 3), ' +8613812345678 '), planted(noise(8192, 5), ` ${digits} `)]);
    expect(bin.findings().filter((f) => ['imei', 'phone', 'iccid'].includes(f.type))).toEqual([]);
    const text = await scan([enc(`{"list":"${IMEI}","to":"+8613812345678","sim":"89860114529727340129"}`)]);
    expect(text.findings().map((f) => f.type).sort()).toEqual(['iccid', 'imei', 'phone']);
  });

  it('a keyed value in binary still counts', async () => {
    const s = await scan([planted(noise(8192), `imei=${IMEI}&`)]);
    expect(s.findings().map((f) => [f.type, f.value])).toEqual([['imei', IMEI]]);
  });

  // (youtubeupload.pcap's video went over gQUIC: encrypted, no longer scanned as raw bytes.)
  const real = ['ntop-nDPI__exe_download_as_png.pcap', 'ntop-nDPI__mpeg.pcap'].map((n) => join(WILD, n));
  it('digits planted in the payloads of real downloads (PNG/EXE, MPEG) are not found', async () => {
    for (const path of real) {
      // Inputs whose middle is binary (a multipart upload's text headers are text: found there is right).
      const big = extractCapture(path).scans
        .filter((x) => x.bytes.length > 600 && binaryAround(x.bytes, (x.bytes.length >> 1) - 1, (x.bytes.length >> 1) + 30))
        .slice(0, 40);
      expect(big.length).toBeGreaterThan(0);
      const s = await scan(big.map((x) => planted(x.bytes, ` ${IMEI} 13812345678 `)));
      const shaped = s.findings().filter((f) => ['imei', 'phone', 'iccid', 'imsi'].includes(f.type));
      expect(shaped.map((f) => `${path}: ${f.value} ${f.context}`)).toEqual([]);
    }
  });
});

describe('placeholders', () => {
  it('go to placeholders(), not findings()', async () => {
    const s = await scan([enc(
      'mac=02:00:00:00:00:00&android_id=9774d56d682e549c&gaid=00000000-0000-0000-0000-000000000000' +
      '&imei=358240051111110&imsi=310260000000000&serial=0123456789ABCDEF&bssid=ff:ff:ff:ff:ff:ff&carrier=Android&x=1',
    )]);
    expect(s.findings()).toEqual([]);
    expect(s.placeholders().map((p) => `${p.type} ${p.value}`).sort()).toEqual([
      'ad_id 00000000-0000-0000-0000-000000000000', 'android_id 9774d56d682e549c', 'carrier Android', 'imei 358240051111110',
      'imsi 310260000000000', 'mac 02:00:00:00:00:00', 'mac ff:ff:ff:ff:ff:ff', 'serial 0123456789ABCDEF',
    ]);
    expect(s.placeholders()[0]).toMatchObject({ flow: 0, frame: 1 });
  });
});

describe('plausibility', () => {
  it('a 16-digit generic device_id is no IMEISV; under an IMEI key it is', async () => {
    const a = await scan([enc('<133>ssg: NetScreen device_id=0185082008001541  [Root]system-notification')]);
    expect(a.findings()).toEqual([]);
    const b = await scan([enc('imeisv=3539180512345601&x=1')]);
    expect(b.findings().map((f) => f.value)).toEqual([IMEI.slice(0, 14) + luhnCheckDigit(IMEI.slice(0, 14))]);
  });

  it('Suricata flow_id numbers are no IMSIs or IMEIs', async () => {
    const s = await scan([enc('{"timestamp":"2021-04-18T14:51:48","flow_id":381079355822573,"x":1}\n{"flow_id":290049671561873}')]);
    expect(s.findings()).toEqual([]);
  });

  it('a bare JSON number after a serial key is no serial; a string is', async () => {
    expect((await scan([enc('{"serialnumber":1591219980196341,"expiration":1485528648}')])).findings()).toEqual([]);
    expect((await scan([enc('{"serialnumber":"R58M41ABCDE"}')])).findings().map((f) => f.value)).toEqual(['R58M41ABCDE']);
  });

  it('platform words are no carriers, code is no model', async () => {
    const s = await scan([enc('{"carrier":"iOS","operator":"wifi","model":"window.appModel()","x":1}&model=new Ya&carrier=T-Mobile&model=SM-T805&x=1')]);
    expect(s.findings().map((f) => `${f.type} ${f.value}`).sort()).toEqual(['carrier T-Mobile', 'model SM-T805']);
  });
});
