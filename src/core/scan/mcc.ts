/**
 * A compact MCC+MNC table: the large operators of the countries most captures come from, with
 * their common names. Used to validate IMSI prefixes and to recognise carrier names by shape.
 * Format: "MCC MNC Name|Name…" per line, MNC with its real length (2 or 3 digits).
 */
const TABLE = `
460 00 China Mobile|中国移动|CMCC|CHINA MOBILE
460 02 China Mobile|中国移动
460 04 China Mobile|中国移动
460 07 China Mobile|中国移动
460 08 China Mobile|中国移动
460 01 China Unicom|中国联通|CHN-UNICOM|CUCC
460 06 China Unicom|中国联通
460 09 China Unicom|中国联通
460 03 China Telecom|中国电信|CHN-CT|CTCC
460 05 China Telecom|中国电信
460 11 China Telecom|中国电信
460 15 China Broadnet|中国广电
454 00 CSL|1O1O
454 03 3 Hong Kong
454 06 SmarTone
454 12 China Mobile Hong Kong|CMHK
466 01 Far EasTone|遠傳電信
466 92 Chunghwa Telecom|中華電信
466 97 Taiwan Mobile|台灣大哥大
455 00 SmarTone Macau
440 10 NTT docomo|docomo
440 20 SoftBank
440 50 KDDI|au
440 51 KDDI|au
441 00 Rakuten Mobile
450 05 SK Telecom
450 08 KT
450 06 LG U+
404 10 Airtel
404 45 Airtel
404 20 Vodafone India|Vi
405 840 Jio|Reliance Jio
405 857 Jio|Reliance Jio
404 11 Vodafone India|Vi
470 01 Grameenphone
410 01 Jazz
452 01 MobiFone
452 02 VinaPhone
452 04 Viettel
520 01 AIS
520 04 TrueMove H
520 05 dtac
502 12 Maxis
502 13 Celcom
502 16 DiGi
510 10 Telkomsel
510 01 Indosat Ooredoo
510 11 XL Axiata
515 02 Globe Telecom
515 03 Smart Communications
525 01 Singtel
525 03 M1
525 05 StarHub
505 01 Telstra
505 02 Optus
505 03 Vodafone Australia
530 01 One NZ|Vodafone NZ
530 05 Spark NZ
310 260 T-Mobile US|T-Mobile
310 410 AT&T
310 120 Sprint
311 480 Verizon Wireless|Verizon
310 004 Verizon Wireless|Verizon
312 530 Sprint
302 220 TELUS
302 610 Bell Mobility
302 720 Rogers Wireless
334 020 Telcel
334 050 AT&T Mexico
724 05 Claro Brasil
724 06 Vivo
724 10 Vivo
724 02 TIM Brasil
724 31 Oi
722 310 Claro Argentina
722 070 Movistar Argentina
730 01 Entel Chile
732 101 Claro Colombia
716 10 Claro Peru
234 10 O2 UK|O2
234 15 Vodafone UK
234 20 Three UK
234 30 EE
234 33 EE
262 01 Telekom Deutschland|Telekom.de
262 02 Vodafone.de
262 03 O2 Germany|o2 - de
208 01 Orange France|Orange F
208 10 SFR
208 15 Free Mobile
208 20 Bouygues Telecom
222 01 TIM
222 10 Vodafone IT
222 88 WINDTRE
214 01 Vodafone ES
214 03 Orange Spain
214 07 Movistar
204 04 Vodafone NL
204 08 KPN
204 16 Odido|T-Mobile NL
206 01 Proximus
228 01 Swisscom
228 02 Sunrise
232 01 A1 Telekom Austria
240 01 Telia Sweden
242 01 Telenor Norway
238 01 TDC
244 91 Telia Finland
244 05 Elisa
260 01 Plus
260 02 T-Mobile.pl
260 03 Orange Polska
226 01 Vodafone RO
216 30 Telekom HU
230 01 T-Mobile CZ
268 06 MEO
272 01 Vodafone Ireland
202 01 Cosmote
250 01 MTS
250 02 MegaFon
250 99 Beeline
255 01 Vodafone Ukraine
255 03 Kyivstar
286 01 Turkcell
286 02 Vodafone TR
420 01 STC
424 02 Etisalat|e&
425 01 Partner
425 02 Cellcom Israel
602 01 Orange Egypt
655 01 Vodacom
655 10 MTN South Africa
621 30 MTN Nigeria
639 02 Safaricom
`;

/** One operator: MCC, MNC as written (2 or 3 digits), names (first is canonical). */
export type { Operator } from '../identifiers/kind';
import type { Operator } from '../identifiers/kind';

/** Every operator of the table. */
export const OPERATORS: readonly Operator[] = TABLE.trim().split('\n').map((line) => {
  const [mcc, mnc, ...rest] = line.split(' ');
  return { mcc, mnc, names: rest.join(' ').split('|') };
});

const byPrefix = new Map<string, Operator>();
for (const op of OPERATORS) byPrefix.set(op.mcc + op.mnc, op);

/** The operator whose MCC+MNC starts the digits (3-digit MNC tried first), or null. */
export function operatorOf(digits: string): Operator | null {
  return byPrefix.get(digits.slice(0, 6)) ?? byPrefix.get(digits.slice(0, 5)) ?? null;
}

/** Carrier names worth recognising anywhere (distinctive: two words or non-Latin). */
export function distinctiveOperatorNames(): string[] {
  const out = new Set<string>();
  for (const op of OPERATORS) {
    for (const n of op.names) if (/\s/.test(n) && n.length >= 8 || /[^\x00-\x7f]/.test(n)) out.add(n);
  }
  return [...out];
}
