/**
 * End-of-shift forecasts from forks of the model. At each mid-shift the twin predicts the shift's good output as what
 * the stream has already counted this shift plus a simulated remainder: K replications of the model (their own seeds,
 * the plant's level, the learned parameters applied as `--set` overrides) advanced alongside the plant, each one's
 * output between now and the shift end. At the forecast instant each fork, advanced to the plant's time, takes the
 * twin's synchronised state (`ModelRun.synchronise`, see machining/synchronise.ts for what the 3C plant copies: each
 * cell's age since renewal with its remaining life redrawn conditional on it, tool wear, down and maintenance), so
 * the remainder is conditional on the plant's state where the stream tells it. Not copied: lots, queues and the
 * release pool (the forks keep their own), a cell the fork has down that the plant has up. The lots matter most (the
 * pipeline of housings machined and not yet packed explains about two thirds of a half-shift's output), and the stream
 * counts them, so the forecast reads the forks at the plant's pipeline: the forks' remainders are regressed on their
 * own pipelines (the slope pooled within forecasts, `PooledRegression`) and their mean moved to the plant's, with the
 * regression's prediction interval (docs/twin.md). At the same instants the same forks, advanced on to now + 24 h,
 * forecast the next 24 h's good output (`kpi: "dayOutput"`, realised from the stream's count 24 h on), read at the
 * plant's pipeline the same way with a regression of its own: a horizon past the pipeline's ~13 h lead time, so that
 * the cells' reliability, and what the twin learns of it, can enter the forecast (docs/twin.md measures how much it
 * does). The petrochemical plant has its own forecaster with its own hand-over (process-forecaster.ts,
 * process/synchronise.ts). Each forecast starts its forks afresh from time 0 (with the learned overrides of that
 * moment), so no fork carries an earlier hand-over. Deterministic per seed: the hand-over draws nothing beyond the
 * forks' own named streams.
 */
import { applyParameters, type ParameterOverrides } from '../../core/experiment/parameters.ts';
import { presetLevels, type Level } from '../../core/experiment/levels.ts';
import { runnable } from '../../core/models.ts';
import { type ModelRun } from '../../core/experiment/runnable.ts';
import type { AnyModel } from '../../core/model/load.ts';
import { PooledRegression, Welford } from '../../core/twin/estimators.ts';
import type { PlantSnapshot } from '../../core/runtime/synchronise.ts';
import { learnedLifeOverrides } from './learner.ts';
import type { Synchroniser } from './synchroniser.ts';
import type { Forecast, Twin, TwinObserver } from './twin.ts';

export interface ForecasterOptions {
  replications: number;
  /** Apply the learned parameters (discrepancies of parameters shared by a whole family or one unit). */
  learn: boolean;
  /** First seed of the forks (far from the plant's usual seeds). */
  seedBase?: number;
  /** Move the forks' mean to the plant's observed pipeline (default true; see the header). */
  pipeline?: boolean;
  /**
   * Overrides to run the forks at in place of the learned ones (with `learn`): the benchmark's `--oracle` hands the
   * plant's true reality, the ceiling of what learning could give the forecasts.
   */
  overrides?: ParameterOverrides;
  /**
   * Past this many failures a learned life scale is the point estimate, not the interval's end nearest the model (as
   * the actor does, actor.ts); default 10, as the actor's (Infinity: always the interval's end). The benchmark's
   * `--point-estimate N`.
   */
  pointEstimateFailures?: number;
  /**
   * Where the cells' own life estimates agree with the family's pooled one (each cell's interval holds the pooled
   * point estimate) and the pooled one contradicts the model, the forks take the pooled scale for every cell instead
   * of per-cell scales (default true; false: per-cell first, the benchmark's `--per-cell-lives`). Per-cell-first
   * learning spreads the evidence over six cells, each at its interval's end nearest the model, and kept the forks'
   * day-ahead output within a sixth of the change the data demand (docs/twin.md).
   */
  pooledLives?: boolean;
  /** Also forecast the next 24 h's good output at each mid-shift (`kpi: "dayOutput"`; default true). */
  dayAhead?: boolean;
}

/** The day-ahead forecast's horizon, hours. */
export const DAY_AHEAD_HOURS = 24;

