/**
 * widget-map.js: the world map and the device → app → host → country diagram of
 * <capture-report>, loaded only when a reader presses "Show the map" (the outlines alone are
 * ~38 kB gzipped, as much as the rest of the widget). The app's own components and model
 * (src/app/components/map, src/present/geography.ts) draw it; this file only masks the labels
 * that come from the capture the way the widget masks its host table.
 * Built as a classic script (IIFE) whose exports are the global `CaptureReportMap` (mapApi.ts).
 */
import { mount as mountSvelte, unmount } from 'svelte';
import { diagramOf, geographyOf, type Diagram, type Geography } from '../present/geography';
import type { MapHandle, MapModel } from './mapApi';
import WidgetMap from './WidgetMap.svelte';

/**
 * The diagram with every label and sentence masked. Masked host labels can coincide (two hosts
 * carrying different values of one shape): they get a number, since the text list is keyed by label.
 */
export function maskedDiagram(d: Diagram, mask: (t: string) => string): Diagram {
  const unique = (labels: string[]) => {
    const seen = new Map<string, number>();
    return labels.map((l) => {
      const n = (seen.get(l) ?? 0) + 1;
      seen.set(l, n);
      return n === 1 ? l : `${l} (${n})`;
    });
  };
  const appLabels = unique(d.tree.apps.map((a) => mask(a.label)));
  return {
    ...d,
    nodes: d.nodes.map((n) => ({ ...n, label: mask(n.label) })),
    tree: {
      label: mask(d.tree.label),
      apps: d.tree.apps.map((a, i) => {
        const hostLabels = unique(a.hosts.map((h) => mask(h.label)));
        return { ...a, label: appLabels[i], text: mask(a.text), hosts: a.hosts.map((h, j) => ({ ...h, label: hostLabels[j], text: mask(h.text) })) };
      }),
    },
  };
}

export function maskedGeography(g: Geography, mask: (t: string) => string): Geography {
  return { ...g, countries: g.countries.map((c) => ({ ...c, hosts: c.hosts.map(mask), text: mask(c.text) })) };
}

export function mount(target: Element, model: MapModel): MapHandle {
  const geography = maskedGeography(geographyOf(model.report), model.mask);
  const diagram = maskedDiagram(diagramOf(model.report), model.mask);
  const component = mountSvelte(WidgetMap, { target, props: { geography, diagram } });
  return { destroy: () => void unmount(component) };
}
