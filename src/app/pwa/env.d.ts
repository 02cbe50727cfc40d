/// <reference types="vite-plugin-pwa/vanillajs" />

/**
 * File Handling API (Chromium): an installed app launched with files from the operating system
 * receives them through `window.launchQueue`. Not in TypeScript's DOM library yet.
 * https://wicg.github.io/manifest-incubations/#launchqueue-interface
 */
interface LaunchParams {
  readonly targetURL?: string;
  readonly files: readonly FileSystemHandle[];
}

interface LaunchQueue {
  setConsumer(consumer: (params: LaunchParams) => void): void;
}

interface Window {
  readonly launchQueue?: LaunchQueue;
}
