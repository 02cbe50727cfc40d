/**
 * The country of phone numbers the device sent in national form ("13800138000"), from evidence
 * in the capture — never a default (a +86 guess turned pixel digits into Chinese numbers).
 * Evidence, strongest first: the device's own mobile country code (its IMSI, an MCC+MNC carrier
 * code, `mcc=` in a request), then the locale its requests state (Accept-Language, `locale=`,
 * `country=`). Each placed number says which evidence placed it (`country_evidence`).
 */
import type { HttpMessage } from '../protocols/http1/records';
import { OPERATORS } from '../scan/mcc';
import { phoneE164, type CountryCode } from '../scan/phone';
import type { Finding } from './types';
import { countryOfMcc } from '../scan/mccCountries';

/** A country and the words that say why. */
export interface CountryEvidence {
  country: CountryCode;
  why: string;
}

const MCC_KEYS = /[?&;](?:mcc|home_mcc|sim_mcc|network_mcc)=(\d{3})(?=&|$|;)/i;
const MCCMNC_KEYS = /[?&;](?:mccmnc|mcc_mnc|sim_operator|network_operator|simoperator|networkoperator|operator|carrier|hni|plmn)=(\d{5,6})(?=&|$|;)/i;
const LOCALE_KEYS = /[?&;](?:locale|lang|language|hl|lc|user_locale|device_locale)=([a-z]{2,3})[-_]([a-z]{2})(?=&|$|;|[-_])/i;
const COUNTRY_KEYS = /[?&;](?:country|country_code|countrycode|gl|region|sim_country|sim_country_iso|network_country_iso)=([a-z]{2})(?=&|$|;)/i;
/** Accept-Language's first tag with a region ("zh-CN,zh;q=0.9"); "en" alone says no country. */
const ACCEPT_LANGUAGE = /^\s*[a-z]{2,3}(?:-[a-z]{4})?-([a-z]{2})\b/i;

/**
 * The evidence in the device's own findings and requests. `requests` are the HTTP requests the
 * device sent; `findings` what it sent (IMSI, carrier codes).
 */
export function countryEvidence(findings: readonly Finding[], requests: readonly HttpMessage[]): CountryEvidence | null {
  const carrier = new Votes();
  for (const f of findings) {
    if (f.direction !== 'upload') continue;
    if (f.type === 'imsi') carrier.add(countryOfMcc(f.value.slice(0, 3)), `its IMSI's mobile country code ${f.value.slice(0, 3)}`);
    if (f.type === 'carrier') {
      const mccs = new Set(OPERATORS.filter((op) => op.names[0] === f.value).map((op) => op.mcc));
      // A name several countries' networks use (Vodafone) says no country.
      if (mccs.size === 1) {
        const [mcc] = mccs;
        carrier.add(countryOfMcc(mcc), `its carrier ${f.value} (mobile country code ${mcc})`);
      }
    }
  }
  const locale = new Votes();
  for (const m of requests) {
    const uri = m.uri ?? '';
    const mcc = MCC_KEYS.exec(uri)?.[1] ?? MCCMNC_KEYS.exec(uri)?.[1]?.slice(0, 3);
    if (mcc) carrier.add(countryOfMcc(mcc), `mobile country code ${mcc} in its requests`);
    const loc = LOCALE_KEYS.exec(uri);
    if (loc) locale.add(loc[2].toUpperCase(), `the locale ${loc[1]}_${loc[2]} in its requests`);
    const cc = COUNTRY_KEYS.exec(uri)?.[1];
    if (cc) locale.add(cc.toUpperCase(), `country ${cc.toUpperCase()} in its requests`);
    const al = m.headers.find(([k]) => k.toLowerCase() === 'accept-language')?.[1];
    const region = al ? ACCEPT_LANGUAGE.exec(al)?.[1] : undefined;
    if (region) locale.add(region.toUpperCase(), `the language ${al!.split(/[,;]/)[0].trim()} its requests accept`);
  }
  return carrier.best() ?? locale.best();
}

/**
 * Gives national numbers their country: E.164 when valid there (a number invalid in the
 * device's country is not a phone number there, and is dropped). Without evidence, a number a
 * phone key named stays as sent, saying no country is known; one found by shape alone is dropped.
 * International numbers get the evidence of their own prefix.
 */
export function placePhoneNumbers(findings: readonly Finding[], evidence: CountryEvidence | null): Finding[] {
  const out: Finding[] = [];
  for (const f of findings) {
    if (f.type !== 'phone' && f.type !== 'contact_phone') {
      out.push(f);
      continue;
    }
    const { national, ...rest } = f;
    if (!national) {
      out.push(f.source === 'pattern' && !rest.country_evidence ? { ...rest, country_evidence: 'written with its country code' } : rest);
      continue;
    }
    if (evidence) {
      const e164 = phoneE164(f.value, evidence.country);
      if (e164) out.push({ ...rest, value: e164, country_evidence: `national number; country ${evidence.country} from ${evidence.why}` });
    } else if (f.confidence === 'high') {
      out.push({ ...rest, country_evidence: 'national number; nothing in the capture says its country' });
    }
  }
  return out;
}

/** Counts countries with the first reason given for each. */
class Votes {
  private readonly counts = new Map<string, { n: number; why: string }>();
  add(country: string | null, why: string): void {
    if (!country || !/^[A-Z]{2}$/.test(country)) return;
    const v = this.counts.get(country);
    if (v) v.n++;
    else this.counts.set(country, { n: 1, why });
  }
  best(): CountryEvidence | null {
    let best: [string, { n: number; why: string }] | null = null;
    for (const e of this.counts) if (!best || e[1].n > best[1].n) best = e;
    return best ? { country: best[0] as CountryCode, why: best[1].why } : null;
  }
}
