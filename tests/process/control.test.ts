import { describe, expect, it } from 'vitest';
import { Pid, Rls, fitFopdt, lambdaTuning, simcTuning } from '../../src/core/process/control.ts';
import { optimizeSetpoints, pricesPerMol } from '../../src/core/process/optimizer.ts';

/** Loop transfer function of a PI controller on an FOPDT process at frequency w: returns [re, im]. */
function loop(w: number, kc: number, tauI: number, k: number, tau1: number, theta: number): [number, number] {
  // C(jw) = kc (1 + 1/(j w tauI)) = kc (1 - j/(w tauI)); G(jw) = k e^{-j w theta} / (1 + j w tau1)
  const cRe = kc;
  const cIm = -kc / (w * tauI);
  const den = 1 + w * w * tau1 * tau1;
  const gRe0 = k / den;
  const gIm0 = (-k * w * tau1) / den;
  const c = Math.cos(w * theta);
  const s = -Math.sin(w * theta);
  const gRe = gRe0 * c - gIm0 * s;
  const gIm = gRe0 * s + gIm0 * c;
  return [cRe * gRe - cIm * gIm, cRe * gIm + cIm * gRe];
}

describe('SIMC tuning (reference section 4)', () => {
  it('tau_c = theta and tau_I = tau1 give gain margin 3.14, phase margin 61.4 deg and Ms 1.59', () => {
    const model = { k: 2, tau1: 5, theta: 1 };
    const t = simcTuning(model);
    expect(t.kc).toBeCloseTo(1.25, 12);
    expect(t.tauI).toBe(5);
    let gm = NaN;
    let pm = NaN;
    let ms = 0;
    let previousPhase = 0;
    for (let w = 1e-3; w < 50; w *= 1.0005) {
      const [re, im] = loop(w, t.kc, t.tauI, model.k, model.tau1, model.theta);
      const magnitude = Math.hypot(re, im);
      ms = Math.max(ms, 1 / Math.hypot(1 + re, im));
      if (Number.isNaN(pm) && magnitude < 1) pm = 180 + (Math.atan2(im, re) * 180) / Math.PI;
      if (Number.isNaN(gm) && previousPhase < 0 && im > 0 && re < 0) gm = 1 / magnitude;
      previousPhase = im;
    }
    expect(gm).toBeCloseTo(3.14, 1);
    expect(pm).toBeCloseTo(61.4, 0);
    expect(ms).toBeCloseTo(1.59, 1);
  });

  it('caps the integral time at 4 (tau_c + theta) for lag-dominant processes; lambda tuning is slower', () => {
    expect(simcTuning({ k: 1, tau1: 100, theta: 1 }).tauI).toBe(8);
    expect(lambdaTuning({ k: 1, tau1: 10, theta: 1 }, 30).kc).toBeLessThan(simcTuning({ k: 1, tau1: 10, theta: 1 }).kc);
  });
});

describe('identification', () => {
  it('fits an FOPDT step response back to its parameters', () => {
    const k = 3,
      tau1 = 2,
      theta = 0.5,
      step = 2;
    const times: number[] = [];
    const values: number[] = [];
    for (let t = 0; t <= 20; t += 0.01) {
      times.push(t);
      values.push(t < theta ? 10 : 10 + k * step * (1 - Math.exp(-(t - theta) / tau1)));
    }
    const fit = fitFopdt(times, values, step);
    expect(fit.k).toBeCloseTo(k, 2);
    expect(fit.tau1).toBeCloseTo(tau1, 1);
    expect(fit.theta).toBeCloseTo(theta, 1);
  });

  it('recursive least squares recovers a linear model', () => {
    const rls = new Rls(3, 1, 1e4);
    for (let i = 0; i < 200; i++) {
      const x1 = Math.sin(i * 0.37);
      const x2 = Math.cos(i * 0.11);
      rls.update([1, x1, x2], 0.5 + 2 * x1 - 3 * x2);
    }
    // The initial covariance is a weak prior at zero, so the estimates are exact only up to about 1e-5.
    expect(rls.theta[0]).toBeCloseTo(0.5, 4);
    expect(rls.theta[1]).toBeCloseTo(2, 4);
    expect(rls.theta[2]).toBeCloseTo(-3, 4);
  });

  it('the PI controller integrates to the setpoint on a first-order process and respects its limits', () => {
    const pid = new Pid({ kc: 1, tauI: 1, tauD: 0 }, 0, -5, 5);
    let y = 0;
    const dt = 0.01;
    for (let i = 0; i < 3000; i++) {
      const u = pid.update(2, y, dt);
      y += (dt / 1) * (-y + u);
    }
    expect(y).toBeCloseTo(2, 3);
    for (let i = 0; i < 100; i++) pid.update(100, y, dt);
    expect(pid.output).toBe(5);
  });
});

describe('steady-state optimiser', () => {
  const constants = { vR: 10_000, heaterEfficiency: 0.85, heaterLossUA: 0, separatorEnergyPerMolA: 56 };
  const prices = pricesPerMol({ feedPerKg: 1, creditFraction: 0.9, productPerKg: 4.5, fuelPerKj: 1e-5, steamPerKj: 1.8e-5, coolingPerKj: 5e-7 });
  const base = {
    cA0: 5.1,
    feedTemperature: 40,
    ambient: 20,
    minB: 1.0,
    maxB: Infinity,
    maxT: 122,
    maxFlow: 163_000,
    maxSeparatorLoad: 380_000,
    maxHeaterDuty: 3.2e7,
    jacketDuty: -1e6,
  };
  it('pushes the feed to its limit while the spec and the separator allow, and balances the heat with the feed temperature', () => {
    const r = optimizeSetpoints(base, constants, prices);
    expect(r.feasible).toBe(true);
    expect(r.flow).toBeGreaterThan(0.97 * base.maxFlow);
    expect(r.cB).toBeGreaterThanOrEqual(1.0);
    expect(r.T0).toBeLessThan(r.T);
  });
  it('a feed too lean for the grade is reported infeasible, at the point closest to the window', () => {
    const r = optimizeSetpoints({ ...base, cA0: 4.5, minB: 1.05 }, constants, prices);
    expect(r.feasible).toBe(false);
    expect(r.cB).toBeGreaterThan(0.95);
  });
});
