/**
 * TiVo Connect discovery beacon (UDP/TCP 2190): `key=value` lines a media server or DVR
 * broadcasts about itself — `machine` (its model or name), `identity` (a UUID; a version-1 one
 * with a unicast node carries its MAC), `platform`, `services`.
 */
import type { Direction } from '../../types';
import type { FlowHandler, HandlerContext } from '../../extract/handler';
import type { FieldFinding } from '../../extract/types';
import { textOf } from '../../bytes';
import { macOfUuid } from '../../identifiers/mac';
import { model } from '../../identifiers/model';

type Field = Pick<FieldFinding, 'type' | 'value' | 'encoding' | 'context' | 'confidence'>;

/** The beacon's keys (lower-cased) -> values; null when it is not a beacon. */
export function parseBeacon(text: string): Map<string, string> | null {
  if (!/^tivoconnect=/i.test(text)) return null;
  const keys = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const eq = line.indexOf('=');
    if (eq > 0 && !keys.has(line.slice(0, eq).toLowerCase())) keys.set(line.slice(0, eq).toLowerCase(), line.slice(eq + 1).trim());
  }
  return keys;
}

/** The sender's identifiers in a beacon. */
export function beaconFields(keys: ReadonlyMap<string, string>): Field[] {
  const out: Field[] = [];
  const machine = keys.get('machine');
  if (machine && model.plausible!(machine)) out.push({ type: 'model', value: machine, encoding: 'plain', context: `machine=${machine}`, confidence: 'medium' });
  const identity = keys.get('identity');
  const mac = identity ? macOfUuid(identity.replace(/^uuid:/i, '')) : null;
  if (mac) out.push({ type: 'mac', value: mac, encoding: 'hex', context: `identity=${identity}`, confidence: 'medium' });
  return out;
}

export class TivoHandler implements FlowHandler {
  constructor(private readonly ctx: HandlerContext) {
    ctx.sink.app(ctx.flow.id, 'tivo', false);
  }

  data(dir: Direction, d: Uint8Array, _offset: number, frame: number): void {
    const { flow, sink } = this.ctx;
    const keys = parseBeacon(textOf(d));
    if (!keys) {
      sink.warning('tivo-malformed', `TiVo Connect datagram in flow ${flow.id} is not a beacon`, frame);
      return;
    }
    for (const f of beaconFields(keys)) sink.identify({ ...f, flow: flow.id, frame, direction: dir, protocol: 'tivo', encryptedOnWire: false });
  }

  gap(): void {}

  close(): void {}
}
