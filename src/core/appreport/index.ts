/** Apple's App Privacy Report: a capture file format of its own and a source of apps for captures. */
import type { CaptureSink } from '../capture/types';
import { AppReportParser, isAppPrivacyReport } from './reader';
import type { Warn } from '../warnings';
import type { AppActivity } from './activity';

export { AppActivity, APP_REPORT_SOURCE } from './activity';
export { joinAppReport, JOIN_TOLERANCE_S } from './join';
export type * from './types';
export type * from './records';

/**
 * The registry's entry (a CaptureFileFormat, typed where the registry lists it: importing its
 * type here would be a cycle): on its own the file gives a report with apps and app_activity, no flows.
 */
export const appPrivacyReport = {
  name: 'app-privacy-report',
  probe: isAppPrivacyReport,
  create: (sink: CaptureSink, compressed: boolean) => {
    sink.format('app-privacy-report', compressed);
    return new AppReportParser(sink.warning, (r) => sink.activity?.(r));
  },
};

/** An App Privacy Report given beside a capture (AnalyzeOptions.appReport): read into `activity`. */
export function readAppReport(text: string, activity: AppActivity, warn: Warn): void {
  const parser = new AppReportParser(warn, (r) => activity.add(r));
  const bytes = new TextEncoder().encode(text);
  parser.parse(bytes, 0, bytes.length);
  parser.finish(0);
}
