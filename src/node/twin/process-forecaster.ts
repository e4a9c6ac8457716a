/**
 * End-of-shift forecasts of the petrochemical plant's good output: at each mid-shift, the on-spec B (t) the product
 * tank will have received in the shift, as what the stream has counted since the shift began (the product tank's
 * `Queue`, tonnes of on-spec B since measuring began) plus the remainder K forks of the model make from now to the
 * shift end (`process-forks.ts`: common random numbers, each fork handed the twin's state now, with the learned
 * parameters as overrides and the learned catalyst activity and fouling now when `learn`). The 95 %
 * interval is the normal prediction interval mean +- t(K-1) sd sqrt(1 + 1/K), floored at what is already counted;
 * `realised` is filled at the first report at or after the shift end.
 */
import type { Level } from '../../core/experiment/levels.ts';
import { Welford } from '../../core/twin/estimators.ts';
import { disposeForks, learnedOverrides, onSpecAt, plantRtoActivity, processSnapshot, startForks, synchroniseAt, type ProcessFork } from './process-forks.ts';
import type { Forecast, Twin, TwinObserver } from './twin.ts';

export interface ProcessForecasterOptions {
  replications: number;
  learn: boolean;
  seedBase?: number;
}

export class ProcessForecaster implements TwinObserver {
  readonly options: ProcessForecasterOptions;
  private readonly list: Forecast[] = [];
  private readonly shiftHours: number;
  private forks: ProcessFork[] = [];
  private forkKey = '';
  private nextMid = NaN;
  private lastIndex = NaN;
  private readonly shiftStart = new Map<number, number>();
  private pending: { forecast: Forecast; start: number }[] = [];

  constructor(twin: Twin, options: ProcessForecasterOptions) {
    this.options = options;
    this.shiftHours = (twin.modelJson as { decisions?: { shiftHours?: number } }).decisions?.shiftHours ?? 8;
  }

  forecasts(): Forecast[] {
    return this.list;
  }

  afterMessage(twin: Twin): void {
    const sync = twin.sync;
    const tank = sync.units.get('product-tank');
    if (!tank || sync.stale || !Number.isFinite(tank.queue)) return;
    const count = tank.queue;
    const shift = (this.shiftHours * sync.unitsPerDay) / 24;
    const t = sync.time;
    const index = Math.floor(t / shift + 1e-9);
    // A shift's starting count: its first report when the twin saw the shift before (one-minute slices) or within
    // two minutes of its start.
    if (!this.shiftStart.has(index) && (this.lastIndex === index - 1 || t - index * shift <= (2 / 60) * (sync.unitsPerDay / 24)))
      this.shiftStart.set(index, count);
    this.lastIndex = index;
    this.pending = this.pending.filter(({ forecast, start }) => {
      if (t < forecast.until - 1e-9) return true;
      forecast.realised = count - start;
      return false;
    });
    if (Number.isNaN(this.nextMid)) this.nextMid = (index + 0.5) * shift;
    if (t < this.nextMid - 1e-9) return;
    const shiftIndex = Math.floor(this.nextMid / shift + 1e-9);
    this.nextMid = (Math.floor(t / shift + 1e-9) + 1.5) * shift;
    const start = this.shiftStart.get(shiftIndex);
    if (start === undefined) return;
    const until = (shiftIndex + 1) * shift;
    const forecast = this.forecast(twin, t, until, count - start, String(sync.node['Plant/Level'] ?? 'L1') as Level);
    this.list.push(forecast);
    this.pending.push({ forecast, start });
  }

  private forecast(twin: Twin, now: number, until: number, soFar: number, level: Level): Forecast {
    const overrides = this.options.learn ? learnedOverrides(twin) : {};
    const key = JSON.stringify(overrides);
    // Forks go on from one forecast to the next while the overrides hold; new overrides restart them from 0.
    if (key !== this.forkKey || this.forks.length === 0) {
      disposeForks(this.forks);
      this.forks = startForks(twin, level, overrides, this.options.replications, this.options.seedBase);
      this.forkKey = key;
    }
    const remainders = new Welford();
    const snapshot = processSnapshot(twin, this.options.learn, overrides);
    for (const fork of this.forks) {
      synchroniseAt(fork, now, snapshot, plantRtoActivity(twin));
      const before = onSpecAt(fork, now);
      remainders.push(onSpecAt(fork, until) - before);
    }
    const half = remainders.predictionHalfWidth95();
    const mean = soFar + remainders.mean;
    return { at: now, until, kpi: 'shiftOnSpecB', mean, ci95: [Math.max(soFar, mean - half), mean + half], realised: null };
  }

  dispose(): void {
    disposeForks(this.forks);
    this.forks = [];
  }
}
