/**
 * libphonenumber-js for the profile form, loaded on demand: with its metadata it is most of the
 * page's script, and only the form (checking phone numbers as typed, the region list) needs it.
 * Everything else reads the profile as saved, in canonical form.
 */
export type { PhoneLib } from '../../core/identifiers/kind';
import type { PhoneLib } from '../../core/identifiers/kind';

let lib: PhoneLib | null = null;
let loading: Promise<PhoneLib> | null = null;

/** The library if it has been loaded, else null (then call loadPhoneLib()). */
export function phoneLib(): PhoneLib | null {
  return lib;
}

/** Loads the library once (a separate chunk of the build, same origin). */
export function loadPhoneLib(): Promise<PhoneLib> {
  loading ??= import('libphonenumber-js').then(
    (m) => (lib = m),
    (e) => {
      // Let a later call try again (e.g. the chunk failed while the network was switching).
      loading = null;
      throw e;
    },
  );
  return loading;
}

/** Regions for the form's select: name (+calling code), sorted by label. */
export function phoneRegions(lib: PhoneLib, name: (code: string) => string | null | undefined): { code: string; label: string }[] {
  return lib
    .getCountries()
    .map((c) => ({ code: c, label: `${name(c) ?? c} (+${lib.getCountryCallingCode(c)})` }))
    .sort((a, b) => a.label.localeCompare(b.label));
}
