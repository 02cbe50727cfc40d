/** A place: latitude and longitude, "lat,lon". */
import type { IdentifierKind } from './kind';
import { bad, ok } from './common';

/** Latitude/longitude pair in range, neither both zero. */
export function isLatLon(lat: number, lon: number): boolean {
  return Number.isFinite(lat) && Number.isFinite(lon) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180 &&
    !(lat === 0 && lon === 0);
}

/** After a latitude key: `39.98342", "lng": "116.31596`. */
const PAIR = /^(-?\d{1,2}\.\d{3,})["']?[,&;\s]*["']?(?:lng|lon|longitude)["']?\s*[:=]\s*["']?(-?\d{1,3}\.\d{3,})/i;

export const location: IdentifierKind<'location', 'location', { lat: number; lon: number }> = {
  type: 'location', label: 'Location', one: 'its location', many: (n) => `${n} locations`, weight: 8,
  profile: {
    key: 'location', label: 'Home or work location', hint: 'latitude, longitude', position: 13,
    check(raw) {
      const m = raw.match(/^(-?\d+(?:\.\d+)?)\s*[,; ]\s*(-?\d+(?:\.\d+)?)$/);
      if (!m) return bad('Type latitude, longitude, e.g. 39.9834, 116.3160.');
      const lat = Number(m[1]);
      const lon = Number(m[2]);
      if (Math.abs(lat) > 90 || Math.abs(lon) > 180) return bad('Latitude is within ±90, longitude within ±180.');
      return ok(`${lat},${lon}`);
    },
    entry(value) {
      const [lat, lon] = value.split(',').map(Number);
      return { lat, lon };
    },
    line: (e) => `${e.lat}, ${e.lon}`,
  },
  expand(loc) {
    const value = `${loc.lat},${loc.lon}`;
    const sp = new Set<string>([value]);
    for (const n of [loc.lat, loc.lon]) {
      const s = String(n);
      sp.add(s);
      // Apps round coordinates; 4 decimals (about 10 m) still identify a home.
      const m = /^(-?\d+\.\d{4})\d+$/.exec(s);
      if (m) sp.add(m[1]);
    }
    return { value, spellings: [...sp], transform: false };
  },
  keys: {
    literals: ['"lat"', "'lat'", '&lat=', '?lat=', 'latitude'],
    compound: ['latitude'],
    rule: /^lat$|latitude|^lng$|^lon$|longitude/,
    read: {
      value(tail) {
        const m = PAIR.exec(tail);
        if (!m || !isLatLon(Number(m[1]), Number(m[2]))) return null;
        return { value: `${m[1]},${m[2]}`, length: m[0].length };
      },
      confidence: 'high',
    },
  },
};
