/**
 * One mDNS message as read. No report section: the report's `dns` section is unicast DNS, as
 * tshark's dns fields are for the agreement checks; what a message says of its sender is
 * reported as field findings and scanned TXT strings (mdns.ts).
 */
import type { Direction } from '../../types';
import type { FlowRecord } from '../../extract/types';

export interface MdnsMessageRecord extends FlowRecord {
  direction: Direction;
  response: boolean;
  /** "name TYPE" per question. */
  questions: string[];
  /** Records per section: answer, authority, additional. */
  records: [number, number, number];
  /** Records read as the sender's own (answers of a response, the proposals of a probe). */
  own: number;
}

declare module '../../extract/types' {
  interface ExtractRecords {
    mdns: MdnsMessageRecord;
  }
}