interface Fork {
  run: ModelRun;
  completed: Float64Array;
  states: Uint8Array;
  queues: Float32Array;
  utilization: Float32Array;
  outputUnit: number;
  /** The CNC cells' indices in the view. */
  cells: number[];
}

/** Residual degrees of freedom the pooled slope needs before the forecasts use it (two forecasts of 4 forks, say). */
const MIN_REGRESSION_DF = 5;

/** A fork's pipeline: housings its CNC cells have machined that packing has not yet packed. */
function pipeline(fork: Fork): number {
  let machined = 0;
  for (const i of fork.cells) machined += fork.completed[i]!;
  return machined - fork.completed[fork.outputUnit]!;
}

/** The plant's pipeline from the stream's counters (undefined where the stream has no CNC cell or no packing). */
export function plantPipeline(sync: Synchroniser): number | undefined {
  const packing = sync.units.get('packing');
  const cells = [...sync.units.values()].filter((u) => u.kind === 'cnc');
  if (!packing || cells.length === 0) return undefined;
  return cells.reduce((sum, u) => sum + u.produced, 0) - packing.produced;
}

/** Forks of the model advanced in step; each reads its good-output counter (the 3C plant's packing unit). */
export class Forecaster implements TwinObserver {
  readonly options: ForecasterOptions;
  private readonly twin: Twin;
  private readonly list: Forecast[] = [];
  private forks: Fork[] = [];
  private readonly shiftHours: number;
  private nextMid = NaN;
  private pending: { forecast: Forecast; start: number }[] = [];
  /** The shift-output forecasts alone (the app's chart draws these; `forecasts()` holds every kpi). */
  private readonly shiftList: Forecast[] = [];
  /** Output counter at each shift start (plant). */
  private shiftStartCount = new Map<number, number>();
  private lastIndex = NaN;
  /** The forks' remainder against their pipeline at the forecast instant, pooled over forecasts. */
  private readonly regression = new PooledRegression();
  /** The same for the forks' output over the next 24 h. */
  private readonly dayRegression = new PooledRegression();

  constructor(twin: Twin, options: ForecasterOptions) {
    this.twin = twin;
    this.options = options;
    const model = twin.modelJson as { shifts?: { hoursPerShift?: number }; decisions?: { shiftHours?: number } };
    this.shiftHours = model.shifts?.hoursPerShift ?? model.decisions?.shiftHours ?? 12;
  }

  /** Every forecast in the order made: at each mid-shift the shift's output, then (with `dayAhead`) the next 24 h's. */
  forecasts(): Forecast[] {
    return this.list;
  }

  /** The shift-output forecasts alone, in the order made (the same objects; realised in that order). */
  shiftForecasts(): readonly Forecast[] {
    return this.shiftList;
  }

  /** Output over a remainder per housing more in the pipeline, pooled over the forecasts so far (NaN before any). */
  pipelineSlope(): number {
    return this.regression.slope;
  }

  /** The learned overrides: parameters whose interval excludes the model's value, where one value serves the family. */
  overrides(): ParameterOverrides {
    if (!this.options.learn) return {};
    return this.options.overrides ?? learnedOverrides(this.twin, this.options.pointEstimateFailures ?? 10, this.options.pooledLives ?? true);
  }

  private output(): number | undefined {
    return this.twin.sync.units.get('packing')?.produced;
  }

  afterMessage(twin: Twin): void {
    const sync = twin.sync;
    const count = this.output();
    if (count === undefined || sync.stale) return;
    const perHour = sync.unitsPerDay / 24;
    const shift = this.shiftHours * perHour;
    const index = Math.floor(sync.time / shift + 1e-9);
    // The shift's starting count: its first report, when the twin also saw the shift before (paced, a slice can be
    // a fraction of an hour: the count then includes that much of the new shift) or it comes within two minutes.
    if (!this.shiftStartCount.has(index) && (this.lastIndex === index - 1 || sync.time - index * shift <= (2 / 60) * perHour))
      this.shiftStartCount.set(index, count);
    this.lastIndex = index;
    // Realised: the first report at or after a forecast's shift end.
    this.pending = this.pending.filter(({ forecast, start }) => {
      if (sync.time < forecast.until) return true;
      forecast.realised = count - start;
      return false;
    });
    if (Number.isNaN(this.nextMid)) this.nextMid = (index + 0.5) * shift;
    if (sync.time < this.nextMid) return;
    const shiftIndex = Math.floor(this.nextMid / shift);
    const start = this.shiftStartCount.get(shiftIndex);
    this.nextMid = (Math.floor(sync.time / shift + 1e-9) + 1.5) * shift;
    if (start === undefined) return; // the twin did not see this shift start
    const until = (shiftIndex + 1) * shift;
    const dayUntil = this.options.dayAhead === false ? undefined : sync.time + DAY_AHEAD_HOURS * perHour;
    const made = this.forecast(sync.time, until, count - start, String(sync.node['Plant/Level'] ?? 'L1') as Level, dayUntil);
    this.list.push(made.shift);
    this.shiftList.push(made.shift);
    this.pending.push({ forecast: made.shift, start });
    if (made.day) {
      this.list.push(made.day);
      this.pending.push({ forecast: made.day, start: count });
    }
  }

