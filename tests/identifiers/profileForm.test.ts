/** The profile form built from the kinds: fields, checks, and profile.json in and out. */
import { beforeAll, describe, expect, it } from 'vitest';
import { checkEntry, draftFromProfile, draftHasPhones, PHONE_FIELDS, profileFromDraft } from '../../src/app/lib/profile';
import { loadPhoneLib } from '../../src/app/lib/profile-phone';
import { corpusProfile } from '../scan/helpers';

beforeAll(async () => {
  await loadPhoneLib();
});

describe('profile form', () => {
  it('phone fields are the kinds that need the phone library', () => {
    expect(PHONE_FIELDS).toEqual(['phone', 'contacts']);
    expect(draftHasPhones({ fields: { contacts: ' 010-6852-3321 ' }, region: 'CN' })).toBe(true);
    expect(draftHasPhones({ fields: { imei: '862287025963539' }, region: 'CN' })).toBe(false);
  });

  it('checks an entry by its kind, trimmed', () => {
    expect(checkEntry('contacts', ' 010-6852-3321 ', 'CN')).toEqual({ input: '010-6852-3321', value: '+861068523321', error: null });
    expect(checkEntry('imei', '86228702596353', 'CN').error).toContain('it would be 9');
  });

  it('the corpus profile round-trips through the form in canonical form, keys in form order', () => {
    const p = corpusProfile();
    const back = profileFromDraft(draftFromProfile(p, 'CN'));
    expect(Object.keys(back)).toEqual(['imei', 'phone', 'imsi', 'iccid', 'contacts', 'email', 'mac', 'android_id', 'ad_id', 'serial', 'model', 'carrier', 'location']);
    expect(back.contacts).toEqual(['+8613521876643', '+8618910264518', '+861068523321', '+8615601178834', '+8618510932216']);
    expect(back.location).toEqual([{ lat: 39.983424, lon: 116.315963 }]);
    expect(back.mac).toEqual(p.mac);
    expect(draftFromProfile(back, 'CN').fields.location).toBe('39.983424, 116.315963');
  });
});
