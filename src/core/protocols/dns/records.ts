/** DNS records: what the DNS handler emits, and the report's `dns` section. */
import { listSection, type FlowRecord, type RecordSection } from '../../extract/types';
import type { ReportDns } from '../../report/types';

export interface DnsRecord extends FlowRecord {
  /** Query name, lower-case, no trailing dot. */
  name: string;
  type: string; // 'A', 'AAAA', 'CNAME', … or 'TYPE65'
  response: boolean;
  /** For responses: A/AAAA addresses and CNAME targets owned by `name` in the Answer section. */
  answers: string[];
}

declare module '../../extract/types' {
  interface ExtractRecords {
    dns: DnsRecord;
  }
}

export const dnsSection: RecordSection<'dns', ReportDns> = listSection('dns', (d) => ({
  flow: d.flow, frame: d.frame, name: d.name, type: d.type, response: d.response, answers: d.answers.slice(),
}));