  /**
   * The shift's output (counted so far plus the forks' remainder to `until`) and, where `dayUntil` is given, the output
   * from now to `dayUntil` (the same forks advanced on past the shift end), each read at the plant's pipeline.
   */
  private forecast(now: number, until: number, soFar: number, level: Level, dayUntil?: number): { shift: Forecast; day?: Forecast } {
    this.startForks(level);
    const snapshot = snapshotOf(this.twin.sync);
    const wips: number[] = [];
    const remainders: number[] = [];
    const days: number[] = [];
    for (const fork of this.forks) {
      this.advance(fork, now);
      const before = fork.completed[fork.outputUnit]!;
      wips.push(pipeline(fork));
      fork.run.synchronise?.(snapshot);
      this.advance(fork, until);
      remainders.push(fork.completed[fork.outputUnit]! - before);
      if (dayUntil === undefined) continue;
      this.advance(fork, dayUntil);
      days.push(fork.completed[fork.outputUnit]! - before);
    }
    const plantWip = plantPipeline(this.twin.sync);
    const shift = this.readAtPipeline(this.regression, wips, remainders, plantWip);
    const mean = soFar + shift.mean;
    const made: { shift: Forecast; day?: Forecast } = {
      shift: { at: now, until, kpi: 'shiftOutput', mean, ci95: [Math.max(soFar, mean - shift.half), mean + shift.half], realised: null },
    };
    if (dayUntil !== undefined) {
      const day = this.readAtPipeline(this.dayRegression, wips, days, plantWip);
      made.day = { at: now, until: dayUntil, kpi: 'dayOutput', mean: day.mean, ci95: [Math.max(0, day.mean - day.half), day.mean + day.half], realised: null };
    }
    return made;
  }

  /**
   * The forks' mean output from now and its prediction half-width, read at the plant's pipeline: a control variate, the
   * forks' outputs regressed on their own pipelines (slope pooled over the forecasts in `regression`), see the header.
   */
  private readAtPipeline(
    regression: PooledRegression,
    wips: readonly number[],
    outputs: readonly number[],
    plantWip: number | undefined,
  ): { mean: number; half: number } {
    const plain = new Welford();
    for (const y of outputs) plain.push(y);
    regression.pushGroup(wips, outputs);
    let mean = plain.mean;
    let half = plain.predictionHalfWidth95();
    if (this.options.pipeline !== false && plantWip !== undefined && regression.df >= MIN_REGRESSION_DF && Number.isFinite(regression.slope)) {
      // The line is extrapolated where the plant lies outside the forks' pipelines (measured on a 30-day stream: a
      // plant starved of blanks, or forks whose history drifted, forecast better with it than held to the forks'
      // range), but an output cannot be negative.
      const dx = plantWip - wips.reduce((a, b) => a + b, 0) / wips.length;
      mean = Math.max(0, plain.mean + regression.slope * dx);
      half = regression.predictionHalfWidth95(wips.length, dx);
    }
    return { mean, half };
  }

  private advance(fork: Fork, t: number): void {
    if (t > fork.run.sim.now) fork.run.sim.runUntil(t);
    const view = fork.run.view!();
    view.read(fork.states, fork.queues, fork.utilization, fork.completed);
  }

