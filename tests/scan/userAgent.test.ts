/** Device models in User-Agent strings and Apple model codes (scan/userAgent.ts), alone and through the scanner. */
import { beforeAll, describe, expect, it } from 'vitest';
import { modelsIn } from '../../src/core/scan/userAgent';
import { LeakScanner, type ScannerWasm } from '../../src/core/scan';
import { input, scannerWasm } from './helpers';

let wasm: ScannerWasm;
beforeAll(async () => {
  wasm = await scannerWasm();
});

const models = (s: string) => modelsIn(s).map((m) => [m.value, m.confidence]);

describe('modelsIn', () => {
  it.each([
    ['Dalvik/1.6.0 (Linux; U; Android 4.4.4; MI 3W MIUI/V6.4.3.0.KXDMICB)', 'MI 3W', 'medium'],
    ['Mozilla/5.0 (Linux; Android 9; JKM-LX1 Build/HUAWEIJKM-LX1; wv) AppleWebKit/537.36', 'JKM-LX1', 'high'],
    ['Mozilla/5.0 (Linux; Android 6.0.1; SM-T805 Build/MMB29K; wv)', 'SM-T805', 'high'],
    ['Dalvik/1.6.0 (Linux; U; Android 4.4.2; LG-D855 Build/KVT49L.A1412087656)', 'LG-D855', 'high'],
    ['Dalvik/2.1.0 (Linux; U; Android 11; sdk_gphone_x86 Build/RSR1.201013.001)', 'sdk_gphone_x86', 'high'],
    ['Mozilla/5.0 (Linux; U; Android 4.0.3; en-us; HTC Sensation Build/IML74K)', 'HTC Sensation', 'high'],
    ['Mozilla/5.0 (Linux; Android 10; Pixel 3 XL) AppleWebKit/537.36 Chrome/80.0 Mobile Safari/537.36', 'Pixel 3 XL', 'medium'],
    ['Chrome/74.0.3729.157 Android 8.0.0; BND-L21', 'BND-L21', 'medium'],
    ['MyApp/1.2 (Android 9; samsung; SM-G960F)', 'SM-G960F', 'medium'],
    ['app/3.1 (samsung; GT-I9505; en_US)', 'GT-I9505', 'medium'],
    ['[FBAN/FB4A;FBAV/250.0;FBMF/samsung;FBDV/SM-G960F;FBSV/9]', 'SM-G960F', 'medium'],
    ['<22>1 2021-04-18T14:51:48+04:00 iPhone7,2 com.dts.freefireth - - -', 'iPhone7,2', 'medium'],
    ['{"hw":"iPad6,11","os":"12.1"}', 'iPad6,11', 'medium'],
    ['model=iMac11,3&x=1', 'iMac11,3', 'medium'],
    ['device: MacBookPro16,1', 'MacBookPro16,1', 'medium'],
    ['AudioAccessory5,1 AppleTV6,2 Watch5,1 iPod9,1', 'AudioAccessory5,1', 'medium'],
  ])('%s -> %s', (text, value, confidence) => {
    expect(models(text)[0]).toEqual([value, confidence]);
  });

  it('reads every Apple code of a line, whole', () => {
    expect(modelsIn('AudioAccessory5,1 AppleTV6,2 Watch5,1 iPod9,1 iMac11,3').map((m) => m.value))
      .toEqual(['AudioAccessory5,1', 'AppleTV6,2', 'Watch5,1', 'iPod9,1', 'iMac11,3']);
  });

  it.each([
    ['Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 Chrome/120.0.0.0 Mobile Safari/537.36'],
    ['Mozilla/5.0 (Android 9; Mobile; rv:68.0) Gecko/68.0 Firefox/68.0'],
    ['Mozilla/5.0 (Linux; U; Android 4.4; en-us) AppleWebKit'],
    ['Mozilla/5.0 (Linux; Android 12; wv) AppleWebKit'],
    ['Mozilla/5.0 (Linux; Android 12; 10.1.2)'],
    ['upgrade to Android 10 today; more later'],
    ['window.appModel()'],
    ['iPhone; CPU iPhone OS 14_2 like Mac OS X'],
    ['XiPhone7,2 and iPhone7,2x and iPhone7,2,3'],
  ])('refuses %s', (text) => {
    expect(modelsIn(text)).toEqual([]);
  });
});

describe('scanner', () => {
  const scan = (text: string, direction: 'upload' | 'download' = 'upload') => {
    const s = new LeakScanner(wasm);
    s.scan(input(text, { part: 'header', direction }));
    return s.findings().filter((f) => f.type === 'model').map((f) => [f.value, f.confidence, f.match]);
  };
  it('reports the model of a User-Agent header', () => {
    expect(scan('GET / HTTP/1.1\r\nUser-Agent: Dalvik/1.6.0 (Linux; U; Android 4.4.2; LG-D855 Build/KVT49L.A1412087656)\r\n\r\n'))
      .toEqual([['LG-D855', 'high', 'LG-D855']]);
  });
  it('reports Apple codes in uploaded text, whole', () => {
    expect(scan('<22>1 2021-04-18T14:51:48+04:00 iPhone7,2 com.dts.freefireth')).toEqual([['iPhone7,2', 'medium', 'iPhone7,2']]);
  });
  it('reads nothing in downloaded text (pages list models of every device)', () => {
    expect(scan('supported: iPhone7,2 iPad6,11; UA Android 9; SM-G960F Build/X)', 'download')).toEqual([]);
  });
  it('refuses the reduced UA', () => {
    expect(scan('User-Agent: Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36\r\n')).toEqual([]);
  });
});

describe('android_id keys', () => {
  const ids = (text: string) => {
    const s = new LeakScanner(wasm);
    s.scan(input(text));
    return s.findings().filter((f) => f.type === 'android_id').map((f) => [f.value, f.confidence]);
  };
  it("reads Pushwoosh's hwid as the Android ID", () => {
    expect(ids('{"request":{"android_package":"com.haaretz","hwid":"a375db57ef62d1c5"}}')).toEqual([['a375db57ef62d1c5', 'high']]);
    expect(ids('android_id=A375DB57EF62D1C5&x=1')).toEqual([['a375db57ef62d1c5', 'high']]);
  });
  it('leaves 16 hex digits under other keys alone', () => {
    expect(ids('branch=3e4698618cfb2b73;rinstance=7a46f1e12702e7fb')).toEqual([]);
  });
});
