/**
 * Age replacement for a unit whose life is Weibull (Barlow and Proschan): renew it by preventive maintenance at
 * operating age T or at failure, whichever comes first. Over a renewal cycle the unit is up for the integral of the
 * survival function R(t) from 0 to T, and down for the failure downtime with probability F(T) = 1 - R(T) or for the
 * maintenance time otherwise; the long-run share of time down (renewal-reward) is
 *   D(T) = (F(T) c_f + R(T) c_p) / (integral_0^T R(t) dt + F(T) c_f + R(T) c_p),
 * minimised over T. With shape above 1 and c_p below c_f there is a finite optimum; otherwise none (run to failure).
 * The twin orders maintenance at the optimum of the life it has learned. Pure: the core's own math.
 */
import { exp, pow } from '../math/index.ts';

export interface AgeReplacement {
  /** The optimal replacement age, in the scale's time unit (Infinity: run to failure is best). */
  age: number;
  /** Long-run share of time down at that age. */
  downtimeShare: number;
  /** Long-run share of time down when run to failure: c_f / (mean life + c_f). */
  runToFailureShare: number;
}

/** Long-run share of time down when renewed at age `age` (see the header). */
export function ageReplacementDowntime(shape: number, scale: number, failureDowntime: number, pmDowntime: number, age: number): number {
  const up = integral(shape, scale, age, 2000);
  const survive = exp(-pow(age / scale, shape));
  const down = (1 - survive) * failureDowntime + survive * pmDowntime;
  return down / (up + down);
}

/** The optimal replacement age on a grid of 1/500 of the scale up to 4 scales (coarser than any data can tell). */
export function ageReplacement(shape: number, scale: number, failureDowntime: number, pmDowntime: number): AgeReplacement {
  if (!(shape > 0 && scale > 0 && failureDowntime > 0 && pmDowntime >= 0))
    throw new Error(
      `ageReplacement: expected positive shape, scale and failure downtime and a PM time >= 0, got ${shape}, ${scale}, ${failureDowntime}, ${pmDowntime}`,
    );
  // Mean life by integrating R far out (the survival at 8 scales is below e^-96 for shape 2, negligible for shape >= 1).
  const mean = integral(shape, scale, 8 * scale);
  const runToFailureShare = failureDowntime / (mean + failureDowntime);
  let best = { age: Infinity, downtimeShare: runToFailureShare };
  if (shape > 1 && pmDowntime < failureDowntime) {
    // D(T) on a grid, accumulating the integral of R step by step.
    const steps = 2000;
    const h = (4 * scale) / steps;
    let up = 0;
    let previous = 1;
    for (let i = 1; i <= steps; i++) {
      const t = i * h;
      const survive = exp(-pow(t / scale, shape));
      const mid = exp(-pow((t - h / 2) / scale, shape));
      up += (h / 6) * (previous + 4 * mid + survive);
      previous = survive;
      const down = (1 - survive) * failureDowntime + survive * pmDowntime;
      const share = down / (up + down);
      if (share < best.downtimeShare) best = { age: t, downtimeShare: share };
    }
  }
  return { ...best, runToFailureShare };
}

/** Simpson's rule on the survival function R over [0, until] (`steps` even). */
function integral(shape: number, scale: number, until: number, steps = 4000): number {
  const h = until / steps;
  let sum = 0;
  for (let i = 0; i <= steps; i++) {
    const w = i === 0 || i === steps ? 1 : i % 2 === 1 ? 4 : 2;
    sum += w * exp(-pow((i * h) / scale, shape));
  }
  return (sum * h) / 3;
}
