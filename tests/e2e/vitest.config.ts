import { defineConfig } from 'vitest/config';

/**
 * Browser tests: `npx vitest run --config tests/e2e/vitest.config.ts`.
 * global-setup.ts builds the app (vite build), serves dist/ with vite preview on a free port and
 * stops it afterwards; each test file drives Debian's chromium (/usr/bin/chromium, or
 * $CHROMIUM_PATH) through playwright-core. E2E_SKIP_BUILD=1 reuses an existing dist/.
 */
export default defineConfig({
  root: new URL('../..', import.meta.url).pathname,
  test: {
    include: ['tests/e2e/**/*.e2e.test.ts'],
    environment: 'node',
    globalSetup: ['tests/e2e/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    maxWorkers: 2,
    fileParallelism: true,
  },
});
