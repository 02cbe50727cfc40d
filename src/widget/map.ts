/**
 * widget-map.js: the world map and the device → app → host → country diagram of
 * <capture-report>, loaded only when a reader presses "Show the map" (the outlines alone are
 * ~38 kB gzipped, as much as the rest of the widget). The app's own components and model
 * (src/map, src/present/geography.ts) draw it; this file only masks the labels
 * that come from the capture the way the widget masks its host table.
 * Built as a classic script (IIFE) whose exports are the global `CaptureReportMap` (mapApi.ts).
 */
import { mount as mountSvelte, unmount } from 'svelte';
import { diagramOf, geographyOf } from '../present/geography';
import type { MapHandle, MapModel } from './mapApi';
import { maskedDiagram, maskedGeography } from './mapModel';
import WidgetMap from './WidgetMap.svelte';

export function mount(target: Element, model: MapModel): MapHandle {
  const geography = maskedGeography(geographyOf(model.report), model.mask);
  const diagram = maskedDiagram(diagramOf(model.report), model.mask);
  const component = mountSvelte(WidgetMap, { target, props: { geography, diagram } });
  return { destroy: () => void unmount(component) };
}
