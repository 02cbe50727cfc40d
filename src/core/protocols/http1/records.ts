/**
 * HTTP messages (HTTP/1.x and HTTP/2 alike): what the handlers emit, and the report's `http`
 * section — requests with the status of their responses. Bodies are dropped here: the scanner
 * has seen them, and a capture's bodies would not fit in memory.
 */
import type { FlowRecord, RecordSection } from '../../extract/types';
import type { ReportHttp } from '../../report/types';
import type { Direction } from '../../types';

export interface HttpMessage extends FlowRecord {
  direction: Direction;
  kind: 'request' | 'response';
  method?: string;
  uri?: string;
  status?: number;
  /** First Host header, null when there is none. */
  host: string | null;
  headers: [string, string][];
  /** Body after transfer- and content-coding were undone (bounded). */
  body: Uint8Array;
  /** e.g. 'gzip', 'chunked'; what was undone. */
  codings: string[];
  /** Length of the decoded body; kept when the engine drops `body` after scanning. */
  bodyBytes?: number;
  /** Stream offset of the message start, for evidence. */
  offset: number;
  /** HTTP/2 stream id. */
  stream?: number;
  /**
   * Which request/response exchange of the flow the message belongs to, as the handler that
   * framed it paired them (HTTP/1.x: responses in request order, interim 1xx answering none;
   * HTTP/2: the stream). A response and the request it answers share the number.
   */
  exchange?: number;
}

declare module '../../extract/types' {
  interface ExtractRecords {
    http: HttpMessage;
  }
}

export const httpSection: RecordSection<'http', ReportHttp> = {
  kind: 'http',
  collector() {
    const records: HttpMessage[] = [];
    // Requests by flow and exchange, for the status of the response that answers each.
    const requests = new Map<string, HttpMessage>();
    return {
      records,
      add(m) {
        if (m.kind === 'request') {
          const slim = slimHttp(m);
          records.push(slim);
          if (m.exchange !== undefined) requests.set(`${m.flow}/${m.exchange}`, slim);
        } else if (m.exchange !== undefined) {
          // An interim 1xx shares the exchange of the final response, which comes later.
          const request = requests.get(`${m.flow}/${m.exchange}`);
          if (request) request.status = m.status;
        }
      },
      // Extractors emit a request when its body completes; tshark lists by the header's frame.
      entries: () =>
        sortedByFrame(records).map((h) => ({
          flow: h.flow,
          frame: h.frame,
          method: h.method ?? '',
          host: h.host,
          uri: h.uri ?? '',
          status: h.status ?? null,
          user_agent: header(h, 'user-agent'),
          content_type: header(h, 'content-type'),
          request_body_bytes: h.bodyBytes ?? 0,
          encrypted_on_wire: h.encryptedOnWire ?? false,
        })),
    };
  },
};

function slimHttp(m: HttpMessage): HttpMessage {
  // Drop the body: the report keeps request lines; the scanner has already seen the bytes.
  return { ...m, bodyBytes: m.bodyBytes ?? m.body.length, body: new Uint8Array(0) };
}

function header(m: HttpMessage, name: string): string | null {
  for (const [k, v] of m.headers) if (k.toLowerCase() === name) return v;
  return null;
}

function sortedByFrame(messages: HttpMessage[]): HttpMessage[] {
  return messages.map((m, i) => [m, i] as const).sort((a, b) => a[0].frame - b[0].frame || a[1] - b[1]).map(([m]) => m);
}
