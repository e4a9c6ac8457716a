/**
 * Summaries across replications: the mean of independent replications and its 95 % confidence half-width (Student t).
 */
import { studentTQuantile } from './student-t.ts';

export interface Estimate {
  mean: number;
  /** Half-width of the 95 % confidence interval; NaN with fewer than two replications. */
  ci95: number;
  sd: number;
  n: number;
}

export function estimate(samples: readonly number[]): Estimate {
  const n = samples.length;
  if (n === 0) return { mean: NaN, ci95: NaN, sd: NaN, n: 0 };
  let mean = 0;
  for (const x of samples) mean += x;
  mean /= n;
  if (n === 1) return { mean, ci95: NaN, sd: NaN, n };
  let ss = 0;
  for (const x of samples) ss += (x - mean) * (x - mean);
  const sd = Math.sqrt(ss / (n - 1));
  return { mean, ci95: studentTQuantile(0.975, n - 1) * (sd / Math.sqrt(n)), sd, n };
}
