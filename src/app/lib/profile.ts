/** The profile form's rules: each entry checked as typed and turned into its canonical form. */
import type { Profile } from '../../core/report/types';
import { KINDS, type AnyKind } from '../../core/identifiers/registry';
import type { ProfileField } from '../../core/identifiers/kind';
import { phoneLib } from './profile-phone';

export type ProfileKey = keyof Profile;

/** The form's fields: every identifier kind's that has one (src/core/identifiers), in form order. */
export const PROFILE_FIELDS: readonly ProfileField<ProfileKey, unknown>[] = (KINDS as readonly AnyKind[])
  .flatMap((k) => (k.profile ? [k.profile as ProfileField<ProfileKey, unknown>] : []))
  .sort((a, b) => a.position - b.position);

const FIELD = new Map(PROFILE_FIELDS.map((f) => [f.key, f]));

/** What the form holds: the raw text of each field (one entry per line) and the phone region. */
export interface ProfileDraft {
  fields: Partial<Record<ProfileKey, string>>;
  /** Region for numbers typed without +country code (ISO 3166 alpha-2). */
  region: string;
}

export interface EntryCheck {
  input: string;
  /** Canonical value to search for; null when the entry is invalid (or still pending). */
  value: string | null;
  error: string | null;
  /** A phone number not checked yet: libphonenumber-js is still loading (profile-phone.ts). */
  pending?: boolean;
}

/** Fields whose entries need libphonenumber-js to be checked. */
export const PHONE_FIELDS: readonly ProfileKey[] = PROFILE_FIELDS.filter((f) => f.usesPhoneLib).map((f) => f.key);

/** Whether a draft has phone numbers (and so needs libphonenumber-js to be read). */
export function draftHasPhones(draft: ProfileDraft): boolean {
  return PHONE_FIELDS.some((k) => (draft.fields[k] ?? '').trim() !== '');
}

/** Checks one entry of one field, by its kind's rule. */
export function checkEntry(key: ProfileKey, input: string, region: string): EntryCheck {
  const raw = input.trim();
  return { input: raw, ...FIELD.get(key)!.check(raw, { region, phone: phoneLib() }) };
}

/** Every non-empty line of a field, checked. */
export function checkField(key: ProfileKey, text: string | undefined, region: string): EntryCheck[] {
  return (text ?? '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => checkEntry(key, l, region));
}

/**
 * The profile to scan with: valid entries only, canonical forms, no empty keys. Phone numbers
 * need libphonenumber-js loaded (loadPhoneLib()) first, else they are left out.
 */
export function profileFromDraft(draft: ProfileDraft): Profile {
  const out: Record<string, unknown[]> = {};
  for (const field of PROFILE_FIELDS) {
    const values = [...new Set(checkField(field.key, draft.fields[field.key], draft.region).flatMap((c) => (c.value ? [c.value] : [])))];
    if (values.length) out[field.key] = field.entry ? values.map((v) => field.entry!(v)) : values;
  }
  return out as Profile;
}

/** A profile (e.g. imported profile.json) as form text. */
export function draftFromProfile(p: Profile, region: string): ProfileDraft {
  const fields: ProfileDraft['fields'] = {};
  for (const field of PROFILE_FIELDS) {
    const entries: unknown = p[field.key];
    if (Array.isArray(entries) && entries.length) fields[field.key] = entries.map((e) => (field.line ? field.line(e) : String(e))).join('\n');
  }
  return { fields, region };
}

/** Number of values in a profile. */
export function profileSize(p: Profile | null | undefined): number {
  if (!p) return 0;
  return Object.values(p).reduce((n, v) => n + (Array.isArray(v) ? v.length : 0), 0);
}

/** Best guess of the person's region from the browser language ("zh-CN" -> "CN"). */
export function defaultRegion(): string {
  const lang = typeof navigator !== 'undefined' ? navigator.language : '';
  const m = lang.match(/-([A-Z]{2})$/i);
  return m ? m[1].toUpperCase() : '';
}
