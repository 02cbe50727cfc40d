/**
 * Packages that Node bundles (the CLI, scripts/build-cli.ts; the bench's children,
 * tests/bench/run.ts) replace with node's own: zlib instead of the brotli package's 833 KB
 * dictionary (src/cli/brotliNode.ts), OpenSSL's AES instead of JavaScript tables built at
 * start-up (src/cli/aesNode.ts). Paths relative to the project root.
 */
export const NODE_ALIASES: Record<string, string> = {
  'brotli/decompress': './src/cli/brotliNode.ts',
  '@noble/ciphers/aes.js': './src/cli/aesNode.ts',
};
