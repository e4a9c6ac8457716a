import { describe, expect, it } from 'vitest';
import { integrate, integrateFixed, rk4Step, Rk4Workspace, type Derivatives } from '../../src/core/kernel/continuous.ts';
import { Simulation } from '../../src/core/kernel/simulation.ts';

const decay: Derivatives = (_t, y, dy) => {
  dy[0] = -y[0]!;
};
// Harmonic oscillator x'' = -x as a first-order system.
const oscillator: Derivatives = (_t, y, dy) => {
  dy[0] = y[1]!;
  dy[1] = -y[0]!;
};

describe('RK4', () => {
  it('integrates exponential decay to 1e-9 with h = 0.01', () => {
    const y = integrateFixed(decay, Float64Array.of(1), 0, 5, 0.01);
    expect(Math.abs(y[0]! - Math.exp(-5))).toBeLessThan(1e-9);
  });

  it('has fourth-order convergence: halving the step divides the error by about 16', () => {
    const error = (h: number) => {
      const y = integrateFixed(oscillator, Float64Array.of(1, 0), 0, 10, h);
      return Math.hypot(y[0]! - Math.cos(10), y[1]! + Math.sin(10));
    };
    const ratio = error(0.1) / error(0.05);
    expect(ratio).toBeGreaterThan(14);
    expect(ratio).toBeLessThan(18);
  });

  it('uses the time argument (non-autonomous systems)', () => {
    // y' = t, y(0) = 0 -> y = t^2 / 2; RK4 is exact for polynomials of degree <= 4 in t.
    const y = Float64Array.of(0);
    rk4Step((t, _y, dy) => (dy[0] = t), 0, y, 2, new Rk4Workspace(1));
    expect(y[0]).toBeCloseTo(2, 12);
  });
});

describe('continuous dynamics on the kernel', () => {
  it('advances the state in fixed steps as events, visible to discrete events at the same instant', () => {
    const sim = new Simulation();
    const state = Float64Array.of(1);
    const process = integrate(sim, { name: 'tank', state, derivatives: decay }, 0.01);
    const readings: number[] = [];
    const read = sim.channel<null>('read', () => readings.push(state[0]!));
    sim.scheduleAt(1, read, null);
    sim.scheduleAt(2, read, null);
    sim.runUntil(2);
    process.stop();
    expect(readings[0]).toBeCloseTo(Math.exp(-1), 8);
    expect(readings[1]).toBeCloseTo(Math.exp(-2), 8);
    sim.runUntil(5);
    expect(state[0]).toBe(readings[1]); // stopped: no further steps
  });

  it('responds to an input changed by a discrete event (zero-order hold) deterministically', () => {
    const run = () => {
      const sim = new Simulation();
      let inflow = 0;
      const state = Float64Array.of(0);
      // Tank level: dh/dt = inflow - 0.5 h
      integrate(sim, { name: 'level', state, derivatives: (_t, y, dy) => (dy[0] = inflow - 0.5 * y[0]!) }, 0.05);
      sim.scheduleAt(
        1,
        sim.channel<number>('valve', (q) => (inflow = q)),
        2,
      );
      sim.runUntil(21);
      return state[0]!;
    };
    const level = run();
    // After 20 time units at inflow 2 the level is within 1e-3 of the steady state 4.
    expect(level).toBeCloseTo(4 * (1 - Math.exp(-0.5 * 20)), 3);
    expect(run()).toBe(level);
  });

  it('reports each completed step on steps$', () => {
    const sim = new Simulation();
    const times: number[] = [];
    const process = integrate(sim, { name: 'x', state: Float64Array.of(0), derivatives: decay }, 0.5);
    process.steps$.subscribe((t) => times.push(t));
    sim.runUntil(2);
    expect(times).toEqual([0.5, 1, 1.5, 2]);
  });
});
