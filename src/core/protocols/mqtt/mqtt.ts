/** MQTT 3.1/3.1.1/5 over TCP: CONNECT client id and username, PUBLISH topic/payload, SUBSCRIBE topics. */
import type { Direction } from '../../types';
import type { FlowHandler, HandlerContext } from '../../extract/handler';
import { dirIndex } from '../../extract/handler';
import { concat, Reader } from '../../bytes';
import { mqttIdentity } from './identity';

/** Largest control packet we buffer; bigger ones are skipped with a warning. */
const MAX_PACKET = 4 * 1024 * 1024;

/** True if `b` starts with an MQTT CONNECT naming protocol 'MQTT' or 'MQIsdp'; 'more' if it may. */
export function isMqttConnect(b: Uint8Array): boolean | 'more' {
  if (b.length === 0) return 'more';
  if (b[0] !== 0x10) return false;
  let i = 1;
  for (; i < 5; i++) {
    if (i >= b.length) return 'more';
    if ((b[i] & 0x80) === 0) break;
  }
  if (i === 5) return false;
  const p = i + 1;
  const want = [[0, 4, 0x4d, 0x51, 0x54, 0x54], [0, 6, 0x4d, 0x51, 0x49, 0x73, 0x64, 0x70]];
  let possible = false;
  for (const w of want) {
    let ok = true;
    for (let j = 0; j < w.length; j++) {
      if (p + j >= b.length) {
        possible = possible || ok;
        ok = false;
        break;
      }
      if (b[p + j] !== w[j]) {
        ok = false;
        break;
      }
    }
    if (ok) return true;
  }
  return possible ? 'more' : false;
}

/** Parses MQTT control packets in both directions of one flow. */
export class MqttHandler implements FlowHandler {
  private buf: [Uint8Array, Uint8Array] = [new Uint8Array(0), new Uint8Array(0)];
  private skip: [number, number] = [0, 0];
  private broken: [boolean, boolean] = [false, false];
  /** Protocol level from CONNECT: 5 adds property blocks. */
  private level = 4;

  constructor(private readonly ctx: HandlerContext) {
    ctx.sink.app(ctx.flow.id, 'mqtt', false);
  }

  data(dir: Direction, bytes: Uint8Array, _offset: number, frame: number): void {
    const i = dirIndex(dir);
    if (this.broken[i]) return;
    let b = bytes;
    if (this.skip[i] > 0) {
      const n = Math.min(this.skip[i], b.length);
      this.skip[i] -= n;
      b = b.subarray(n);
    }
    b = concat(this.buf[i], b);
    while (b.length >= 2) {
      let len = 0;
      let mul = 1;
      let j = 1;
      for (; j < 5 && j < b.length; j++) {
        len += (b[j] & 0x7f) * mul;
        mul *= 128;
        if ((b[j] & 0x80) === 0) break;
      }
      if (j >= b.length) break; // length bytes not all here yet
      if (j === 5) {
        this.ctx.sink.warning('mqtt-malformed', `MQTT ${dir} stream in flow ${this.ctx.flow.id}: bad remaining length; rest ignored`, frame);
        this.broken[i] = true;
        b = new Uint8Array(0);
        break;
      }
      const hdr = j + 1;
      if (len > MAX_PACKET) {
        this.ctx.sink.warning('mqtt-large', `MQTT packet of ${len} bytes in flow ${this.ctx.flow.id} skipped`, frame);
        const have = b.length - hdr;
        this.skip[i] = Math.max(0, len - have);
        b = b.subarray(Math.min(b.length, hdr + len));
        continue;
      }
      if (b.length < hdr + len) break;
      this.packet(dir, b[0], b.subarray(hdr, hdr + len), frame);
      b = b.subarray(hdr + len);
    }
    this.buf[i] = b.slice();
  }

  gap(dir: Direction, _length: number, frame: number): void {
    const i = dirIndex(dir);
    this.broken[i] = true;
    this.buf[i] = new Uint8Array(0);
    this.ctx.sink.warning('mqtt-gap', `MQTT ${dir} stream in flow ${this.ctx.flow.id} lost bytes; rest ignored`, frame);
  }

  close(): void {
    this.buf = [new Uint8Array(0), new Uint8Array(0)];
  }

  private emit(dir: Direction, part: string, bytes: Uint8Array, frame: number): void {
    if (bytes.length === 0) return;
    this.ctx.sink.scan({ flow: this.ctx.flow.id, direction: dir, protocol: 'mqtt', part, frame, bytes: bytes.slice(), encryptedOnWire: false });
  }

  /** A CONNECT field that names the device (mqttIdentity): its serial. */
  private identity(dir: Direction, field: string, bytes: Uint8Array, frame: number): void {
    if (dir !== 'upload' || bytes.length === 0 || bytes.length > 200) return;
    const text = new TextDecoder().decode(bytes);
    const value = mqttIdentity(text);
    if (!value) return;
    this.ctx.sink.identify({
      flow: this.ctx.flow.id, frame, direction: dir, protocol: 'mqtt', type: 'serial', value, encoding: 'plain',
      context: `MQTT CONNECT ${field}: ${text.slice(0, 100)}`, confidence: 'medium', encryptedOnWire: false,
    });
  }

  private props(r: Reader): void {
    if (this.level >= 5) r.bytes(r.varint());
  }

  private packet(dir: Direction, h: number, body: Uint8Array, frame: number): void {
    const type = h >> 4;
    const r = new Reader(body);
    const str = () => r.bytes(r.u16());
    if (type === 1) {
      str(); // protocol name
      this.level = r.u8();
      const flags = r.u8();
      r.u16(); // keep alive
      this.props(r);
      const clientId = str();
      this.emit(dir, 'client-id', clientId, frame);
      this.identity(dir, 'client id', clientId, frame);
      if (flags & 0x04) {
        this.props(r);
        this.emit(dir, 'topic', str(), frame);
        this.emit(dir, 'payload', str(), frame);
      }
      if (flags & 0x80) {
        const user = str();
        this.emit(dir, 'username', user, frame);
        this.identity(dir, 'user name', user, frame);
      }
      if (flags & 0x40) this.emit(dir, 'password', str(), frame);
    } else if (type === 3) {
      this.emit(dir, 'topic', str(), frame);
      if ((h >> 1) & 3) r.u16(); // packet id for QoS 1/2
      this.props(r);
      if (!r.bad) this.emit(dir, 'payload', r.bytes(r.left), frame);
    } else if (type === 8) {
      r.u16();
      this.props(r);
      while (r.left > 2 && !r.bad) {
        this.emit(dir, 'topic', str(), frame);
        r.u8();
      }
    } else return;
    if (r.bad) this.ctx.sink.warning('mqtt-malformed', `MQTT packet type ${type} in flow ${this.ctx.flow.id} is cut short`, frame);
  }
}
