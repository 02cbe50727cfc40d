/** The app state is shared with every component through Svelte context. */
import { getContext, setContext } from 'svelte';
import type { AppState } from './app.svelte';

const KEY = Symbol('leakscope-app');

export function provideApp(app: AppState): void {
  setContext(KEY, app);
}

/** The page's AppState (call during component initialisation). */
export function useApp(): AppState {
  const app = getContext<AppState | undefined>(KEY);
  if (!app) throw new Error('useApp() outside <App>');
  return app;
}
