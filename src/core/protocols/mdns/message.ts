/**
 * An mDNS message (RFC 6762) decoded for DNS-SD (RFC 6763): the DNS wire format read by the DNS
 * parser (dns/dns.ts `readSections`), names kept as UTF-8 labels with their case ("Luca’s
 * iMac"), and the data of the records DNS-SD uses: PTR, SRV, TXT, A, AAAA, HINFO, and the EDNS0
 * Owner option of an OPT record (the sender's own MAC).
 */
import { latin1, textOf, u16 } from '../../bytes';
import { addressOf, readLabels, readSections, type DnsRR } from '../dns/dns';
import { canonicalMac } from '../../identifiers/mac';

export const RR = { A: 1, PTR: 12, HINFO: 13, TXT: 16, AAAA: 28, SRV: 33, OPT: 41, ANY: 255 } as const;

/** EDNS0 option 4, "Owner" (draft-cheshire-edns0-owner-option): version, sequence, the sender's primary MAC. */
const OWNER_OPTION = 4;

export type MdnsData =
  | { kind: 'address'; address: string }
  | { kind: 'name'; target: string[] }
  | { kind: 'srv'; target: string[]; port: number }
  | { kind: 'txt'; strings: Uint8Array[] }
  | { kind: 'hinfo'; cpu: Uint8Array; os: Uint8Array }
  | { kind: 'owner'; mac: string }
  | { kind: 'other' };

export interface MdnsRecord {
  section: 'answer' | 'authority' | 'additional';
  /** The owner name's labels, UTF-8 decoded. */
  name: string[];
  type: number;
  data: MdnsData;
}

export interface MdnsMessage {
  response: boolean;
  questions: { name: string[]; type: number }[];
  records: MdnsRecord[];
  damaged: string | null;
}

const text = (labels: readonly Uint8Array[]) => labels.map((l) => textOf(l));

/** Character-strings (a length byte, then the bytes) filling [from, end); what runs past the end is cut. */
function characterStrings(msg: Uint8Array, from: number, end: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let p = from; p < end; p += 1 + msg[p]) out.push(msg.subarray(p + 1, Math.min(end, p + 1 + msg[p])));
  return out;
}

/** The data of one record, by type. */
function dataOf(msg: Uint8Array, rr: DnsRR): MdnsData {
  const { type, rdata, rdlength } = rr;
  const end = rdata + rdlength;
  const address = addressOf(msg, rr);
  if (address) return { kind: 'address', address };
  if (type === RR.PTR) return { kind: 'name', target: text(readLabels(msg, rdata).labels) };
  if (type === RR.SRV && rdlength >= 7) return { kind: 'srv', target: text(readLabels(msg, rdata + 6).labels), port: u16(msg, rdata + 4) };
  if (type === RR.TXT) return { kind: 'txt', strings: characterStrings(msg, rdata, end).filter((s) => s.length > 0) };
  if (type === RR.HINFO) {
    const [cpu = new Uint8Array(0), os = new Uint8Array(0)] = characterStrings(msg, rdata, end);
    return { kind: 'hinfo', cpu, os };
  }
  if (type === RR.OPT) {
    for (let p = rdata; p + 4 <= end; p += 4 + u16(msg, p + 2)) {
      if (u16(msg, p) !== OWNER_OPTION || u16(msg, p + 2) < 8 || p + 12 > end) continue;
      const mac = canonicalMac(Array.from(msg.subarray(p + 6, p + 12), (b) => b.toString(16).padStart(2, '0')).join(':'));
      if (mac) return { kind: 'owner', mac };
    }
  }
  return { kind: 'other' };
}

/** Decodes one mDNS datagram; null when it is shorter than a DNS header. */
export function parseMdns(msg: Uint8Array): MdnsMessage | null {
  const s = readSections(msg);
  if (!s) return null;
  const records: MdnsRecord[] = [];
  for (const [section, list] of [['answer', s.answers], ['authority', s.authority], ['additional', s.additional]] as const) {
    for (const rr of list) records.push({ section, name: text(rr.labels), type: rr.type, data: dataOf(msg, rr) });
  }
  return {
    response: (s.flags & 0x8000) !== 0,
    questions: s.questions.map((q) => ({ name: text(q.labels), type: q.type })),
    records,
    damaged: s.damaged,
  };
}

/** A TXT string as DNS-SD writes it (`key=value`, RFC 6763 §6.3): the key lower-cased (keys are caseless), the value's bytes. */
export function txtPair(s: Uint8Array): { key: string; value: Uint8Array } {
  const eq = s.indexOf(0x3d);
  const key = latin1(s, 0, eq < 0 ? s.length : eq).toLowerCase();
  return { key, value: eq < 0 ? new Uint8Array(0) : s.subarray(eq + 1) };
}
