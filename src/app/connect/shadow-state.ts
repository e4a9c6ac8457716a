/**
 * What Shadow mode (`ShadowPanel.tsx`, in the Connect panel's chunk) hands to the dashboard's own pieces: the live KPI
 * chart draws this shift's realised output with the twin's forecast band, and the event log lists the decisions the
 * twin sent. As with `live` (store.ts), `shadowLive` is a plain mutable object the panel writes per received message
 * and the chart and log read on their own timers without subscribing; only `useShadow.active`, which changes when
 * Shadow mode starts or stops, goes through React. Types only from the twin, so this module costs the entry nothing.
 */
import { create } from 'zustand';
import type { Decision, Forecast } from '../../node/twin/twin.ts';

export interface ShadowLive {
  /** Plant time of the newest report (model units, hours for the 3C plant). */
  time: number;
  /** Length of a shift in model units. */
  shiftLength: number;
  /** Index of the shift `time` lies in. */
  shift: number;
  /** Good output counted so far this shift; NaN when the twin did not see the shift start. */
  soFar: number;
  /** The recent forecasts (replaced, not mutated, when one is added or realised). */
  forecasts: readonly Forecast[];
  /** The recent decisions the twin sent to the plant (replaced when one is added). */
  decisions: readonly Decision[];
}

export function createShadowLive(): ShadowLive {
  return { time: NaN, shiftLength: NaN, shift: -1, soFar: NaN, forecasts: [], decisions: [] };
}

export const shadowLive: ShadowLive = createShadowLive();

/** On while a Shadow twin follows a plant whose shift output it forecasts: the KPI chart then shows that output. */
export const useShadow = create<{ active: boolean }>(() => ({ active: false }));
