/**
 * Domain rules of the model files that a field's type cannot say: magnitudes, counts with named limits, and cross-field
 * rules (min <= max, references that exist, no cycles, weights not all zero). Each model schema runs its kind's rules
 * as a refinement, so every caller of `validateModel` (CLI, engine worker, editor import, share link) applies them.
 * The limits themselves are in `limits.ts`.
 */
import type { z } from 'zod';
import { distributionMean, type DistributionSpec } from './distribution.ts';
import { checkAtMost, checkMagnitudes, checkOrdered, checkUnique, checkWithin, LIMITS, refuse } from './limits.ts';

type Context = z.core.$RefinementCtx<unknown>;

/** What the flow rules read of a flow model (structural, so that flow-model.ts can call them on its own output). */
interface FlowShape {
  defaultDays: number;
  sources: readonly { interarrival: DistributionSpec; limit?: number | undefined }[];
  stations: readonly unknown[];
  routings: readonly { steps: readonly string[] }[];
  sinks: readonly unknown[];
  conveyors: readonly unknown[];
}

export function flowDomainRules(model: FlowShape, ctx: Context): void {
  checkMagnitudes(model, ctx);
  checkAtMost(ctx, ['defaultDays'], model.defaultDays, LIMITS.runDays, 'run length in days');
  for (const part of ['sources', 'stations', 'routings', 'sinks', 'conveyors'] as const) {
    checkAtMost(ctx, [part], model[part].length, LIMITS.parts, `${part} of a flow model`);
  }
  model.routings.forEach((r, i) => checkAtMost(ctx, ['routings', i, 'steps'], r.steps.length, LIMITS.parts, 'steps of a routing'));
  model.sources.forEach((s, i) => {
    // Jobs arriving zero time apart without a limit would be created forever at one instant (a negative mean is
    // refused by the distribution itself).
    if (s.limit === undefined && distributionMean(s.interarrival) === 0) {
      refuse(
        ctx,
        ['sources', i, 'interarrival'],
        'expected a positive mean time between arrivals: with a mean of 0 and no limit the source would create jobs forever at one instant (give a limit for a batch at time 0)',
      );
    }
  });
}

/** What the 3C rules read of a machining model. */
interface MachiningShape {
  defaultDays: number;
  shifts: { hoursPerShift: number; operatorsPerShift: readonly number[] };
  products: readonly { id: string; parent?: string | undefined; mixWeight: number; releaseDay: number; cells: readonly number[] }[];
  orders: {
    quantity: { min: number; max: number };
    dueHours: { min: number; max: number };
    lotSize: number;
    wipCapLots: number;
    ordersAtStart: number;
  };
  cnc: { cells: number; health: { vibrationNew: number; vibrationFailed: number } };
  deburr: { servers: number };
  laser: { servers: number };
  inspection: { servers: number; sampleSize: number };
  packing: { servers: number };
  anodize: { tankCapacityUnits: number };
  supply: { initialBlanks: number; kanbanUnits: number };
  npi: { trialUnits: number; maxTrials: number };
}

