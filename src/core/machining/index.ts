/**
 * The 3C machining plant as a runnable model: KPI definitions, one replication at a set of capability levels, and the
 * KPIs computed from what the run did (counters kept by the mechanics, meters, and the controllers' curves).
 */
import type { Channel } from '../kernel/channel.ts';
import type { PlantSnapshot, SynchroniseResult } from '../runtime/synchronise.ts';
import { synchroniseMachining } from './synchronise.ts';
import type { KpiDefinition } from '../experiment/kpi.ts';
import type { CapabilityLevels, Level } from '../experiment/levels.ts';
import type { ModelRun, RunnableModel } from '../experiment/runnable.ts';
import { Priority } from '../kernel/simulation.ts';
import type { MachiningModel } from '../model/machining-model.ts';
import { MACHINING_CAPABILITIES, makeControllers, type Curves, type MachiningCapability } from './controllers.ts';
import { machiningNotes } from './notes.ts';
import { machiningControl } from './commands.ts';
import { MACHINING_TUNING } from './tuning.ts';
import { MachiningPlant, type CurvePoint } from './plant.ts';

export { MachiningPlant } from './plant.ts';
export { MACHINING_CAPABILITIES, type Curves } from './controllers.ts';

export interface MachiningRun extends ModelRun {
  readonly plant: MachiningPlant;
  /** The learning curves (and the same per-period measures at non-learning levels, for comparison). */
  readonly curves: Curves;
}

/** Why a 3C KPI can have no value yet (a ratio whose denominator is still zero), shown as "no data: <reason>". */
function machiningNoData(key: string): string {
  if (/^(operatingCost|systemsCost|energyPerGoodUnit|energyUtilization)$/.test(key)) return 'no good housing yet';
  if (/^(defectRate|scrapRate)$|^(oee|quality|performance)/.test(key)) return 'no housing machined yet';
  if (key === 'leadTime') return 'no order completed yet';
  if (key === 'onTimeDelivery') return 'no order due yet';
  if (key === 'developmentCycle' || key.startsWith('npiTrials')) return 'no new variant qualified yet';
  if (key === 'mtbf') return 'no CNC failure yet';
  if (key === 'mttr') return 'no CNC repair yet';
  if (key.startsWith('learn')) return 'that week is not over';
  return 'warm-up not over';
}

export function machiningKpis(cells: number): KpiDefinition[] {
  return machiningKpiList(cells).map((kpi) => ({ noData: machiningNoData(kpi.key), ...kpi }));
}

