/**
 * What a sweep varies and how its results are laid out: the curated parameters per model kind, the values of a range,
 * the series a chart plots and the rows a table (and its CSV) shows. No DOM here.
 */
import type { ExperimentReport } from '../../core/experiment/experiment.ts';
import { LEVELS, type Level } from '../../core/experiment/levels.ts';
import { readParameter } from '../../core/experiment/parameters.ts';
import type { AnyModel } from '../../core/model/load.ts';
import { tableCsv, type Cell } from '../export/csv.ts';

/** A parameter offered in the list: its JSON path, its label (a text key and values) and whether it counts things. */
export interface SweepParameter {
  path: string;
  label: { key: string; values?: Record<string, string | number> };
  integer: boolean;
}

/** The parameters worth sweeping in each kind of model; any other numeric path can be typed by hand. */
export function curatedParameters(model: AnyModel): SweepParameter[] {
  switch (model.kind) {
    case 'machining':
      return [
        // Not cnc.cells: a cell beyond those the products have fixtures on (products[].cells) gets no work, so sweeping
        // the count alone would show cost without capacity. It can still be typed by hand.
        { path: 'orders.lotSize', label: { key: 'param.orders.lotSize' }, integer: true },
        { path: 'orders.wipCapLots', label: { key: 'param.orders.wipCapLots' }, integer: true },
        { path: 'quality.toolChangeIntervalUnits', label: { key: 'param.quality.toolChangeIntervalUnits' }, integer: false },
        { path: 'maintenance.pmIntervalHours', label: { key: 'param.maintenance.pmIntervalHours' }, integer: false },
        { path: 'maintenance.vibrationThreshold', label: { key: 'param.maintenance.vibrationThreshold' }, integer: false },
      ];
    case 'petrochemical':
      return [
        { path: 'decisions.conservativeLambdaFactor', label: { key: 'param.decisions.conservativeLambdaFactor' }, integer: false },
        ...model.grades.map((grade, i) => ({
          path: `grades[${i}].operatorSetpoints.reactorTemperature.value`,
          label: { key: 'param.reactorSetpoint', values: { grade: grade.id } },
          integer: false,
        })),
        { path: 'decisions.foulingThreshold', label: { key: 'param.decisions.foulingThreshold' }, integer: false },
        { path: 'decisions.calendarCleaningDays', label: { key: 'param.decisions.calendarCleaningDays' }, integer: false },
      ];
    case 'flow':
      // Fleet sizing first where the line has AGV fleets: sweeping the vehicles shows where more stop helping.
      return [
        ...(model.fleets ?? []).map((fleet, i) => ({
          path: `fleets[${i}].vehicles`,
          label: { key: 'param.fleetVehicles', values: { fleet: fleet.id } },
          integer: true,
        })),
        ...model.stations.flatMap((station, i) => {
          const name = station.name ?? station.id;
          const params: SweepParameter[] = [
            { path: `stations[${i}].servers`, label: { key: 'param.servers', values: { station: name } }, integer: true },
            { path: `stations[${i}].bufferCapacity`, label: { key: 'param.bufferCapacity', values: { station: name } }, integer: true },
          ];
          if ('mean' in station.serviceTime) {
            params.push({ path: `stations[${i}].serviceTime.mean`, label: { key: 'param.serviceMean', values: { station: name } }, integer: false });
          }
          return params;
        }),
      ];
  }
}

/**
 * A sensible default range from a parameter's value in the model: half to double, or value .. value+2 for counts (fewer
 * than the model has may not be valid: a 3C product needs the cells its fixtures are on).
 */
export function defaultRange(model: AnyModel, parameter: SweepParameter): { from: number; to: number } {
  const value = readParameter(model, parameter.path);
  if (value === undefined) return parameter.integer ? { from: 1, to: 3 } : { from: 1, to: 2 };
  if (parameter.integer) return { from: value, to: value + 2 };
  const round = (x: number) => Number(x.toPrecision(3));
  return { from: round(value / 2), to: round(value * 2) };
}

/** `steps` evenly spaced values from `from` to `to` (both included), rounded and deduplicated for counts. */
export function sweepValues(from: number, to: number, steps: number, integer: boolean): number[] {
  if (!Number.isFinite(from) || !Number.isFinite(to) || !Number.isInteger(steps) || steps < 1) return [];
  const values: number[] = [];
  for (let i = 0; i < steps; i++) {
    const raw = steps === 1 ? from : from + ((to - from) * i) / (steps - 1);
    // Twelve significant digits: 0.1 + 0.2 shows as 0.3, and the record holds the value the user sees.
    const value = integer ? Math.round(raw) : Number(raw.toPrecision(12));
    if (!values.includes(value)) values.push(value);
  }
  return values;
}

export interface SweepPointResult {
  value: number;
  report: ExperimentReport;
}

/** The levels a sweep's reports hold, in order. */
export function sweepLevels(points: readonly SweepPointResult[]): Level[] {
  return LEVELS.filter((level) => points[0]?.report.levels[level] !== undefined);
}

/** One chart series per level: the KPI mean at each value, and its 95 % interval. */
export function sweepSeries(points: readonly SweepPointResult[], kpi: string) {
  const x = points.map((p) => p.value);
  return {
    x,
    levels: sweepLevels(points).map((level) => {
      const estimates = points.map((p) => p.report.levels[level]!.kpis[kpi]);
      return {
        level,
        mean: estimates.map((e) => (e && Number.isFinite(e.mean) ? e.mean : null)),
        low: estimates.map((e) => (e && Number.isFinite(e.mean) ? e.mean - (Number.isFinite(e.ci95) ? e.ci95 : 0) : null)),
        high: estimates.map((e) => (e && Number.isFinite(e.mean) ? e.mean + (Number.isFinite(e.ci95) ? e.ci95 : 0) : null)),
      };
    }),
  };
}

/** The sweep as CSV: one row per (value, level, KPI). */
export function sweepCsv(parameter: string, points: readonly SweepPointResult[]): string {
  const rows: Cell[][] = [];
  for (const point of points) {
    for (const level of sweepLevels(points)) {
      for (const kpi of point.report.kpis) {
        const e = point.report.levels[level]!.kpis[kpi.key]!;
        rows.push([parameter, point.value, level, kpi.key, e.unit, e.mean, e.ci95, e.n]);
      }
    }
  }
  return tableCsv(['parameter', 'value', 'level', 'kpi', 'unit', 'mean', 'ci95', 'n'], rows);
}
