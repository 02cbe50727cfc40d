/**
 * LLMNR (RFC 4795, UDP 5355): Windows' link-local name resolution, in the DNS wire format (read
 * by dns/dns.ts `readSections`). Two messages name their sender:
 * - a query of type ANY: the uniqueness check a host makes for its own name when it joins a
 *   link (§4.1); its lookups of other names are A/AAAA queries (`isatap`, `wpad`, a mistyped
 *   share) and say nothing about it. Seen in real captures: `User-PC` from a Windows 7 laptop
 *   (tls-subjectaltname), `dc` from DetectionLab's domain controller (bug-5162).
 * - a response with answers: a responder answers only for names it is authoritative for
 *   (§2.1), unless its addresses say it speaks for another host (mdns.ts `speaksForOther`).
 * Names go through selfName (dhcp.ts): a factory default is not a device name.
 */
import type { Direction } from '../../types';
import type { FlowHandler, HandlerContext } from '../../extract/handler';
import { addressOf, dnsTypeName, nameText, readSections } from '../dns/dns';
import { RR } from '../mdns/message';
import { speaksForOther } from '../mdns/mdns';
import { selfName } from '../dhcp/dhcp';
import { textOf } from '../../bytes';
import type { LlmnrRecord } from './records';

export interface LlmnrMessage {
  response: boolean;
  /** "name TYPE" per question. */
  questions: string[];
  answers: number;
  /** The host labels the message says its sender holds, with where each was read. */
  names: { name: string; context: string }[];
  damaged: string | null;
}

/** Reads one datagram (`sender`: the address it came from); null when it is shorter than a DNS header. */
export function parseLlmnr(d: Uint8Array, sender: string): LlmnrMessage | null {
  const s = readSections(d);
  if (!s) return null;
  const response = (s.flags & 0x8000) !== 0;
  const rcode = s.flags & 0xf;
  const out = new Map<string, string>();
  const add = (labels: readonly Uint8Array[], context: string) => {
    const host = labels.length ? textOf(labels[0]) : '';
    if (host && !out.has(host)) out.set(host, context);
  };
  if (!response) {
    for (const q of s.questions) if (q.type === RR.ANY) add(q.labels, `LLMNR uniqueness query: ${nameText(q.labels)}`);
  } else if (rcode === 0 && s.answers.length > 0) {
    const addresses = s.answers.map((rr) => addressOf(d, rr)).filter((a): a is string => a !== null);
    if (!speaksForOther(addresses, sender)) for (const rr of s.answers) add(rr.labels, `LLMNR answer: ${nameText(rr.labels)}`);
  }
  return {
    response, questions: s.questions.map((q) => `${nameText(q.labels)} ${dnsTypeName(q.type)}`), answers: s.answers.length,
    names: [...out].map(([name, context]) => ({ name, context })), damaged: s.damaged,
  };
}

export class LlmnrHandler implements FlowHandler {
  constructor(private readonly ctx: HandlerContext) {
    ctx.sink.app(ctx.flow.id, 'llmnr', false);
  }

  data(dir: Direction, d: Uint8Array, _offset: number, frame: number): void {
    const { flow, sink } = this.ctx;
    const m = parseLlmnr(d, dir === 'upload' ? flow.client.ip : flow.server.ip);
    if (!m) {
      sink.warning('llmnr-malformed', `LLMNR datagram in flow ${flow.id} is shorter than a DNS header`, frame);
      return;
    }
    if (m.damaged) sink.warning('llmnr-malformed', `LLMNR message in flow ${flow.id}: ${m.damaged}`, frame);
    const record: LlmnrRecord = { flow: flow.id, frame, direction: dir, response: m.response, questions: m.questions, answers: m.answers };
    sink.emit('llmnr', record);
    for (const n of m.names) {
      const f = selfName(n.name, n.context);
      if (f) sink.identify({ ...f, flow: flow.id, frame, direction: dir, protocol: 'llmnr', encryptedOnWire: false });
    }
  }

  gap(): void {}

  close(): void {}
}