function machiningKpiList(cells: number): KpiDefinition[] {
  return [
    { key: 'efficiency', label: 'Production efficiency (good housings per operating hour)', unit: 'units/h', better: 'higher' },
    { key: 'efficiencyPerLabourHour', label: 'Good housings per labour-hour', unit: 'units/labour-h', better: 'higher' },
    {
      key: 'efficiencyPerMachineHour',
      label: 'Good housings per CNC machine-hour used (cutting, set-up, down; not idle)',
      unit: 'units/machine-h',
      better: 'higher',
    },
    { key: 'throughput', label: 'Throughput (good housings)', unit: 'units/day', better: 'higher' },
    { key: 'oee', label: 'OEE, CNC plant (A x P x Q)', unit: '%', better: 'higher' },
    { key: 'availability', label: 'OEE availability, CNC plant', unit: '%', better: 'higher' },
    { key: 'performance', label: 'OEE performance, CNC plant', unit: '%', better: 'higher' },
    { key: 'quality', label: 'OEE quality, CNC plant', unit: '%', better: 'higher' },
    ...Array.from({ length: cells }, (_, i): KpiDefinition[] => [
      { key: `oeeCnc${i + 1}`, label: `OEE of CNC cell ${i + 1}`, unit: '%', better: 'higher' },
      { key: `availabilityCnc${i + 1}`, label: `OEE availability of CNC cell ${i + 1}`, unit: '%', better: 'higher' },
      { key: `performanceCnc${i + 1}`, label: `OEE performance of CNC cell ${i + 1}`, unit: '%', better: 'higher' },
      { key: `qualityCnc${i + 1}`, label: `OEE quality of CNC cell ${i + 1}`, unit: '%', better: 'higher' },
    ]).flat(),
    { key: 'utilization', label: 'CNC utilisation (cutting time)', unit: '%', better: 'neither' },
    { key: 'setupShare', label: 'CNC time in set-ups (incl. waiting for an operator to do them)', unit: '%', better: 'lower' },
    { key: 'downShare', label: 'CNC time down or in maintenance (incl. waiting for an operator)', unit: '%', better: 'lower' },
    { key: 'wip', label: 'Work in process (time average)', unit: 'units', better: 'lower' },
    { key: 'leadTime', label: 'Order lead time (completed orders)', unit: 'h', better: 'lower' },
    { key: 'onTimeDelivery', label: 'On-time delivery (orders due so far)', unit: '%', better: 'higher' },
    { key: 'energyPerGoodUnit', label: 'Energy per good housing', unit: 'kWh/unit', better: 'lower' },
    { key: 'energyUtilization', label: 'Energy utilisation (ideal energy of good output / metered)', unit: '%', better: 'higher' },
    { key: 'operatingCost', label: 'Operating cost per good housing', unit: 'CNY/unit', better: 'lower' },
    {
      key: 'systemsCost',
      label: 'Of which what the level installs (sensors, probes, network, MES, computing, licences, training)',
      unit: 'CNY/unit',
      better: 'lower',
    },
    { key: 'defectRate', label: 'Defect rate (scrap + rework + escapes) / machined', unit: '%', better: 'lower' },
    { key: 'scrapRate', label: 'Scrap / machined', unit: '%', better: 'lower' },
    { key: 'developmentCycle', label: 'Product development cycle (release to first batch at target yield)', unit: 'h', better: 'lower' },
    { key: 'mtbf', label: 'Observed MTBF (cutting hours per failure)', unit: 'h', better: 'higher' },
    { key: 'mttr', label: 'Observed MTTR (failure to back in service)', unit: 'h', better: 'lower' },
    { key: 'failures', label: 'CNC failures', unit: 'count', better: 'lower' },
    { key: 'stockoutHours', label: 'Blank stock-out time', unit: 'h', better: 'lower' },
    { key: 'learnDispatchFirstWeek', label: 'Dispatching reward (ideal CNC h / available h), first week', unit: '%', better: 'higher' },
    { key: 'learnDispatchLastWeek', label: 'Dispatching reward, last week', unit: '%', better: 'higher' },
    { key: 'learnQualityFirstWeek', label: 'Drift defects / machined, first week', unit: '%', better: 'lower' },
    { key: 'learnQualityLastWeek', label: 'Drift defects / machined, last week', unit: '%', better: 'lower' },
    { key: 'learnMaintenanceFirstWeek', label: 'CNC hours lost to failures and maintenance per day, first week', unit: 'h/day', better: 'lower' },
    { key: 'learnMaintenanceLastWeek', label: 'CNC hours lost to failures and maintenance per day, last week', unit: 'h/day', better: 'lower' },
    { key: 'learnEnergyFirstWeek', label: 'CNC non-cutting energy per day, first week', unit: 'kWh/day', better: 'lower' },
    { key: 'learnEnergyLastWeek', label: 'CNC non-cutting energy per day, last week', unit: 'kWh/day', better: 'lower' },
    { key: 'learnSupplyFirstWeek', label: 'Stock-out hours per day, first week', unit: 'h/day', better: 'lower' },
    { key: 'learnSupplyLastWeek', label: 'Stock-out hours per day, last week', unit: 'h/day', better: 'lower' },
    { key: 'npiTrialsFirstVariant', label: 'Trials, first new variant', unit: 'trials', better: 'lower' },
    { key: 'npiTrialsLastVariant', label: 'Trials, last new variant', unit: 'trials', better: 'lower' },
  ];
}

