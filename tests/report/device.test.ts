/** The device under test and whose each finding is (report version 2). */
import { describe, expect, it } from 'vitest';
import { attribute, deviceUnderTest, osFromUserAgent, scopeOf } from '../../src/core/report/device';
import type { Flow } from '../../src/core/flow/types';
import type { Finding } from '../../src/core/report/types';
import { analyzeFile } from '../pipeline';
import { FORMATS, WILD } from '../corpus';
import { join } from 'node:path';

let next = 0;
const flow = (client: string, server: string, more: Partial<Flow> = {}): Flow => ({
  id: next++, transport: 'udp', client: { ip: client, port: 5000 }, server: { ip: server, port: 80 },
  packets: 1, bytes: 100, firstFrame: 1, lastFrame: 1, firstTime: 0, lastTime: 0, payloadBytes: [10, 0], ...more,
});
const finding = (f: Flow, more: Partial<Finding> = {}): Finding => ({
  type: 'device_name', value: 'Lucas-iPhone', encoding: 'plain', source: 'pattern', flow: f.id, protocol: 'dhcp', direction: 'upload',
  encrypted_on_wire: false, host: null, country: null, frame: 1, context: '', confidence: 'high', ...more,
});
const noHost = () => null;

describe('device under test', () => {
  it('is the address that opens the unicast flows, with its MAC; a LAN neighbour that only broadcasts is not', () => {
    next = 0;
    const flows = [
      ...Array.from({ length: 12 }, (_, i) => flow('192.168.2.12', `151.101.1.${i}`, { clientMac: '00:f4:b9:26:bb:f4' })),
      flow('0.0.0.0', '255.255.255.255', { clientMac: 'd8:30:62:56:00:1c' }),
      flow('192.168.2.7', '224.0.0.251', { clientMac: 'd8:30:62:56:00:1c' }),
    ];
    const device = deviceUnderTest(flows);
    expect(device.ips).toEqual(['192.168.2.12']);
    expect(device.macs).toEqual(['00:f4:b9:26:bb:f4']);
    // The neighbour's DHCP DISCOVER (from 0.0.0.0, its own chaddr) and its mDNS are not ours.
    expect(attribute(device, flows, finding(flows[12], { sender_mac: 'd8:30:62:56:00:1c' }), noHost).notOurs).toBe('other device');
    expect(attribute(device, flows, finding(flows[13], { protocol: 'mdns' }), noHost).notOurs).toBe('other device');
    // Our own DHCP DISCOVER is known by our MAC, and stays on the LAN.
    const own = attribute(device, flows, finding(flows[12], { sender_mac: '00:f4:b9:26:bb:f4' }), noHost);
    expect(own.notOurs).toBeNull();
    expect(own.finding).toMatchObject({ scope: 'local' });
    expect(attribute(device, flows, finding(flows[0], { type: 'model', value: 'SM-T805', protocol: 'http' }), () => 'api.example.com').finding).toMatchObject({ scope: 'remote' });
  });

  it('takes no MAC from a fake link header whose two ends are one address (pymobiledevice3), and says when a HAR names no client', async () => {
    next = 0;
    const fake = [flow('10.62.118.203', '54.1.1.1', { clientMac: 'be:ef:be:ef:be:ef', serverMac: 'be:ef:be:ef:be:ef' })];
    expect(deviceUnderTest(fake)).toMatchObject({ ips: ['10.62.118.203'], macs: [] });
    const ios = await analyzeFile(join(FORMATS, 'captures', 'ios-pcapd-01-pymobiledevice3.pcap'));
    expect(ios.device!.macs).toEqual([]);
    const har = await analyzeFile(join(FORMATS, 'captures', 'har-01-tracker.har'));
    expect(har.device!.ips).toEqual(['127.0.0.1']);
    expect(har.device!.how).toMatch(/^the file records no client address \(HAR\)/);
  });

  it('keeps every traced client of a merged trace, and broadcasters when nothing opens a unicast flow', () => {
    next = 0;
    const merged = [flow('192.168.2.105', '54.161.101.85'), flow('192.168.2.105', '54.161.101.86'), flow('10.84.1.81', '13.1.1.1')];
    expect(deviceUnderTest(merged).ips).toEqual(['192.168.2.105', '10.84.1.81']);
    const beacons = [flow('192.168.1.1', '255.255.255.255'), flow('192.168.1.1', '255.255.255.255')];
    expect(deviceUnderTest(beacons)).toMatchObject({ ips: ['192.168.1.1'], how: 'the addresses that send (no unicast flows)' });
  });

  it('counts a DHCP client inside a device\'s tunnel (an access point carrying its Wi-Fi clients) as the device\'s side', () => {
    next = 0;
    const flows = [flow('192.168.10.10', '192.168.10.9', { clientMac: 'b8:38:61:f3:05:ac' }), flow('0.0.0.0', '255.255.255.255', { via: '192.168.10.10' })];
    const device = deviceUnderTest(flows);
    expect(attribute(device, flows, finding(flows[1], { sender_mac: '1c:ab:a7:f2:13:9d' }), noHost).notOurs).toBeNull();
  });

  it('takes what a server sent only when it is the person\'s own value or a strong shape', () => {
    next = 0;
    const flows = [flow('10.0.0.2', '93.184.216.34')];
    const device = deviceUnderTest(flows);
    const down = (more: Partial<Finding>) => attribute(device, flows, finding(flows[0], { direction: 'download', protocol: 'http', ...more }), noHost).notOurs;
    expect(down({ type: 'model', value: 'window.appModel' })).toBe('server content');
    expect(down({ type: 'email', value: 'info@example.com' })).toBe('server content');
    expect(down({ type: 'phone', value: '+8618611428769', confidence: 'high' })).toBeNull();
    expect(down({ type: 'email', value: 'li.wei@example.com', source: 'profile' })).toBeNull();
  });

  it('scope: local only when the receiver is on the LAN and no public name says otherwise', () => {
    expect(scopeOf('224.0.0.251', null)).toBe('local');
    expect(scopeOf('192.168.88.231', null)).toBe('local');
    expect(scopeOf('192.168.88.231', 'printer.local')).toBe('local');
    expect(scopeOf('10.2.2.2', 'cdn.example.com')).toBe('remote');
    expect(scopeOf('8.8.8.8', null)).toBe('remote');
  });

  it('reads the OS from a User-Agent', () => {
    expect(osFromUserAgent('Dalvik/1.6.0 (Linux; U; Android 4.4.2; LG-D855 Build/KVT49L.A1412087656)')).toBe('Android 4.4.2');
    expect(osFromUserAgent('Mozilla/5.0 (iPhone; CPU iPhone OS 10_2 like Mac OS X) AppleWebKit/602.3.12')).toBe('iOS 10.2');
    expect(osFromUserAgent('curl/8.0')).toBeNull();
  });

  it('names the device of a real phone capture', async () => {
    const report = await analyzeFile(join(WILD, 'captures', 'ntop-nDPI__webex.pcap'));
    expect(report.version).toBe(2);
    expect(report.device).toMatchObject({ ips: ['10.8.0.1'], os: 'Android 4.4.2' });
  });
});
