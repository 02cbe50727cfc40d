/**
 * The CLI bundle's stand-in for the `brotli/decompress` package (aliased in build:cli): node's
 * own zlib does the same job natively, and the package's 833 KB dictionary module was 45 % of
 * the bundle that every CLI run parses at start-up. Same contract as the package: output
 * bounded by `outputSize`, "not large enough" when it does not fit (the caller then retries).
 */
import { brotliDecompressSync } from 'node:zlib';

export function decompress(input: Uint8Array, outputSize?: number): Uint8Array {
  try {
    return new Uint8Array(brotliDecompressSync(input, outputSize ? { maxOutputLength: outputSize } : {}));
  } catch (e) {
    if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw new Error('output buffer not large enough');
    throw e;
  }
}
