/**
 * readReusing (src/core/chunks.ts): a file's bytes through one reused buffer (what the hashing
 * worker reads with: fresh chunks piled up outside the heap in chromium), the same bytes as
 * the default reader.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readChunks, readReusing } from '../../src/core/chunks';
import { LEAKS } from '../corpus';

const bytes = new Uint8Array(readFileSync(join(LEAKS, 'captures/15-mixed.pcap')));

async function collect(chunks: AsyncIterable<Uint8Array>): Promise<{ joined: Uint8Array; buffers: Set<number>; reads: number }> {
  const parts: Uint8Array[] = [];
  const buffers = new Set<number>();
  for await (const c of chunks) {
    buffers.add(c.buffer.byteLength);
    parts.push(c.slice()); // the next read reuses the memory
  }
  const joined = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) joined.set(p, (at += p.length) - p.length);
  return { joined, buffers, reads: parts.length };
}

describe('readReusing', () => {
  it('reads a file through one buffer of the given size, byte for byte as the default reader', async () => {
    const size = 64 << 10;
    const reused = await collect(readReusing(new Blob([bytes]).stream(), size));
    expect(reused.reads).toBeGreaterThan(bytes.length / size - 1);
    expect([...reused.buffers]).toEqual([size]);
    expect(Buffer.compare(reused.joined, bytes)).toBe(0);
    const plain = await collect(readChunks(new Blob([bytes]).stream()));
    expect(Buffer.compare(plain.joined, bytes)).toBe(0);
  });

  it('falls back to the default reader for a stream without a byte reader', async () => {
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(c) {
        if (sent >= bytes.length) return c.close();
        c.enqueue(bytes.slice(sent, (sent += 100_000)));
      },
    });
    const r = await collect(readReusing(stream, 1 << 20));
    expect(r.reads).toBe(Math.ceil(bytes.length / 100_000));
    expect(Buffer.compare(r.joined, bytes)).toBe(0);
  });
});
