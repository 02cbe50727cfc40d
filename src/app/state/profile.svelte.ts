/** The person's own identifiers: edited in the form, checked as typed, stored locally. */
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { Profile } from '../../core/report/types';
import type { SessionStore } from '../../storage/sessions';
import {
  checkField, defaultRegion, draftFromProfile, profileFromDraft, profileSize, PROFILE_FIELDS,
  type EntryCheck, type ProfileDraft, type ProfileKey,
} from '../lib/profile';

const KEY = 'profile';

export class ProfileState {
  draft = $state<ProfileDraft>({ fields: {}, region: defaultRegion() });
  /** The profile last saved (what analyses use). */
  saved = $state.raw<Profile>({});
  /** Per-field checks of the draft, recomputed as the person types. */
  checks = $derived.by(() => {
    const out = {} as Record<ProfileKey, EntryCheck[]>;
    for (const { key } of PROFILE_FIELDS) out[key] = checkField(key, this.draft.fields[key], this.draft.region);
    return out;
  });
  errors = $derived(Object.values(this.checks).flat().filter((c) => c.error).length);
  dirty = $derived(JSON.stringify(profileFromDraft(this.draft)) !== JSON.stringify(this.saved));

  constructor(private readonly store: SessionStore) {}

  get size(): number {
    return profileSize(this.saved);
  }

  /** The profile to analyse with, or null when empty. */
  get active(): Profile | null {
    return this.size ? this.saved : null;
  }

  async load(): Promise<void> {
    const stored = await this.store.setting<{ draft: ProfileDraft }>(KEY).catch(() => undefined);
    if (stored?.draft) {
      this.draft = { fields: { ...stored.draft.fields }, region: stored.draft.region ?? defaultRegion() };
      this.saved = profileFromDraft(this.draft);
    }
  }

  /** Keeps the draft (valid entries become the active profile). */
  async save(): Promise<void> {
    this.saved = profileFromDraft(this.draft);
    await this.store.setSetting(KEY, { draft: $state.snapshot(this.draft) });
  }

  /** Replaces the draft with an imported profile (spec "Profile format"). */
  import(p: Profile): void {
    // Numbers written without +country code belong to the owner's own country, most likely.
    const own = p.phone?.map((n) => parsePhoneNumberFromString(n)?.country).find(Boolean);
    this.draft = draftFromProfile(p, own ?? this.draft.region);
  }

  async clear(): Promise<void> {
    this.draft = { fields: {}, region: this.draft.region };
    await this.save();
  }
}
