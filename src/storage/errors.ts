/** Storage failures turned into messages a person can act on. */

/** Thrown when the browser refuses to store more data. */
export class StorageFullError extends Error {
  override name = 'StorageFullError';
}

/** True for the browser's "disk or quota full" errors, whatever the engine calls them. */
export function isQuotaError(e: unknown): boolean {
  if (!(e instanceof Error || e instanceof DOMException)) return false;
  const name = (e as { name?: string }).name ?? '';
  const inner = (e as { inner?: unknown }).inner;
  return (
    name === 'QuotaExceededError' ||
    name === 'NS_ERROR_DOM_QUOTA_REACHED' ||
    /quota|disk.*full|no space/i.test(e.message) ||
    (inner !== undefined && isQuotaError(inner))
  );
}

/** Wraps quota errors into StorageFullError with `message`; rethrows anything else. */
export function rethrowStorage(e: unknown, message: string): never {
  if (isQuotaError(e)) throw new StorageFullError(message, { cause: e });
  throw e;
}
