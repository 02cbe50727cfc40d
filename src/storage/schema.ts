/** The IndexedDB schema of saved sessions: one type so store names and values are checked. */
import type { DBSchema } from 'idb';
import type { Profile, Report } from '../core/report/types';

/** Current schema version; each step up is one `if (oldVersion < N)` block in db.ts. */
export const DB_VERSION = 3;
export const DB_NAME = 'leakscope';

/** What the session list shows: small, so listing never loads a report. */
export interface SessionMeta {
  id: string;
  /** Editable label; starts as the capture's file name. */
  name: string;
  notes: string;
  /** ms since epoch. */
  created: number;
  updated: number;
  capture: {
    name: string;
    bytes: number;
    sha256: string;
    format: string;
    frames: number;
    start: string | null;
    end: string | null;
  };
  counts: { findings: number; clearFindings: number; flows: number; hosts: number; warnings: number };
  /** Whether the capture bytes are stored too (only when the person asked). */
  hasCapture: boolean;
  /** The profile the report was made with (null: none). */
  profile: Profile | null;
  /**
   * The TLS key log (SSLKEYLOGFILE text) the report was made with, if any; a few kB. Its text
   * (the secrets) is kept only when the capture is, else '' and just its name and counts.
   * Optional: sessions saved before key logs existed have none, so no schema step was needed.
   */
  keylog?: SessionKeyLog | null;
  /**
   * The App Privacy Report joined to the capture, if any: its name and size for the label. Its
   * text is in the `appReports` store (it can be megabytes, too big for a row every list reads),
   * kept exactly when the capture is, since it only serves a rescan. Optional: older sessions have none.
   */
  appReport?: SessionAppReportLabel | null;
}

/** What the session row says of its App Privacy Report. */
export interface SessionAppReportLabel {
  name: string;
  bytes: number;
}

/** An App Privacy Report kept with a session (NDJSON text), for rescans. */
export interface SessionAppReport {
  id: string;
  name: string;
  text: string;
}

/** A key log kept with a session. */
export interface SessionKeyLog {
  name: string;
  text: string;
  /** Key log entries and distinct TLS sessions in it, for the label. */
  entries: number;
  sessions: number;
}

export interface SessionReport {
  id: string;
  report: Report;
}

export interface SessionCapture {
  id: string;
  /** The (first) capture file. */
  name: string;
  blob: Blob;
  /**
   * A session of several files read as one (engine analyzeStreams): the files after the first,
   * in the order read. Optional inside the row, so no schema step: rows stored before hold one
   * file and read as that (the stores and indexes are unchanged).
   */
  more?: { name: string; blob: Blob }[];
}

export interface LeakscopeDB extends DBSchema {
  sessions: { key: string; value: SessionMeta; indexes: { 'by-updated': number; 'by-sha256': string } };
  reports: { key: string; value: SessionReport };
  captures: { key: string; value: SessionCapture };
  /** Small settings: the profile, preferences, last open session (added in version 2). */
  settings: { key: string; value: unknown };
  /** App Privacy Reports joined to sessions' captures (added in version 3). */
  appReports: { key: string; value: SessionAppReport };
}
