/**
 * Kept only for tests/scan/pool.test.ts and tests/enrich/corpus.test.ts, which still import it:
 * the paths live in tests/corpus.ts, the engine runner in tests/pipeline.ts.
 */
export { EXTERNAL, LEAKS, MALFORMED, SHARED, TOOLS } from '../corpus';
export { analyzeFile, scannerWasm } from '../pipeline';
