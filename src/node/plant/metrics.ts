/**
 * The metrics a plant publishes, by name and Sparkplug datatype: one set for the edge node (the plant), one per device
 * (equipment unit). docs/plant-protocols.md lists them; a follower (a twin, a historian) relies on these names.
 */
import { UNIT_STATE_NAMES } from '../../core/runtime/view.ts';
import type { PlantEngine, UnitReadings } from './engine.ts';
import type { Metric, MetricType } from './sparkplug.ts';

export type MetricValue = number | boolean | string;

export interface MetricDefinition {
  name: string;
  type: MetricType;
  /** Engineering unit, published as the metric's `engUnit` property in births. */
  unit?: string;
  description: string;
}

export interface DeviceMetricDefinition extends MetricDefinition {
  read(r: UnitReadings, unit: number, units: number): MetricValue;
}

/** Device metrics every unit of this plant carries (values NaN where a unit has no such reading). */
export function deviceMetrics(engine: PlantEngine): DeviceMetricDefinition[] {
  const view = engine.view;
  const defs: DeviceMetricDefinition[] = [
    { name: 'State', type: 'String', description: `equipment state: ${UNIT_STATE_NAMES.join(', ')}`, read: (r, i) => UNIT_STATE_NAMES[r.states[i]!]! },
    { name: 'State code', type: 'Int32', description: 'equipment state as its enumeration value (0 idle ... 6 maintenance)', read: (r, i) => r.states[i]! },
    {
      name: 'Produced',
      type: 'UInt64',
      unit: 'parts',
      description: 'parts finished by the unit since the start of the run (counter; 0 for process units)',
      read: (r, i) => r.produced[i]!,
    },
    {
      name: 'Scrapped',
      type: 'UInt64',
      unit: 'parts',
      description: 'parts scrapped at the unit since the start of the run (counter)',
      read: (r, i) => r.scrapped[i]!,
    },
    { name: 'Queue', type: 'Double', description: "parts waiting (process units: inventory in the unit's own measure)", read: (r, i) => r.queues[i]! },
    {
      name: 'Utilization',
      type: 'Double',
      unit: '1',
      description: 'share of time busy since the start of the statistics, 0..1',
      read: (r, i) => r.utilization[i]!,
    },
  ];
  if (view.readEnergy)
    defs.push({ name: 'Energy', type: 'Double', unit: 'kWh', description: 'energy metered since the start (NaN: no meter)', read: (r, i) => r.energy[i]! });
  if (view.signal) {
    const signal = view.signal;
    defs.push({
      name: `Signal/${signal.name}`,
      type: 'Double',
      unit: signal.unit,
      description: `measured ${signal.name} (NaN: no such sensor, or no reading yet)`,
      read: (r, i) => r.signals[i]!,
    });
  }
  if (view.readWear)
    defs.push({
      name: 'Tool wear',
      type: 'Double',
      unit: '%',
      description: 'tool wear since the last tool change, % of a nominal tool life (NaN: no tool)',
      read: (r, i) => r.wear[i]!,
    });
  if (view.readLevels)
    defs.push({ name: 'Level', type: 'Double', unit: '1', description: 'how full the vessel is, 0..1 (NaN: not a vessel)', read: (r, i) => r.levels[i]! });
  (view.predictions ?? []).forEach((p, k) => {
    defs.push({
      name: `Prediction/${p.name}`,
      type: 'Double',
      unit: p.unit,
      description: `L3 learner's ${p.name} (NaN before it has learned, below L3, or where it does not apply)`,
      read: (r, i, n) => r.predictions[k * n + i]!,
    });
  });
  (view.measurements ?? []).forEach((m, k) => {
    defs.push({
      name: `Measured/${m.name}`,
      type: 'Double',
      unit: m.unit,
      description: `measured ${m.name} (NaN where the unit has no such instrument)`,
      read: (r, i, n) => r.measurements[k * n + i]!,
    });
  });
  return defs;
}

/** Node metrics computed from the engine (KPIs and clock); the identity metrics are added by the edge node. */
export function kpiMetrics(engine: PlantEngine): MetricDefinition[] {
  return engine.model.kpis.map((k) => ({ name: `KPI/${k.key}`, type: 'Double', unit: k.unit, description: k.label }));
}

/** Metric with its engineering unit and description as properties (births only). */
export function withProperties(def: MetricDefinition, value: MetricValue, timestamp: number): Metric {
  const properties: NonNullable<Metric['properties']> = { Description: { type: 'String', value: def.description } };
  if (def.unit !== undefined) properties.engUnit = { type: 'String', value: def.unit };
  return { name: def.name, type: def.type, value, timestamp, properties };
}

/** Exception reporting: equal values (NaN equal to NaN) are not sent again. */
export function sameValue(a: MetricValue | undefined, b: MetricValue): boolean {
  if (a === undefined) return false;
  if (typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b)) return true;
  return a === b;
}
