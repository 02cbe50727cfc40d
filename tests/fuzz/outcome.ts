/**
 * What a fuzz case is and what counts as a failure. A file the engine cannot read at all may
 * reject with a one-line CaptureError (engine.ts: "rejects with a one-line Error when nothing
 * could" be read; the CLI prints it and exits 1). Anything else that escapes is a crash, and so
 * is a JavaScript error the engine caught and turned into a warning (`internal-error`, or a
 * protocol handler's `extract-error`: handlers never throw by design, extract/index.ts).
 */

export interface CaseJob {
  id: number;
  name: string;
  bytes: Uint8Array;
  /** Run with the leak corpus' profile (literal and hashed-form scanning). */
  profile: boolean;
  keylog?: string;
  /** Bytes per push into the engine. */
  chunk: number;
}

export type FailureClass = 'crash' | 'hang' | 'schema' | 'internal' | 'oom';

export type CaseResult =
  | { id: number; kind: 'report' | 'not-a-capture'; detail?: string }
  | { id: number; kind: FailureClass; detail: string };

/** JavaScript's own errors: never a clear message about the input, even inside a CaptureError. */
const JS_ERROR = /TypeError|RangeError|ReferenceError|SyntaxError|Cannot read|is not a function|is not defined|Invalid time value|Invalid array length|Maximum call stack|out of bounds|undefined|NaN/;

/** Where in our code an error was thrown: the first frames of its stack inside src/. */
function where(e: Error): string {
  const frames = (e.stack ?? '').split('\n').filter((l) => /src\//.test(l)).slice(0, 3);
  return frames.map((l) => l.trim().replace(/^at /, '').replace(/\(.*?src\//, '(src/')).join(' < ');
}

export function classify(
  id: number,
  r: { report: { warnings: { code: string; message: string }[] }; schemaErrors: string[] } | { error: unknown },
): CaseResult {
  if ('error' in r) {
    const e = r.error instanceof Error ? r.error : new Error(String(r.error));
    const message = e.message.split('\n')[0];
    if (e.name === 'CaptureError' && !JS_ERROR.test(message)) return { id, kind: 'not-a-capture', detail: message };
    return { id, kind: 'crash', detail: `${e.name}: ${message} @ ${where(e)}` };
  }
  if (r.schemaErrors.length) return { id, kind: 'schema', detail: r.schemaErrors.join('; ') };
  const bad = r.report.warnings.find((w) => w.code === 'internal-error' || w.code === 'extract-error');
  if (bad) return { id, kind: 'internal', detail: `${bad.code}: ${bad.message}` };
  return { id, kind: 'report' };
}

/** A failure's signature for de-duplication: its class and message with numbers folded. */
export function signature(kind: string, detail: string): string {
  return `${kind}: ${detail.replace(/\b[0-9a-f]{2}( [0-9a-f]{2})+\b/g, 'XX').replace(/0x[0-9a-f]+/gi, 'N').replace(/\d+/g, 'N')}`;
}
