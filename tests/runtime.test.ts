import { describe, expect, it } from 'vitest';
import { Pacer, runForBudget } from '../src/core/runtime/pacer.ts';

describe('Pacer (real-time pacing outside the kernel)', () => {
  it('advances simulated time at `speed` units per wall second', () => {
    let wall = 1000;
    const pacer = new Pacer({ clock: () => wall });
    pacer.setSpeed(60, 0); // one simulated minute per second, model in minutes... i.e. 60 units/s
    expect(pacer.target(0)).toBe(0); // paused
    pacer.start(0);
    wall += 100;
    expect(pacer.target(0)).toBeCloseTo(6, 12);
    wall += 100;
    expect(pacer.target(6)).toBeCloseTo(12, 12);
    pacer.pause();
    wall += 1000;
    expect(pacer.target(12)).toBe(12);
  });

  it('re-anchors instead of accumulating debt when the model cannot keep up', () => {
    let wall = 0;
    const pacer = new Pacer({ clock: () => wall, maxLagMs: 200 });
    pacer.setSpeed(10, 0);
    pacer.start(0);
    wall += 5000; // the host stalled for 5 s
    expect(pacer.target(0)).toBeCloseTo(2, 12); // at most 200 ms of catch-up
    wall += 100;
    expect(pacer.target(2)).toBeCloseTo(3, 12);
  });

  it('changing speed keeps the simulated time continuous', () => {
    let wall = 0;
    const pacer = new Pacer({ clock: () => wall });
    pacer.start(0);
    let sim = 0;
    for (let tick = 0; tick < 10; tick++) {
      wall += 100;
      sim = pacer.target(sim);
    }
    expect(sim).toBeCloseTo(1, 12);
    pacer.setSpeed(100, 1);
    wall += 10;
    expect(pacer.target(1)).toBeCloseTo(2, 12);
    expect(() => pacer.setSpeed(0, 2)).toThrow(/positive/);
  });

  it('runForBudget stops at the wall-time budget or when the work is done', () => {
    let wall = 0;
    let steps = 0;
    runForBudget(
      () => wall,
      10,
      () => {
        steps++;
        wall += 1;
        return true;
      },
    );
    expect(steps).toBe(10);
    steps = 0;
    runForBudget(
      () => wall,
      10,
      () => ++steps < 3,
    );
    expect(steps).toBe(3);
  });
});
