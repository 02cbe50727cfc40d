/**
 * The world map's country outlines as SVG path strings, projected once and kept: world-atlas's
 * countries-110m (Natural Earth, public domain) bundled into this lazily loaded chunk, so the map
 * needs no tiles and no request beyond the page's own files.
 */
import { geoNaturalEarth1, geoPath, type GeoProjection } from 'd3-geo';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import topology from 'world-atlas/countries-110m.json';
import { DOTS, UNNUMBERED } from '../present/countryGeo';

export const WIDTH = 960;
export const HEIGHT = 470;

export interface CountryShape {
  /** world-atlas's id: ISO 3166-1 numeric ('156'), or the alpha-2 for the few features without one. */
  id: string;
  name: string;
  d: string;
}

let cache: { shapes: CountryShape[]; projection: GeoProjection } | null = null;

/** Every country but Antarctica (it would take a fifth of the height and receives no traffic). */
export function worldShapes(): { shapes: CountryShape[]; projection: GeoProjection } {
  if (cache) return cache;
  const topo = topology as unknown as Topology<{ countries: GeometryCollection<{ name: string }> }>;
  const land = feature(topo, topo.objects.countries);
  land.features = land.features.filter((f) => f.id !== '010');
  const projection = geoNaturalEarth1().fitExtent([[2, 2], [WIDTH - 2, HEIGHT - 2]], land);
  const path = geoPath(projection);
  const shapes: CountryShape[] = [];
  for (const f of land.features) {
    const name = f.properties?.name ?? '';
    const id = (f.id as string | undefined) ?? UNNUMBERED[name];
    const d = path(f);
    if (id && d) shapes.push({ id, name, d });
  }
  cache = { shapes, projection };
  return cache;
}

/** Where to put a dot for a country too small for a polygon at this scale, or null. */
export function dotOf(alpha2: string): [number, number] | null {
  const at = DOTS[alpha2];
  if (!at) return null;
  return worldShapes().projection(at) ?? null;
}