/** Starts one replication at the given capability levels. */
export function startMachining(model: MachiningModel, seed: number, capabilities: CapabilityLevels): MachiningRun {
  const levels = Object.fromEntries(MACHINING_CAPABILITIES.map((c) => [c, (capabilities[c] ?? 'L1') as Level])) as Record<MachiningCapability, Level>;
  const plant = new MachiningPlant(model, seed);
  const curves: Curves = { dispatching: [], maintenance: [], quality: [], energy: [], supply: [], newProducts: [] };
  plant.start(makeControllers(plant, levels, curves));
  const systemsCostPerHour = levelSystemsCostPerHour(model, levels);
  // Warm-up deletion: the KPIs are measured from the end of the warm-up (a reading of the totals then; a pure read).
  let warmedUp: MachiningTotals | undefined;
  if (model.warmupDays > 0) {
    const warmup = plant.sim.channel<null>('measurement-start', () => (warmedUp = machiningTotals(plant, systemsCostPerHour)));
    plant.sim.schedule(model.warmupDays * 24, warmup, null, Priority.late);
  }

  // Daily snapshots for the curves of maintenance, quality and energy (observers of the clock, not mechanics).
  const daily = plant.sim.channel<null>('daily-curves');
  let last = { down: 0, drift: 0, machined: 0, nonCutting: 0 };
  const nonCuttingKwh = () => {
    plant.flush();
    const power = model.cnc.power;
    let total = 0;
    for (const c of plant.cells) total += c.meter.kwh - power.busyKw * plant.cnc.runHoursNow(c);
    return total;
  };
  daily.handle(() => {
    const now = plant.sim.now;
    const down = plant.cells.reduce((s, c) => s + c.downHours, 0);
    const nonCutting = nonCuttingKwh();
    curves.maintenance.push({ time: now, value: down - last.down });
    const machined = plant.unitsMachined - last.machined;
    curves.quality.push({ time: now, value: machined > 0 ? (100 * (plant.driftDefects - last.drift)) / machined : 0 });
    curves.energy.push({ time: now, value: nonCutting - last.nonCutting });
    last = { down, drift: plant.driftDefects, machined: plant.unitsMachined, nonCutting };
    plant.sim.schedule(24, daily, null, Priority.late);
  });
  plant.sim.schedule(24, daily, null, Priority.late);

  // Created on a twin's first hand-over only, so a run without one has exactly the channels it always had.
  let handOver: Channel<PlantSnapshot> | undefined;
  return {
    sim: plant.sim,
    plant,
    curves,
    kpis: () => computeKpis(plant, curves, systemsCostPerHour, warmedUp),
    learningCurves: () => ({ ...curves }),
    view: () => plant.view(),
    externalControl: () => machiningControl(plant),
    synchronise: (snapshot) => {
      let result: SynchroniseResult = { copied: [], skipped: [] };
      handOver ??= plant.sim.channel<PlantSnapshot>('twin-hand-over', (s) => (result = synchroniseMachining(plant, s)));
      plant.sim.schedule(0, handOver, snapshot);
      plant.sim.runUntil(plant.sim.now);
      return result;
    },
  };
}

/**
 * What the capabilities' levels install beyond L1, per hour: capital amortised over its life plus running cost, per CNC
 * cell, summed over capabilities at their levels (L1's digital machines are the plant's base, in the cell overhead).
 */
export function levelSystemsCostPerHour(model: MachiningModel, levels: Readonly<Record<MachiningCapability, Level>>): number {
  const costs = model.levelCosts;
  if (!costs) return 0;
  const hoursPerYear = 365 * 24;
  let perCellYear = 0;
  for (const capability of MACHINING_CAPABILITIES) {
    const level = levels[capability];
    if (level === 'L1') continue;
    const item = costs[level][capability];
    if (item) perCellYear += item.capitalPerCell / costs.lifeYears + item.runningPerCellYear;
  }
  return (model.cnc.cells * perCellYear) / hoursPerYear;
}

function windowMean(points: readonly CurvePoint[], from: number, to: number): number {
  let sum = 0;
  let n = 0;
  for (const p of points) {
    if (p.time > from && p.time <= to) {
      sum += p.value;
      n++;
    }
  }
  return n > 0 ? sum / n : NaN;
}

/**
 * Running totals of what the KPIs are made of, as of now: each is a count or an integral from time 0, so the KPIs over
 * a window are made from the difference of two readings (warm-up deletion). A pure read: it may be taken at any instant
 * (the app reads it every frame) without changing a later result in the last bit, because open integrals (meters,
 * stock, stock-outs, running segments) are read, not closed.
 */
export interface MachiningTotals {
  readonly time: number;
  readonly good: number;
  readonly run: readonly number[];
  readonly ideal: readonly number[];
  readonly goodIdeal: readonly number[];
  readonly occupied: number;
  readonly labourHours: number;
  readonly kwh: number;
  readonly idealKwh: number;
  readonly cost: number;
  readonly systemsCost: number;
  readonly setupHours: number;
  readonly downHours: number;
  readonly wipIntegral: number;
  readonly unitsMachined: number;
  readonly scrapped: number;
  readonly defects: number;
  readonly failures: number;
  readonly repairHours: number;
  readonly stockoutHours: number;
  readonly completedOrders: number;
  readonly onTimeOrders: number;
  readonly dueOrders: number;
  readonly leadTimeSum: number;
}

