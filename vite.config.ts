import { defineConfig, type Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { VitePWA } from 'vite-plugin-pwa';

/**
 * The built page may talk to its own origin only: captures never leave the browser, and no
 * font, script or image is fetched from anywhere else. Dev mode skips the policy because the
 * dev server needs inline scripts and a websocket for hot reload.
 *
 * 'wasm-unsafe-eval' lets the page and its workers compile WebAssembly (the scanner, and
 * hash-wasm, which compiles its module from bytes); it allows no JavaScript eval. The same
 * policy goes out as a meta tag (any static host) and, from `vite preview`, as a header: a
 * header also covers the engine worker and the service worker, which a meta tag does not.
 * Hosts should send it as a header too (see README).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

function contentSecurityPolicy(): Plugin {
  return {
    name: 'leakscope-csp',
    apply: 'build',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY },
        injectTo: 'head-prepend',
      },
    ],
  };
}

/** Capture types an installed app opens from the operating system (launch queue, src/app/pwa). */
const CAPTURE_TYPES: Record<string, string[]> = {
  'application/vnd.tcpdump.pcap': ['.pcap', '.cap'],
  'application/x-pcapng': ['.pcapng'],
  'application/gzip': ['.gz'],
};

/**
 * Installable, offline app: a generated Workbox service worker precaches every file of the
 * build (scripts, the engine worker, the scanner wasm, the tables, the sample capture, icons),
 * so the second visit needs no network. `prompt`: a new version waits until the person clicks
 * "Reload" (src/app/pwa/UpdatePrompt.svelte), never in the middle of an analysis.
 */
function pwa(): Plugin[] {
  return VitePWA({
    registerType: 'prompt',
    // Always Workbox's production build: vitest sets NODE_ENV=test, which the e2e build inherits.
    mode: 'production',
    // Registered from src/app/pwa/register.svelte.ts (bundled: no inline script for the CSP to block).
    injectRegister: false,
    filename: 'sw.js',
    manifestFilename: 'manifest.webmanifest',
    // The icons are in globPatterns already (public/icons), and the plugin adds the manifest itself.
    includeManifestIcons: false,
    manifest: {
      id: '/',
      name: 'Leakscope',
      short_name: 'Leakscope',
      description: 'See which private identifiers a phone sent, to which hosts, in clear text or not. The capture never leaves your device.',
      lang: 'en',
      dir: 'ltr',
      theme_color: '#c2410c',
      background_color: '#fafaf9',
      display: 'standalone',
      start_url: '/',
      scope: '/',
      categories: ['security', 'utilities', 'developer'],
      icons: [
        { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
        { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
        { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
      ],
      file_handlers: [{ action: '/', accept: CAPTURE_TYPES }],
      // A file opened from the OS goes to the open window (its launch queue), not a new one.
      launch_handler: { client_mode: ['focus-existing', 'auto'] },
    },
    workbox: {
      globPatterns: ['**/*.{html,js,css,wasm,gz,json,svg,png,pcap}'],
      // The widget's example page and the widget build (vite.widget.config.ts, built after this
      // one into dist/widget) are not part of the app; source maps are for developers.
      globIgnores: ['advisory/**', 'widget/**', '**/*.map'],
      // The ASN table is 2.4 MB, the engine worker 0.75 MB: well above Workbox's 2 MiB default.
      maximumFileSizeToCacheInBytes: 16 * 1024 * 1024,
      navigateFallback: 'index.html',
      // The app is one page at /: other paths (/advisory/…) are real files, left to the network.
      navigateFallbackAllowlist: [/^\/(?:index\.html)?(?:\?.*)?$/],
      cleanupOutdatedCaches: true,
      clientsClaim: false,
      skipWaiting: false,
      sourcemap: false,
    },
  });
}

export default defineConfig({
  plugins: [svelte(), contentSecurityPolicy(), pwa()],
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    sourcemap: true,
    // Keep the scanner a file of its own: the CSP allows fetching same-origin files, not data: URLs.
    assetsInlineLimit: (file) => (file.endsWith('.wasm') ? false : undefined),
  },
  server: { port: 5173, strictPort: true },
  preview: { port: 4173, headers: { 'Content-Security-Policy': CONTENT_SECURITY_POLICY } },
});
