/**
 * What the verdict cannot vouch for: a capture that stops early (cut short, or damaged so that
 * the reader gave up), and a scan made without the person's profile.
 */
import type { Report } from '../core/report/types';
import type { Warning } from '../core/warnings';

/**
 * Warning codes after which nothing more of the file was read (src/core/capture readers,
 * analysis.ts): the file ends inside a record, a block's damage ends its section, or a reader
 * threw. Codes for one record skipped (capture-bad-record) leave the rest read, so they are not here.
 */
const ENDS: Record<string, 'cut' | 'damaged'> = {
  'capture-truncated': 'cut',
  'capture-bad-block': 'damaged',
  unreadable: 'damaged',
};

/** The first warning that ends the reading, if any. */
export function endingWarning(report: Pick<Report, 'warnings'>): Warning | null {
  return report.warnings.find((w) => w.code in ENDS) ?? null;
}

/** "The capture ends inside frame 12: what came after is unknown." ('' for a complete capture). */
export function incompleteText(report: Pick<Report, 'warnings'>): string {
  const w = endingWarning(report);
  if (!w) return '';
  const after = 'what came after is unknown.';
  if (ENDS[w.code] === 'cut') {
    return w.frame ? `The capture ends inside frame ${w.frame}: ${after}` : `The capture is cut short (${w.message}): ${after}`;
  }
  // `unreadable` carries the last frame read; a damaged block the frame it would have started.
  if (w.code === 'unreadable') return w.frame ? `The capture could not be read after frame ${w.frame} (${w.message}): ${after}` : `The capture could not be read to its end (${w.message}): ${after}`;
  return w.frame ? `The capture is damaged at frame ${w.frame}: ${after}` : `The capture is damaged (${w.message}): ${after}`;
}

/** What a profile adds, for a report made without one: the patterns alone cannot find these. */
export const PROFILE_HINT =
  "No profile was given: with your own identifiers (My identifiers), the scan also finds your contacts' numbers written in local format, hashed forms of your identifiers, and your own number in national form.";
