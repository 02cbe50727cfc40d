/**
 * JSON-looking files the engine reads itself (an App Privacy Report's NDJSON, a HAR), told
 * apart from a report JSON by the engine's own probes on the first bytes: the page decides
 * nothing about formats of its own.
 */
import { isAppPrivacyReport } from '../../core/appreport/reader';
import { isHar } from '../../core/capture/har/readHar';
import { PROBE_BYTES } from '../../core/capture/probe';

async function head(file: Blob): Promise<Uint8Array> {
  return new Uint8Array(await file.slice(0, PROBE_BYTES).arrayBuffer());
}

/** An App Privacy Report (.ndjson), judged from its bytes. */
export async function isAppReportFile(file: Blob): Promise<boolean> {
  return isAppPrivacyReport(await head(file));
}

/** A file the engine reads although it starts with `{` (not a report to load as is). */
export async function isEngineJson(file: Blob): Promise<boolean> {
  const h = await head(file);
  return isAppPrivacyReport(h) || isHar(h);
}
