import { bufferTime, delay, interval, sampleTime, take, throttleTime } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { simScheduler } from '../../src/core/kernel/rx-scheduler.ts';
import { Simulation } from '../../src/core/kernel/simulation.ts';

/** A simulation with a channel `part` fed at the given times. */
function feed(times: number[]) {
  const sim = new Simulation();
  const part = sim.channel<number>('part');
  times.forEach((t, i) => sim.scheduleAt(t, part, i));
  return { sim, part, scheduler: simScheduler(sim) };
}

describe('SimScheduler: RxJS time operators in simulated time', () => {
  it('now() is the simulation clock', () => {
    const { sim, scheduler } = feed([4]);
    expect(scheduler.now()).toBe(0);
    sim.run();
    expect(scheduler.now()).toBe(4);
  });

  it('delay shifts events by simulated time, interleaved with model events', () => {
    const { sim, part, scheduler } = feed([1, 2, 10]);
    const seen: [number, number][] = [];
    part.events$.pipe(delay(5, scheduler)).subscribe((n) => seen.push([n, sim.now]));
    sim.run();
    expect(seen).toEqual([
      [0, 6],
      [1, 7],
      [2, 15],
    ]);
  });

  it('bufferTime groups events into windows of simulated time', () => {
    const { sim, part, scheduler } = feed([1, 2, 11, 12, 13, 25]);
    const windows: number[][] = [];
    const subscription = part.events$.pipe(bufferTime(10, scheduler)).subscribe((w) => windows.push(w));
    sim.runUntil(30);
    subscription.unsubscribe();
    expect(windows).toEqual([[0, 1], [2, 3, 4], [5]]);
    // after unsubscribing, no rx work is left in the queue
    sim.run();
    expect(sim.pendingCount).toBe(0);
  });

  it('throttleTime lets one event through per simulated window', () => {
    const { sim, part, scheduler } = feed([0, 1, 2, 6, 7, 12]);
    const passed: number[] = [];
    part.events$.pipe(throttleTime(5, scheduler)).subscribe((n) => passed.push(n));
    sim.run();
    expect(passed).toEqual([0, 3, 5]);
  });

  it('sampleTime reads the latest value every period', () => {
    const { sim, part, scheduler } = feed([1, 3, 4, 9, 15]);
    const samples: [number, number][] = [];
    const subscription = part.events$.pipe(sampleTime(5, scheduler)).subscribe((n) => samples.push([n, sim.now]));
    sim.runUntil(20);
    subscription.unsubscribe();
    expect(samples).toEqual([
      [2, 5],
      [3, 10],
      [4, 15],
    ]);
  });

  it('interval ticks on the simulated clock with no wall-clock wait', () => {
    const sim = new Simulation();
    const ticks: number[] = [];
    interval(60, simScheduler(sim))
      .pipe(take(3))
      .subscribe(() => ticks.push(sim.now));
    sim.run();
    expect(ticks).toEqual([60, 120, 180]);
  });
});