/** Operator hours paid from 0 to `hours` (the crew of each shift, shift by shift). */
function paidLabourHours(model: MachiningModel, hours: number): number {
  const shifts = model.shifts;
  const day = shifts.hoursPerShift * shifts.operatorsPerShift.length;
  const perDay = shifts.operatorsPerShift.reduce((s, n) => s + n * shifts.hoursPerShift, 0);
  // Whole shift cycles at once, then the shifts of the last, partial cycle: constant cost whatever the run length.
  const cycles = Math.floor(hours / day);
  let labour = cycles * perDay;
  for (let t = cycles * day, k = 0; t < hours; t += shifts.hoursPerShift, k++) {
    labour += Math.min(shifts.hoursPerShift, hours - t) * shifts.operatorsPerShift[k % shifts.operatorsPerShift.length]!;
  }
  return labour;
}

export function machiningTotals(plant: MachiningPlant, systemsCostPerHour = 0): MachiningTotals {
  const model = plant.model;
  const T = plant.sim.now;
  const cells = plant.cells;
  const labourHours = paidLabourHours(model, T);
  const meters = plant.meters();
  const kwh = meters.reduce((s, m) => s + m.energyAt(T), 0);
  const energyCost = meters.reduce((s, m) => s + m.costAt(T), 0);
  const wipIntegral = plant.wipUnits.mean(T) * T;
  const holdingCost = ((plant.supply.holdingUnitHoursNow() + wipIntegral) / 24) * model.supply.holdingCostPerUnitDay;
  const lateCost = plant.latePenalty + plant.openLatePenalty();
  const escapeCost = plant.escaped * model.rework.escapeCostPerUnit;
  const overheadCost = cells.length * T * model.cnc.overheadPerCellHour;
  const systemsCost = systemsCostPerHour * T;
  const cost =
    overheadCost +
    systemsCost +
    energyCost +
    labourHours * model.shifts.operatorWagePerHour +
    plant.materialCost +
    plant.reworkCost +
    plant.toolCost +
    plant.partsCost +
    holdingCost +
    lateCost +
    escapeCost;
  let dueOrders = plant.completedOrders;
  for (const o of plant.orders.open) if (o.due <= T) dueOrders++;
  return {
    time: T,
    good: plant.goodOut,
    run: cells.map((c) => plant.cnc.runHoursNow(c)),
    ideal: cells.map((c) => plant.cnc.idealHoursNow(c)),
    goodIdeal: cells.map((c) => plant.cnc.goodIdealHoursNow(c)),
    occupied: cells.reduce((s, c) => s + plant.cnc.occupiedHoursNow(c), 0),
    labourHours,
    kwh,
    idealKwh: plant.shippedIdealKwh,
    cost,
    systemsCost,
    setupHours: plant.setupHours,
    downHours: cells.reduce((s, c) => s + c.downHours, 0),
    wipIntegral,
    unitsMachined: plant.unitsMachined,
    scrapped: plant.scrapped,
    defects: plant.scrapped + plant.reworked + plant.escaped,
    failures: cells.reduce((s, c) => s + c.failures, 0),
    repairHours: cells.reduce((s, c) => s + c.repairHours, 0),
    stockoutHours: plant.stockoutHoursNow(),
    completedOrders: plant.completedOrders,
    onTimeOrders: plant.onTimeOrders,
    dueOrders,
    leadTimeSum: plant.leadTimeSum,
  };
}

/**
 * KPIs over the measured period: from `since` (the totals at the end of the warm-up; from time 0 when absent) to now.
 * Learning curves, their first and last weeks and the development cycle are read over the whole run (they describe the
 * run's course, not a steady state).
 */
