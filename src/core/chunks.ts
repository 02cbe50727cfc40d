/** Chunks of a capture from a browser ReadableStream or a Node stream, for the engine's readers. */

/**
 * Yields the stream's chunks. Chromium lacks async iteration on ReadableStream in versions we
 * target, so readers are driven by hand; stopping early cancels the read so the file is let go.
 */
export async function* readChunks(stream: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array> {
  if (Symbol.asyncIterator in stream) {
    yield* stream as AsyncIterable<Uint8Array>;
    return;
  }
  const reader = (stream as ReadableStream<Uint8Array>).getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      if (value) yield value;
    }
  } finally {
    await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}

/** The error an AbortSignal-cancelled call rejects with (name 'AbortError'). */
export function abortError(message: string): Error {
  const e = new Error(message);
  e.name = 'AbortError';
  return e;
}
