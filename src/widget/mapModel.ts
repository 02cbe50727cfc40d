/**
 * The map's model as widget-map.js shows it: src/present/geography.ts's, with the text that comes
 * from the capture (host names, the device's model) masked by the widget's redaction. Pure.
 */
import type { Diagram, Geography } from '../present/geography';

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

/** The countries with their host names and sentences masked. */
export function maskedGeography(g: Geography, mask: (t: string) => string): Geography {
  return { ...g, countries: g.countries.map((c) => ({ ...c, hosts: c.hosts.map(mask), text: mask(c.text) })) };
}
