/**
 * The 3C forecasts' pipeline adjustment (the forks' mean moved to the plant's observed pipeline of housings machined
 * but not yet packed) and the benchmark's paired comparison of forecast errors, learning on against off.
 */
import { describe, expect, it } from 'vitest';
import { runnable } from '../../src/core/models.ts';
import { loadModelFile } from '../../src/node/model-file.ts';
import { pairedErrors } from '../../src/node/twin/forecast-errors.ts';
import { Forecaster, learnedOverrides, plantPipeline } from '../../src/node/twin/forecaster.ts';
import { readRecording } from '../../src/node/twin/stream.ts';
import { Twin, unitIdsOf, type Forecast } from '../../src/node/twin/twin.ts';

const FILE = 'factory-models/3c-machining.json';
const RECORDING = 'data/recordings/3c-machining-L1-seed3-2d-weibullScale30.jsonl.gz';
const json = loadModelFile(FILE);

function forecasts(pipeline: boolean): { list: Forecast[]; pipelines: number[]; slope: number } {
  const model = runnable(json);
  const twin = new Twin(model, json, '3c-machining', unitIdsOf(model));
  const forecaster = new Forecaster(twin, { replications: 4, learn: false, pipeline });
  twin.observers.push(forecaster);
  const pipelines: number[] = [];
  for (const m of readRecording(RECORDING)) {
    const before = forecaster.forecasts().length;
    twin.receive(m);
    if (forecaster.forecasts().length > before) pipelines.push(plantPipeline(twin.sync)!);
  }
  return { list: forecaster.forecasts(), pipelines, slope: forecaster.pipelineSlope() };
}

describe('3C forecasts read at the plant pipeline', () => {
  it("moves the forks' mean once the pooled slope has enough degrees of freedom, towards more output for a fuller pipeline", () => {
    const on = forecasts(true);
    const off = forecasts(false);
    expect(on.list.length).toBeGreaterThanOrEqual(3);
    expect(on.list.map((f) => [f.at, f.until, f.realised])).toEqual(off.list.map((f) => [f.at, f.until, f.realised]));
    // 4 forks a forecast: residual degrees of freedom 2 after one forecast, 5 after two; the first is not moved.
    expect(on.list[0]!.mean).toBe(off.list[0]!.mean);
    const moved = on.list.slice(2).filter((f, i) => f.mean !== off.list[i + 2]!.mean);
    expect(moved.length).toBeGreaterThan(0);
    // A fuller pipeline packs more before the shift ends, in the forks as in the plant (about 0.6 a housing).
    expect(on.slope).toBeGreaterThan(0.2);
    expect(on.slope).toBeLessThan(1);
    // The stream's pipeline is a count the plant has: positive, and whole.
    for (const p of on.pipelines) expect(p > 0 && Number.isInteger(p)).toBe(true);
  });
});

describe('3C forecasts from fresh forks', () => {
  it('a forecast does not depend on the hand-overs of earlier forecasts: a forecaster that joins late forecasts the same', () => {
    const model = runnable(json);
    const twin = new Twin(model, json, '3c-machining', unitIdsOf(model));
    // Plain means (no pipeline adjustment: its slope is pooled over the forecasts each forecaster has made); learning
    // off, so nothing else would restart the forks.
    const early = new Forecaster(twin, { replications: 3, learn: false, pipeline: false });
    twin.observers.push(early);
    let late: Forecaster | undefined;
    for (const m of readRecording(RECORDING)) {
      // Joins in the second shift's last minutes (before its mid-shift at 18 h is past: it sees the shift start at 24 h).
      if (!late && twin.sync.time >= 23.9) twin.observers.push((late = new Forecaster(twin, { replications: 3, learn: false, pipeline: false })));
      twin.receive(m);
    }
    const first = late!.forecasts()[0]!;
    expect(first.at).toBeGreaterThan(24);
    const same = early.forecasts().find((f) => f.at === first.at)!;
    // The early forecaster has handed its forks the state at 6 h and 18 h before; fresh forks forget it.
    expect(same).toEqual(first);
  });
});

