/**
 * Durations some of which are still running when the run ends (right-censored): a grade change released late in the run
 * has not finished, and counting it at its elapsed time (or dropping it) biases the mean down, since the longer changes
 * are the likelier to be cut off. The Kaplan-Meier product-limit estimate of the survival curve handles them without
 * guessing their end; its area up to the longest observed duration is the restricted mean.
 */

export interface Duration {
  /** Elapsed time: the whole duration when `finished`, else the time it had run when the observation stopped. */
  readonly time: number;
  readonly finished: boolean;
}

/**
 * Restricted mean duration from the Kaplan-Meier estimate: the area under the survival curve up to the longest duration
 * seen (finished or not). Equals the plain mean when every duration finished; NaN when there is no duration at all, or
 * only ones cut off at zero (nothing is known about them).
 */
export function restrictedMean(durations: readonly Duration[]): number {
  const sorted = [...durations].sort((a, b) => a.time - b.time || Number(b.finished) - Number(a.finished));
  if (!sorted.some((d) => d.time > 0 || d.finished)) return NaN;
  let atRisk = sorted.length;
  let survival = 1;
  let area = 0;
  let previous = 0;
  let i = 0;
  while (i < sorted.length) {
    const time = sorted[i]!.time;
    area += survival * (time - previous);
    previous = time;
    let ended = 0;
    let leaving = 0;
    // Ties: the ones that finished at `time` leave before the ones cut off at `time` (the usual convention).
    while (i < sorted.length && sorted[i]!.time === time) {
      if (sorted[i]!.finished) ended++;
      leaving++;
      i++;
    }
    if (atRisk > 0) survival *= 1 - ended / atRisk;
    atRisk -= leaving;
  }
  return area;
}
