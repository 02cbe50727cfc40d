import { describe, expect, it } from 'vitest';
import { concatAll, textOf } from '../../src/core/bytes';
import { PROTOCOLS } from '../../src/core/protocols/registry';
import { join } from 'node:path';
import { bytes, drive, extract, leak, mkFlow, scanRows, splitAt, unscanned } from './helpers';
import { WILD } from '../corpus';
import { mqttIdentity } from '../../src/core/protocols/mqtt/identity';

/** The leak corpus' MQTT 3.1.1 session (mosquitto), alone and inside the mix: [capture, flow, CONNECT frame, PUBLISH frame]. */
const ROWS: [file: string, flow: number, connect: number, publish: number][] = [
  ['10-mqtt.pcap', 1, 8, 12],
  ['15-mixed.pcap', 38, 7564, 7568],
];

describe('MQTT in real captures', () => {
  it.each(ROWS)('%s', (file, flow, connect, publish) => {
    const src = leak(file);
    const x = extract(src);
    expect(x.apps.filter((a) => a[1] === 'mqtt')).toEqual([[flow, 'mqtt', false]]);
    // Found by its CONNECT (content), not by port: no protocol claims TCP 1883.
    expect(x.flows[flow].server.port).toBe(1883);
    expect(PROTOCOLS.filter((p) => p.ports?.tcp?.includes(1883))).toEqual([]);
    expect(scanRows(x.scans, flow)).toEqual([
      ['mqtt', 'client-id', 'upload', connect, 'android_862287025963539'],
      ['mqtt', 'topic', 'upload', publish, 'user/18611428769/status'],
      ['mqtt', 'payload', 'upload', publish, '{"imsi":"460012835716904","sn":"c7a2f9d4","bat":87,"net":"wifi"}'],
    ]);
    expect(unscanned(src, x, 'mqtt')).toEqual([]);
    expect(x.warnings).toEqual([]);
  });
});

const str = (s: string) => concatAll([Uint8Array.of(s.length >> 8, s.length & 0xff), bytes(s)]);
const pkt = (h: number, body: Uint8Array) => concatAll([Uint8Array.of(h, body.length), body]);

describe('MQTT', () => {
  it('reads CONNECT (3.1.1), PUBLISH and SUBSCRIBE, split across segments', () => {
    const connect = pkt(0x10, concatAll([str('MQTT'), Uint8Array.of(4, 0xc2, 0, 60), str('dev-861234567890123'), str('user'), str('pw')]));
    const publish = pkt(0x32, concatAll([str('d/861234567890123/loc'), Uint8Array.of(0, 7), bytes('{"lat":39.9}')]));
    const subscribe = pkt(0x82, concatAll([Uint8Array.of(0, 1), str('cmd/#'), Uint8Array.of(1)]));
    const stream = concatAll([connect, publish, subscribe]);
    const c = drive(mkFlow(0, 'tcp', 40000, 1883), splitAt(stream, [1, 5, 30, 31]).map((b) => ['upload', b] as const));
    expect(c.apps).toContainEqual([0, 'mqtt', false]);
    expect(c.scans.map((s) => [s.part, textOf(s.bytes)])).toEqual([
      ['client-id', 'dev-861234567890123'],
      ['username', 'user'],
      ['password', 'pw'],
      ['topic', 'd/861234567890123/loc'],
      ['payload', '{"lat":39.9}'],
      ['topic', 'cmd/#'],
    ]);
  });

  it('skips MQTT 5 property blocks', () => {
    const connect = pkt(0x10, concatAll([str('MQTT'), Uint8Array.of(5, 0x02, 0, 60, 3, 0x21, 0, 10), str('c5')]));
    const publish = pkt(0x30, concatAll([str('t'), Uint8Array.of(2, 0x01, 1), bytes('p')]));
    const c = drive(mkFlow(0, 'tcp', 40000, 1883), [['upload', connect], ['download', publish]]);
    expect(c.scans.map((s) => [s.part, textOf(s.bytes), s.direction])).toEqual([
      ['client-id', 'c5', 'upload'],
      ['topic', 't', 'download'],
      ['payload', 'p', 'download'],
    ]);
  });
});

describe('MQTT device identity (CONNECT client id, user name)', () => {
  it('reports the serials of the wild mqtt.pcap, not its letters-only client id', () => {
    const name = 'ntop-nDPI__mqtt.pcap';
    const x = extract({ corpus: 'external', name, path: join(WILD, 'captures', name) });
    expect([...new Set(x.fields.map((f) => `${f.type} ${f.value} ${f.protocol} ${f.direction}`))]).toEqual([
      'serial 02D5050223D3 mqtt upload',
      'serial P47775ID170W2120 mqtt upload',
    ]);
  });
  it.each([
    ['02D5050223D3', '02D5050223D3'],
    ['P47775ID170W2120', 'P47775ID170W2120'],
    ['iotazewpmlithub.azure-devices.net/P47775ID170W2120/?api-version=2018-06-30', 'P47775ID170W2120'],
    ['86123456', '86123456'],
    ['cbaabcbabacbbbbbaaaaab', null],
    ['mosq-7Hk2LmQp0aZ9xYw3', null],
    ['mosq/7Hk2LmQp0aZ9', null],
    ['paho1234567890123', null],
    ['mqttjs_8f3a2b1c', null],
    ['android_862287025963539', null],
    ['3f2504e0-4f89-11d3-9a0c-0305e82c3301', null],
    ['0123456789abcdef0123456789abcdef01', null],
    ['user 1234', null],
    ['A1234', null],
  ])('%s -> %s', (text, value) => {
    expect(mqttIdentity(text)).toBe(value);
  });
});