describe('3C day-ahead forecasts (the next 24 h from each mid-shift)', () => {
  /** A forecaster whose forks run at a given shared Weibull scale, as if it had learned it. */
  class ScaledForecaster extends Forecaster {
    constructor(
      twin: Twin,
      private readonly scale: number | undefined,
    ) {
      super(twin, { replications: 4, learn: false });
    }
    override overrides(): Record<string, number> {
      return this.scale === undefined ? {} : { 'cnc.health.weibullScaleHours': this.scale };
    }
  }
  function replay(scale: number | undefined): { list: Forecast[]; counts: [number, number][] } {
    const model = runnable(json);
    const twin = new Twin(model, json, '3c-machining', unitIdsOf(model));
    const forecaster = new ScaledForecaster(twin, scale);
    twin.observers.push(forecaster);
    // The stream's own good-output counter after each message, to check `realised` against.
    const counts: [number, number][] = [];
    for (const m of readRecording(RECORDING)) {
      twin.receive(m);
      const packed = twin.sync.units.get('packing')?.produced;
      if (packed !== undefined && !twin.sync.stale) counts.push([twin.sync.time, packed]);
    }
    return { list: forecaster.forecasts(), counts };
  }
  const model = replay(undefined);

  it("realises what the stream counted from the forecast's instant to 24 h later", () => {
    const days = model.list.filter((f) => f.kpi === 'dayOutput');
    const shifts = model.list.filter((f) => f.kpi === 'shiftOutput');
    expect(days.map((f) => f.at)).toEqual(shifts.map((f) => f.at));
    const countAt = (t: number) => model.counts.find(([time]) => time >= t)?.[1];
    const realised = days.filter((f) => f.realised !== null);
    expect(realised.length).toBe(2);
    for (const f of days) {
      expect(f.until - f.at).toBeCloseTo(24, 9);
      const end = countAt(f.until);
      expect(f.realised).toBe(end === undefined ? null : end - countAt(f.at)!);
      expect(f.ci95[0]).toBeLessThanOrEqual(f.mean);
      expect(f.ci95[1]).toBeGreaterThan(f.mean);
      expect(f.ci95[0]).toBeGreaterThanOrEqual(0);
    }
    // A day packs more than the half-shift left of the shift it starts in.
    for (let i = 0; i < days.length; i++) expect(days[i]!.mean).toBeGreaterThan(shifts[i]!.mean);
  });

  it("cells that fail sooner in the forks (a learned Weibull scale of 30 h against the file's 110 h) lower every day-ahead mean", () => {
    const learned = replay(30);
    const day = (r: { list: Forecast[] }) => r.list.filter((f) => f.kpi === 'dayOutput');
    expect(day(learned).map((f) => f.at)).toEqual(day(model).map((f) => f.at));
    day(learned).forEach((f, i) => expect(f.mean).toBeLessThan(day(model)[i]!.mean));
    // The realised values are the stream's, whatever the forks assume.
    expect(day(learned).map((f) => f.realised)).toEqual(day(model).map((f) => f.realised));
  });
});