export function machiningDomainRules(model: MachiningShape, ctx: Context): void {
  checkMagnitudes(model, ctx);
  checkAtMost(ctx, ['defaultDays'], model.defaultDays, LIMITS.runDays, 'run length in days');
  checkWithin(ctx, ['shifts', 'hoursPerShift'], model.shifts.hoursPerShift, LIMITS.shiftHours, 'hours of a shift');
  checkAtMost(ctx, ['shifts', 'operatorsPerShift'], model.shifts.operatorsPerShift.length, 24, 'shifts of a day');
  model.shifts.operatorsPerShift.forEach((n, i) => checkAtMost(ctx, ['shifts', 'operatorsPerShift', i], n, LIMITS.servers, 'operators of a shift'));
  checkAtMost(ctx, ['cnc', 'cells'], model.cnc.cells, LIMITS.cncCells, 'CNC cells');
  checkAtMost(ctx, ['products'], model.products.length, LIMITS.products, 'products');
  for (const station of ['deburr', 'laser', 'inspection', 'packing'] as const) {
    checkAtMost(ctx, [station, 'servers'], model[station].servers, LIMITS.stationServers, 'servers of a station');
  }
  const { orders } = model;
  checkAtMost(ctx, ['orders', 'quantity', 'max'], orders.quantity.max, LIMITS.unitsPerOrder, 'units of an order');
  checkOrdered(ctx, ['orders', 'quantity'], orders.quantity);
  checkOrdered(ctx, ['orders', 'dueHours'], orders.dueHours);
  checkAtMost(ctx, ['orders', 'lotSize'], orders.lotSize, LIMITS.unitsPerLot, 'units of a lot');
  checkAtMost(ctx, ['orders', 'wipCapLots'], orders.wipCapLots, LIMITS.lots, 'lots on the floor');
  checkAtMost(ctx, ['orders', 'ordersAtStart'], orders.ordersAtStart, LIMITS.lots, 'orders at start');
  checkAtMost(ctx, ['anodize', 'tankCapacityUnits'], model.anodize.tankCapacityUnits, LIMITS.unitsPerOrder, 'units of an anodizing load');
  checkAtMost(ctx, ['inspection', 'sampleSize'], model.inspection.sampleSize, LIMITS.unitsPerLot, 'units of a sample');
  checkAtMost(ctx, ['supply', 'initialBlanks'], model.supply.initialBlanks, LIMITS.blanks, 'blanks in stock');
  checkAtMost(ctx, ['supply', 'kanbanUnits'], model.supply.kanbanUnits, LIMITS.unitsPerOrder, 'units of a kanban');
  checkAtMost(ctx, ['npi', 'trialUnits'], model.npi.trialUnits, LIMITS.unitsPerLot, 'units of a trial');
  checkAtMost(ctx, ['npi', 'maxTrials'], model.npi.maxTrials, LIMITS.lots, 'trials of a new product');
  const health = model.cnc.health;
  if (!(health.vibrationNew < health.vibrationFailed)) {
    refuse(ctx, ['cnc', 'health', 'vibrationFailed'], `expected vibrationFailed above vibrationNew (${health.vibrationNew}), got ${health.vibrationFailed}`);
  }

  const products = model.products;
  checkUnique(
    ctx,
    products.map((p, i) => ({ id: p.id, path: ['products', i, 'id'] })),
    'product',
  );
  const index = new Map(products.map((p, i) => [p.id, i]));
  products.forEach((p, i) => {
    checkAtMost(ctx, ['products', i, 'cells'], p.cells.length, LIMITS.cncCells, 'fixture cells of a product');
    if (p.parent === undefined) return;
    if (p.parent === p.id) refuse(ctx, ['products', i, 'parent'], `expected another product as parent, got "${p.id}" itself`);
    else if (!index.has(p.parent)) {
      refuse(ctx, ['products', i, 'parent'], `unknown product "${p.parent}"; expected one of ${products.map((q) => `"${q.id}"`).join(', ')}`);
    }
  });
  // A cycle of parents (a -> b -> a) has no product to start from; each product is reported once, at its first visit.
  const reported = new Set<number>();
  products.forEach((_, start) => {
    const chain: number[] = [];
    let at: number | undefined = start;
    while (at !== undefined && !chain.includes(at)) {
      chain.push(at);
      const parent: string | undefined = products[at]!.parent;
      at = parent === undefined || parent === products[at]!.id ? undefined : index.get(parent);
    }
    if (at === undefined || at !== start || reported.has(start)) return;
    chain.forEach((i) => reported.add(i));
    refuse(ctx, ['products', start, 'parent'], `expected no cycle of parents, got ${[...chain, start].map((i) => `"${products[i]!.id}"`).join(' -> ')}`);
  });
  if (!products.some((p) => p.releaseDay === 0 && p.mixWeight > 0)) {
    refuse(ctx, ['products'], 'expected a product on sale from day 0 (releaseDay 0) with a positive mixWeight: orders have nothing to choose from');
  }
}

type Quantity = { value: number; unit: string };

/** Deg C of a temperature quantity (as `toEngine('temperature', q)` in petrochemical-model.ts, which imports this file). */
const celsiusOf = (q: Quantity): number => (q.unit === 'K' ? q.value - 273.15 : q.value);

/** What the petrochemical rules read. */
interface PetrochemicalShape {
  defaultDays: number;
  reactor: { temperedWaterTemperature: Quantity; highAlarm: Quantity; tripTemperature: Quantity };
  streams: readonly unknown[];
  disturbances: {
    feedConcentration: { mean: number; min: number; max: number };
    feedTemperature: { mean: number };
    ambient: { mean: number };
  };
  grades: readonly { operatorSetpoints: { reactorTemperature: Quantity; feedTemperature: Quantity } }[];
}

export function petrochemicalDomainRules(model: PetrochemicalShape, ctx: Context): void {
  checkMagnitudes(model, ctx);
  checkAtMost(ctx, ['defaultDays'], model.defaultDays, LIMITS.runDays, 'run length in days');
  checkAtMost(ctx, ['streams'], model.streams.length, LIMITS.parts, 'streams');
  checkAtMost(ctx, ['grades'], model.grades.length, LIMITS.parts, 'grades');
  const concentration = model.disturbances.feedConcentration;
  checkOrdered(ctx, ['disturbances', 'feedConcentration'], concentration);
  if (concentration.min <= concentration.max) {
    checkWithin(ctx, ['disturbances', 'feedConcentration', 'mean'], concentration.mean, concentration, 'the feed concentration (its min and max)');
  }
  const temperatures: { path: (string | number)[]; celsius: number }[] = [
    ...(['temperedWaterTemperature', 'highAlarm', 'tripTemperature'] as const).map((k) => ({
      path: ['reactor', k, 'value'],
      celsius: celsiusOf(model.reactor[k]),
    })),
    { path: ['disturbances', 'feedTemperature', 'mean'], celsius: model.disturbances.feedTemperature.mean },
    { path: ['disturbances', 'ambient', 'mean'], celsius: model.disturbances.ambient.mean },
    ...model.grades.flatMap((g, i) =>
      (['reactorTemperature', 'feedTemperature'] as const).map((k) => ({
        path: ['grades', i, 'operatorSetpoints', k, 'value'],
        celsius: celsiusOf(g.operatorSetpoints[k]),
      })),
    ),
  ];
  for (const { path, celsius } of temperatures) {
    checkWithin(ctx, path, celsius, { min: -273.15, max: LIMITS.temperatureC }, 'temperatures in deg C');
  }
}