export function computeKpis(plant: MachiningPlant, curves: Curves, systemsCostPerHour = 0, since?: MachiningTotals): Record<string, number> {
  const now = machiningTotals(plant, systemsCostPerHour);
  const d = <K extends keyof MachiningTotals>(key: K): number => (now[key] as number) - (since ? (since[key] as number) : 0);
  const cellD = (key: 'run' | 'ideal' | 'goodIdeal', i: number) => now[key][i]! - (since ? since[key][i]! : 0);
  const T = now.time;
  const cells = plant.cells;
  const hours = Math.max(d('time'), 1e-9);
  const good = d('good');
  const runOf = cells.map((_c, i) => cellD('run', i));
  const idealOf = cells.map((_c, i) => cellD('ideal', i));
  const goodIdealOf = cells.map((_c, i) => cellD('goodIdeal', i));
  const run = runOf.reduce((s, x) => s + x, 0);
  const ideal = idealOf.reduce((s, x) => s + x, 0);
  const goodIdeal = goodIdealOf.reduce((s, x) => s + x, 0);
  const planned = cells.length * hours;
  const availability = run / planned;
  const performance = run > 0 ? ideal / run : 0;
  const quality = ideal > 0 ? goodIdeal / ideal : 0;
  const kwh = d('kwh');
  const cost = d('cost');
  const systemsCost = d('systemsCost');
  const machined = d('unitsMachined');
  const failures = d('failures');
  const completed = d('completedOrders');
  const dueOrders = d('dueOrders');

  // Development cycle: variants still in development at the end count with the time so far (a lower bound).
  const cycles = [...plant.npi.developmentCycles];
  for (const [product, released] of plant.npi.releaseTime) if (!plant.npi.developed[product]) cycles.push(T - released);
  const developmentCycle = cycles.length > 0 ? cycles.reduce((a, b) => a + b, 0) / cycles.length : NaN;

  const week = 7 * 24;
  const kpis: Record<string, number> = {
    efficiency: good / hours,
    efficiencyPerLabourHour: good / d('labourHours'),
    efficiencyPerMachineHour: d('occupied') > 0 ? good / d('occupied') : NaN,
    throughput: (good / hours) * 24,
    oee: 100 * availability * performance * quality,
    availability: 100 * availability,
    performance: 100 * performance,
    quality: 100 * quality,
    utilization: 100 * availability,
    setupShare: (100 * d('setupHours')) / planned,
    downShare: (100 * d('downHours')) / planned,
    wip: d('wipIntegral') / hours,
    leadTime: completed > 0 ? d('leadTimeSum') / completed : NaN,
    onTimeDelivery: dueOrders > 0 ? (100 * d('onTimeOrders')) / dueOrders : NaN,
    energyPerGoodUnit: good > 0 ? kwh / good : NaN,
    energyUtilization: kwh > 0 ? (100 * d('idealKwh')) / kwh : 0,
    operatingCost: good > 0 ? cost / good : NaN,
    systemsCost: good > 0 ? systemsCost / good : NaN,
    defectRate: machined > 0 ? (100 * d('defects')) / machined : 0,
    scrapRate: machined > 0 ? (100 * d('scrapped')) / machined : 0,
    developmentCycle,
    mtbf: run / Math.max(failures, 1),
    mttr: failures > 0 ? d('repairHours') / failures : 0,
    failures,
    stockoutHours: d('stockoutHours'),
    learnDispatchFirstWeek: 100 * windowMean(curves.dispatching, 0, week),
    learnDispatchLastWeek: 100 * windowMean(curves.dispatching, T - week, T),
    learnQualityFirstWeek: windowMean(curves.quality, 0, week),
    learnQualityLastWeek: windowMean(curves.quality, T - week, T),
    learnMaintenanceFirstWeek: windowMean(curves.maintenance, 0, week),
    learnMaintenanceLastWeek: windowMean(curves.maintenance, T - week, T),
    learnEnergyFirstWeek: windowMean(curves.energy, 0, week),
    learnEnergyLastWeek: windowMean(curves.energy, T - week, T),
    learnSupplyFirstWeek: windowMean(curves.supply, 0, week),
    learnSupplyLastWeek: windowMean(curves.supply, T - week, T),
    npiTrialsFirstVariant: curves.newProducts[0]?.value ?? NaN,
    npiTrialsLastVariant: curves.newProducts.at(-1)?.value ?? NaN,
  };
  cells.forEach((_cell, i) => {
    const a = (runOf[i]! / planned) * cells.length;
    const p = runOf[i]! > 0 ? idealOf[i]! / runOf[i]! : 0;
    const q = idealOf[i]! > 0 ? goodIdealOf[i]! / idealOf[i]! : 0;
    kpis[`oeeCnc${i + 1}`] = 100 * a * p * q;
    kpis[`availabilityCnc${i + 1}`] = 100 * a;
    kpis[`performanceCnc${i + 1}`] = 100 * p;
    kpis[`qualityCnc${i + 1}`] = 100 * q;
  });
  return kpis;
}

/** The runnable form of a machining model (registered in src/core/models.ts). */
export function machiningRunnable(model: MachiningModel): RunnableModel {
  return {
    name: model.name,
    timeUnit: 'hour',
    unitsPerDay: 24,
    defaultDays: model.defaultDays,
    ...(model.warmupDays > 0 ? { measurementStart: model.warmupDays * 24 } : {}),
    levels: ['L1', 'L2', 'L3'],
    capabilities: [...MACHINING_CAPABILITIES],
    kpis: machiningKpis(model.cnc.cells),
    start: ({ seed, capabilities }) => startMachining(model, seed, capabilities),
    notes: machiningNotes,
    tuning: MACHINING_TUNING,
  };
}
