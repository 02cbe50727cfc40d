/** The person's own identifiers: edited in the form, checked as typed, stored locally. */
import type { Profile } from '../../core/report/types';
import type { SessionStore } from '../../storage/sessions';
import {
  checkField, defaultRegion, draftFromProfile, draftHasPhones, profileFromDraft, profileSize, PROFILE_FIELDS,
  type EntryCheck, type ProfileDraft, type ProfileKey,
} from '../lib/profile';
import { loadPhoneLib, phoneLib } from '../lib/profile-phone';

const KEY = 'profile';

/** What is stored: the form's text, and (since libphonenumber-js is lazy) the profile it gives. */
interface StoredProfile {
  draft: ProfileDraft;
  profile?: Profile;
}

export class ProfileState {
  draft = $state<ProfileDraft>({ fields: {}, region: defaultRegion() });
  /** The profile last saved (what analyses use). */
  saved = $state.raw<Profile>({});
  /** libphonenumber-js is loaded: phone entries can be checked (it loads with the form). */
  phoneReady = $state(phoneLib() !== null);
  /** It could not be loaded, in words. */
  phoneError = $state<string | null>(null);
  /** Per-field checks of the draft, recomputed as the person types. */
  checks = $derived.by(() => {
    void this.phoneReady; // phone entries are checked again once the library is there
    const out = {} as Record<ProfileKey, EntryCheck[]>;
    for (const { key } of PROFILE_FIELDS) out[key] = checkField(key, this.draft.fields[key], this.draft.region);
    return out;
  });
  errors = $derived(Object.values(this.checks).flat().filter((c) => c.error).length);
  dirty = $derived(
    (this.phoneReady || !draftHasPhones(this.draft)) && JSON.stringify(profileFromDraft(this.draft)) !== JSON.stringify(this.saved),
  );

  constructor(private readonly store: SessionStore) {}

  get size(): number {
    return profileSize(this.saved);
  }

  /** The profile to analyse with, or null when empty. */
  get active(): Profile | null {
    return this.size ? this.saved : null;
  }

  /**
   * Loads libphonenumber-js (once; the form calls this when it opens). Resolves false, with
   * phoneError set, when it cannot be loaded.
   */
  async loadPhones(): Promise<boolean> {
    if (this.phoneReady) return true;
    try {
      await loadPhoneLib();
      this.phoneReady = true;
      this.phoneError = null;
      return true;
    } catch (e) {
      this.phoneError = `Phone numbers cannot be checked: the phone number library did not load (${(e as Error).message}).`;
      return false;
    }
  }

  async load(): Promise<void> {
    const stored = await this.store.setting<StoredProfile>(KEY).catch(() => undefined);
    if (stored?.draft) {
      this.draft = { fields: { ...stored.draft.fields }, region: stored.draft.region ?? defaultRegion() };
      if (stored.profile) {
        // Saved in canonical form: no need for the phone library at start-up.
        this.saved = stored.profile;
      } else {
        // Stored before the profile was kept with the draft: read the draft (phones need the library).
        if (draftHasPhones(this.draft)) await this.loadPhones();
        this.saved = profileFromDraft(this.draft);
      }
    }
  }

  /** Keeps the draft (valid entries become the active profile). */
  async save(): Promise<void> {
    if (draftHasPhones(this.draft) && !(await this.loadPhones())) throw new Error(this.phoneError ?? 'Phone numbers cannot be checked.');
    this.saved = profileFromDraft(this.draft);
    await this.store.setSetting(KEY, { draft: $state.snapshot(this.draft), profile: this.saved } satisfies StoredProfile);
  }

  /** Replaces the draft with an imported profile (spec "Profile format"). */
  async import(p: Profile): Promise<void> {
    const lib = (await this.loadPhones()) ? phoneLib() : null;
    // Numbers written without +country code belong to the owner's own country, most likely.
    const own = p.phone?.map((n) => lib?.parsePhoneNumberFromString(n)?.country).find(Boolean);
    this.draft = draftFromProfile(p, own ?? this.draft.region);
  }

  async clear(): Promise<void> {
    this.draft = { fields: {}, region: this.draft.region };
    await this.save();
  }
}