  /**
   * Starts the forecast's forks afresh from time 0: forks kept from one forecast to the next carried every earlier
   * hand-over (a cell the plant had down failed again in a fork on top of the fork's own failures), and their
   * pipelines drifted from the plant's over weeks (on a 30-day stream the error of forks never restarted grew to twice
   * that of fresh ones). Cost: each forecast runs K forks from 0 to now.
   */
  private startForks(level: Level): void {
    for (const f of this.forks) f.run.sim.dispose();
    const overrides = this.overrides();
    const file = applyParameters(withCellOverrides(this.twin.modelJson), overrides, 'twin');
    const model = runnable(file);
    const base = this.options.seedBase ?? 1_000_000;
    this.forks = [];
    for (let k = 0; k < this.options.replications; k++) {
      const run = model.start({ seed: base + k, capabilities: presetLevels(model.capabilities, level) });
      const view = run.view!();
      const n = view.units.length;
      const fork: Fork = {
        run,
        completed: new Float64Array(n),
        states: new Uint8Array(n),
        queues: new Float32Array(n),
        utilization: new Float32Array(n),
        outputUnit: view.units.findIndex((u) => u.id === 'packing'),
        cells: view.units.flatMap((u, i) => (u.kind === 'cnc' ? [i] : [])),
      };
      this.forks.push(fork);
    }
  }
}

/**
 * The learned parameters as `--set` overrides: failure parameters of a family or a unit whose interval excludes the
 * model's value (3C: per-cell scales, and the shared one only where the cells not flagged still contradict it; the
 * petrochemical feed pump's), never the repair times (the stream's include waiting for an operator).
 */
export function learnedOverrides(twin: Twin, pointEstimateFailures = Infinity, pooledLives = false): Record<string, number> {
  const estimates = twin.estimates();
  let out: Record<string, number> = learnedLifeOverrides(twin.sync, twin.modelJson, estimates);
  const pooled = estimates.find((e) => e.unit === 'cnc' && e.parameter === 'cnc.health.weibullScaleHours');
  const cells = estimates.filter((e) => e.parameter === `cnc.health.cellWeibullScaleHours.${e.unit}`);
  if (pooledLives && pooled?.differs && cells.every((e) => e.ci95[0] <= pooled.observed && pooled.observed <= e.ci95[1])) {
    const nearest = pooled.ci95[1] < pooled.model ? pooled.ci95[1] : pooled.ci95[0];
    out = { 'cnc.health.weibullScaleHours': pooled.n >= pointEstimateFailures ? pooled.observed : nearest };
  }
  // A life scale learned from enough failures: the point estimate (the cell's own, or the family's pooled one where no
  // cell has its own: the learned shared scale pools only the cells not flagged one by one, the estimate every cell).
  const ownScales = Object.keys(out).some((k) => k.startsWith('cnc.health.cellWeibullScaleHours.'));
  for (const e of estimates) {
    if (e.unit === 'cnc' && ownScales) continue;
    const path = e.unit === 'cnc' ? 'cnc.health.weibullScaleHours' : `cnc.health.cellWeibullScaleHours.${e.unit}`;
    if (e.differs && e.parameter === path && out[path] !== undefined && e.n >= pointEstimateFailures) out[path] = e.observed;
  }
  for (const e of estimates) if (e.differs && e.unit === 'feed-pump' && !e.parameter.endsWith('mttrHours')) out[e.parameter] = e.observed;
  return out;
}

/** The model file with an empty per-cell override record where a 3C model has none, so a per-cell path can be set. */
export function withCellOverrides(modelJson: unknown): AnyModel {
  const model = modelJson as { cnc?: { health?: Record<string, unknown> } };
  if (!model.cnc?.health || model.cnc.health.cellWeibullScaleHours !== undefined) return modelJson as AnyModel;
  return { ...model, cnc: { ...model.cnc, health: { ...model.cnc.health, cellWeibullScaleHours: {} } } } as unknown as AnyModel;
}

/** What the twin knows of each unit now, for a fork's hand-over (`ModelRun.synchronise`). */
export function snapshotOf(sync: Synchroniser): PlantSnapshot {
  return {
    units: [...sync.units.values()].map((u) => ({
      id: u.id,
      state: u.state,
      ...(u.ageKnown ? { age: u.age } : {}),
      ...(Number.isNaN(u.failedAt) ? {} : { downFor: Math.max(0, sync.time - u.failedAt) }),
      ...(Number.isFinite(u.wear) ? { wear: u.wear } : {}),
    })),
  };
}
