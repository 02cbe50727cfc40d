/** TLS (and QUIC) ClientHellos: what the handlers emit, and the report's `tls` section. */
import { listSection, type FlowRecord, type RecordSection } from '../../extract/types';
import type { ReportTls } from '../../report/types';

export interface TlsHello extends FlowRecord {
  transport: 'tcp' | 'udp';
  sni: string | null;
  alpn: string[];
  /** JA3 string and its MD5 as tshark's tls.handshake.ja3_full / ja3. */
  ja3Full: string;
  ja3: string;
  /** For QUIC: 'quic-v1' | 'quic-v2'. */
  version?: string;
}

declare module '../../extract/types' {
  interface ExtractRecords {
    tls: TlsHello;
  }
}

export const tlsSection: RecordSection<'tls', ReportTls> = listSection('tls', (t) => ({
  flow: t.flow, frame: t.frame, sni: t.sni, ja3: t.ja3, ja3_full: t.ja3Full, alpn: t.alpn.slice(), transport: t.transport,
}));
