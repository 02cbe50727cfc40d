/**
 * Tells the launcher (launch.ts) that this run has done real work, so the V8 code cache it
 * writes now covers the analysis, not just start-up. A no-op outside the built CLI (tsx, tests).
 */
export function codeCacheReady(): void {
  (globalThis as { __leakscopeCodeCacheReady?: () => void }).__leakscopeCodeCacheReady?.();
}
