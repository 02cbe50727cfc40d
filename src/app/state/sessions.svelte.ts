/** Saved sessions as the page sees them: the list, the one on screen, storage use. */
import { SessionStore, type SessionMeta, type StorageUse } from '../../storage/sessions';
import { oneLine } from './analysis.svelte';

export class SessionsState {
  list = $state<SessionMeta[]>([]);
  use = $state<StorageUse>({ usage: null, quota: null, persisted: null });
  /** The session on screen, if it was saved. */
  currentId = $state<string | null>(null);
  /** Last storage problem, in words. */
  error = $state<string | null>(null);
  loaded = $state(false);

  constructor(readonly store: SessionStore) {}

  get current(): SessionMeta | undefined {
    return this.list.find((s) => s.id === this.currentId);
  }

  async refresh(): Promise<void> {
    try {
      this.list = await this.store.list();
      this.use = await this.store.use();
    } catch (e) {
      this.error = `Saved sessions cannot be read: ${oneLine(e)}`;
    } finally {
      this.loaded = true;
    }
  }

  async rename(id: string, name: string): Promise<void> {
    await this.#guard(() => this.store.rename(id, name));
  }

  async setNotes(id: string, notes: string): Promise<void> {
    await this.#guard(() => this.store.setNotes(id, notes));
  }

  async remove(id: string): Promise<void> {
    await this.#guard(() => this.store.delete(id));
    if (this.currentId === id) this.currentId = null;
  }

  async #guard(action: () => Promise<unknown>): Promise<void> {
    try {
      this.error = null;
      await action();
    } catch (e) {
      this.error = oneLine(e);
    }
    await this.refresh();
  }
}