describe('learned life scales for the forks', () => {
  it("take the interval's end nearest the model, or the point estimate once it rests on enough failures", () => {
    const model = runnable(json);
    const twin = new Twin(model, json, '3c-machining', unitIdsOf(model));
    for (const m of readRecording(RECORDING)) twin.receive(m);
    // The recording's cells wear out at a scale of 30 h against the file's 110 h: cells flagged one by one, each
    // interval below 110.
    const cells = twin.estimates().filter((e) => e.differs && e.parameter === `cnc.health.cellWeibullScaleHours.${e.unit}`);
    expect(cells.length).toBeGreaterThan(0);
    const most = Math.max(...cells.map((e) => e.n));
    for (const e of cells) {
      expect(learnedOverrides(twin)[e.parameter]).toBe(e.ci95[1]);
      expect(learnedOverrides(twin, e.n)[e.parameter]).toBe(e.observed);
      expect(learnedOverrides(twin, most + 1)[e.parameter]).toBe(e.ci95[1]);
      expect(e.observed).toBeLessThan(e.ci95[1]);
    }
    // With `pooledLives`: every cell's interval holds the family's pooled estimate, so every cell runs at the pooled
    // scale (its interval's end nearest the model, or its point estimate past enough failures), no cell at its own.
    const pooled = twin.estimates().find((e) => e.unit === 'cnc' && e.parameter === 'cnc.health.weibullScaleHours')!;
    expect(pooled.differs).toBe(true);
    expect(Object.keys(learnedOverrides(twin)).some((k) => k.startsWith('cnc.health.cellWeibullScaleHours.'))).toBe(true);
    expect(learnedOverrides(twin, Infinity, true)).toEqual({ 'cnc.health.weibullScaleHours': pooled.ci95[1] });
    expect(learnedOverrides(twin, pooled.n, true)).toEqual({ 'cnc.health.weibullScaleHours': pooled.observed });
    // The forecaster's defaults: pooled lives where the cells agree, the point estimate past 10 failures (the actor's).
    expect(new Forecaster(twin, { replications: 1, learn: true }).overrides()).toEqual(learnedOverrides(twin, 10, true));
    expect(new Forecaster(twin, { replications: 1, learn: true, pooledLives: false, pointEstimateFailures: Infinity }).overrides()).toEqual(
      learnedOverrides(twin),
    );
  });
});

describe('pairedErrors (learning on less off, per forecast)', () => {
  const f = (at: number, mean: number, realised: number | null): Forecast => ({ at, until: at + 6, kpi: 'shiftOutput', mean, ci95: [0, 0], realised });
  it('pairs forecasts by instant and takes the difference of absolute percentage errors', () => {
    const on = [f(6, 110, 100), f(18, 190, 200), f(30, 300, 250), f(42, 50, null)];
    const off = [f(18, 160, 200), f(6, 80, 100), f(30, 250, 250)];
    const paired = pairedErrors([{ on, off }]);
    // Errors on: 10 %, 5 %, 20 %; off: 20 %, 20 %, 0 %: differences -10, -15, +20 points (the unrealised one is left out).
    expect(paired.n).toBe(3);
    expect(paired.mean).toBeCloseTo(-5 / 3, 12);
    const sd = Math.sqrt(((-10 + 5 / 3) ** 2 + (-15 + 5 / 3) ** 2 + (20 + 5 / 3) ** 2) / 2);
    expect(paired.ci95[1] - paired.mean).toBeCloseTo((4.303 * sd) / Math.sqrt(3), 9);
  });

  it('keeps streams apart: two runs with forecasts at the same instants are each paired within their own run', () => {
    const a = { on: [f(6, 110, 100)], off: [f(6, 100, 100)] };
    const b = { on: [f(6, 300, 300)], off: [f(6, 330, 300)] };
    const paired = pairedErrors([a, b]);
    // +10 points in run a, -10 in run b; pairing across runs would have compared 110 with 330 against 100 or 300.
    expect(paired.n).toBe(2);
    expect(paired.mean).toBe(0);
    expect(paired.runMeans).toEqual([10, -10]);
  });

  it('pairs within a kpi: a forecast of another kpi with the same instant and end is not its pair', () => {
    const day = (g: Forecast): Forecast => ({ ...g, kpi: 'dayOutput' });
    // Learning on has only a day forecast at 6 h, off only a shift one: nothing to pair.
    expect(pairedErrors([{ on: [day(f(6, 110, 100))], off: [f(6, 100, 100)] }]).n).toBe(0);
    // Both kpis in both lists: each paired with its own (+10 points for the shift, -20 for the day).
    const paired = pairedErrors([{ on: [f(6, 110, 100), day(f(6, 100, 100))], off: [day(f(6, 120, 100)), f(6, 100, 100)] }]);
    expect(paired.n).toBe(2);
    expect(paired.mean).toBeCloseTo(-5, 12);
  });
});
