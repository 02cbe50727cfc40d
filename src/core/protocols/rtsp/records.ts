/**
 * One RTSP request or response. No report section: the report's `http` section is HTTP/1.x,
 * as tshark's http fields are for the agreement checks; what the messages carry is scanned.
 */
import type { Direction } from '../../types';
import type { FlowRecord } from '../../extract/types';

export interface RtspMessage extends FlowRecord {
  direction: Direction;
  kind: 'request' | 'response';
  method: string | null;
  uri: string | null;
  status: number | null;
  /** The CSeq header, which pairs a response with its request. */
  cseq: number | null;
}

declare module '../../extract/types' {
  interface ExtractRecords {
    rtsp: RtspMessage;
  }
}
