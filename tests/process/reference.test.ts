import { describe, expect, it } from 'vitest';
import { integrate } from '../../src/core/kernel/continuous.ts';
import { Simulation } from '../../src/core/kernel/simulation.ts';
import { runRunawayScenario } from '../../src/core/process/exothermic-cstr.ts';
import {
  CA,
  CB,
  TK,
  TR,
  VDV_NOMINAL,
  VDV_REFERENCE,
  VDV_STEADY_STATE,
  reactorDerivatives,
  scaledSize,
  steadyConcentrations,
  type ReactorInputs,
} from '../../src/core/process/van-de-vusse.ts';

/** Runs the van de Vusse reactor on the kernel's continuous hook from the nominal steady state. */
function runVdv(change: Partial<ReactorInputs>, hours: number, scale = 1, step = 10 / 3600): Float64Array {
  const sim = new Simulation();
  const size = scaledSize(scale);
  const u: ReactorInputs = { ...VDV_NOMINAL, QK: VDV_NOMINAL.QK * scale, kw: VDV_REFERENCE.kw, ...change };
  if (change.QK !== undefined) u.QK = change.QK * scale;
  const s = VDV_STEADY_STATE;
  const cc = steadyConcentrations(VDV_NOMINAL.F, s.T, VDV_NOMINAL.cA0);
  const state = Float64Array.of(s.cA, s.cB, cc.cC, cc.cD, s.T, s.TK);
  const r = { r1: 0, r2: 0, r3: 0 };
  integrate(sim, { name: 'vdv', state, derivatives: (_t, y, dydt) => reactorDerivatives(y, dydt, 0, u, size, r) }, step);
  sim.runUntil(hours);
  return state;
}

function expectWithin(actual: number, expected: number, relative = 0.005): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(relative * Math.abs(expected));
}

describe('van de Vusse CSTR (reference section 1)', () => {
  it('holds the nominal steady state', () => {
    const y = runVdv({}, 2);
    expectWithin(y[CA]!, 2.1402);
    expectWithin(y[CB]!, 1.0903);
    expectWithin(y[TR]!, 114.19);
    expectWithin(y[TK]!, 112.91);
  });

  const steps: [string, Partial<ReactorInputs>, [number, number, number, number]][] = [
    ['F +10 %', { F: VDV_NOMINAL.F * 1.1 }, [2.2442, 1.0899, 114.19, 112.91]],
    ['Q_K 10 % more cooling', { QK: VDV_NOMINAL.QK * 1.1 }, [2.1616, 1.0902, 113.88, 112.47]],
    ['T0 +5 C', { T0: VDV_NOMINAL.T0 + 5 }, [1.7819, 1.0612, 119.64, 118.35]],
    ['cA0 +10 %', { cA0: 5.61 }, [2.1578, 1.1789, 116.48, 115.2]],
  ];
  for (const [label, change, [cA, cB, T, tK]] of steps) {
    it(`step response ${label} at 2 h matches within 0.5 %`, () => {
      const y = runVdv(change, 2);
      expectWithin(y[CA]!, cA);
      expectWithin(y[CB]!, cB);
      expectWithin(y[TR]!, T);
      expectWithin(y[TK]!, tK);
    });
  }

  it('scales to plant size: V_R, kw A_R, m_K and Q_K by one factor leave concentrations and temperatures unchanged', () => {
    const small = runVdv({ T0: VDV_NOMINAL.T0 + 5 }, 1);
    const large = runVdv({ T0: VDV_NOMINAL.T0 + 5 }, 1, 1000);
    for (let i = 0; i < 6; i++) expectWithin(large[i]!, small[i]!, 1e-9);
  });

  it('the closed-form steady state agrees with the reference and its production rate', () => {
    const ss = steadyConcentrations(VDV_NOMINAL.F, 114.19, 5.1);
    expectWithin(ss.cA, 2.1402);
    expectWithin(ss.cB, 1.0903);
    expectWithin(VDV_NOMINAL.F * 10 * ss.cB, 154.7);
  });
});

describe('exothermic CSTR (reference section 2)', () => {
  it('Tc 300 -> 303 K: 1 min and settled values', () => {
    const oneMinute = runRunawayScenario({ coolantTemperature: 303, minutes: 1 });
    expectWithin(oneMinute.final.Ca, 0.858);
    expectWithin(oneMinute.final.T, 328.81);
    const settled = runRunawayScenario({ coolantTemperature: 303, minutes: 60 });
    expectWithin(settled.final.Ca, 0.7863);
    expectWithin(settled.final.T, 332.6);
  });

  it('Tc 300 -> 295 K settles at (0.9268, 317.74)', () => {
    const settled = runRunawayScenario({ coolantTemperature: 295, minutes: 60 });
    expectWithin(settled.final.Ca, 0.9268);
    expectWithin(settled.final.T, 317.74);
  });

  it('Tc = 303.5 K: sustained runaway oscillations with peaks near 464 K', () => {
    const run = runRunawayScenario({ coolantTemperature: 303.5, minutes: 60 });
    expect(Math.abs(run.peakT - 464)).toBeLessThan(464 * 0.01);
    const late = run.trajectory.filter((p) => p.t > 30).map((p) => p.T);
    expect(Math.max(...late) - Math.min(...late)).toBeGreaterThan(50);
  });

  it('Tc = 310 K ignites to (0.0991, 383.89) after a peak near 492 K', () => {
    const run = runRunawayScenario({ coolantTemperature: 310, minutes: 60 });
    expect(Math.abs(run.peakT - 492)).toBeLessThan(492 * 0.01);
    expectWithin(run.final.Ca, 0.0991);
    expectWithin(run.final.T, 383.89);
  });

  it('the alarm announces and the interlock (emergency cooling, feed cut) holds the peak far below the runaway', () => {
    // Ignition takes seconds once T passes about 355 K, so the trip must sit below that: alarm 340 K, trip 350 K.
    const run = runRunawayScenario({ coolantTemperature: 310, minutes: 30, alarmAt: 340, interlockAt: 350 });
    expect(run.alarmAt).toBeDefined();
    expect(run.interlockAt).toBeGreaterThan(run.alarmAt!);
    expect(run.peakT).toBeLessThan(360);
    expect(run.final.T).toBeLessThan(300);
    const late = runRunawayScenario({ coolantTemperature: 310, minutes: 30, alarmAt: 345, interlockAt: 355 });
    expect(late.peakT).toBeGreaterThan(440); // a trip set too high cannot stop the runaway
  });
});
