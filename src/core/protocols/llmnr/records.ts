/** One LLMNR message as read. No report section (see mdns/records.ts): its names are field findings. */
import type { Direction } from '../../types';
import type { FlowRecord } from '../../extract/types';

export interface LlmnrRecord extends FlowRecord {
  direction: Direction;
  response: boolean;
  /** "name TYPE" per question. */
  questions: string[];
  answers: number;
}

declare module '../../extract/types' {
  interface ExtractRecords {
    llmnr: LlmnrRecord;
  }
}
