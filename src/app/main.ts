/**
 * Entry point: picks the analyzer (the engine worker; a fixture in dev with ?fixture), mounts the
 * app and registers the service worker.
 */
import { mount } from 'svelte';
import App from './App.svelte';
import type { Analyzer } from './lib/engine-client';
import { pwa } from './pwa/register.svelte';
import './styles.css';

async function start(): Promise<void> {
  const target = document.getElementById('app');
  if (!target) throw new Error('index.html has no #app element');
  let analyzer: Analyzer | undefined;
  if (import.meta.env.DEV && new URLSearchParams(location.search).has('fixture')) {
    analyzer = new (await import('./lib/dev-fixture')).FixtureAnalyzer();
  }
  mount(App, { target, props: { analyzer } });
  // Offline use and updates (a no-op in dev: vite-plugin-pwa serves no worker there).
  pwa.start();
}

void start();
