/** Registrable domain ("eTLD+1") of a host name, via the Public Suffix List bundled in tldts. */
import { getDomain } from 'tldts';
import { isAddress, normalise } from '../report/hostNames';

/**
 * "img.jinri-news.cn" -> "jinri-news.cn", "a.b.co.uk" -> "b.co.uk"; null for IP literals,
 * single labels and bare suffixes. ICANN section only: private suffixes such as
 * s3.amazonaws.com would name the customer, while people want to see who runs the server.
 */
export function registrableDomain(host: string | null | undefined): string | null {
  if (!host) return null;
  const h = normalise(host);
  if (!h || isAddress(h)) return null;
  return getDomain(h, { allowPrivateDomains: false }) ?? null;
}
