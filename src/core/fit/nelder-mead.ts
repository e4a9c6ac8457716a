/**
 * Nelder-Mead simplex minimisation (standard coefficients 1, 2, 1/2, 1/2), deterministic: no random restarts.
 * Used where a likelihood has no usable derivatives (the triangular endpoints, whose profile over the mode is piecewise).
 */
export interface NelderMeadResult {
  point: number[];
  value: number;
  iterations: number;
}

export function nelderMead(
  objective: (point: readonly number[]) => number,
  start: readonly number[],
  step: number,
  { maxIterations = 500, tolerance = 1e-12 } = {},
): NelderMeadResult {
  const dim = start.length;
  const simplex: number[][] = [start.slice()];
  for (let i = 0; i < dim; i++) {
    const vertex = start.slice();
    vertex[i]! += step;
    simplex.push(vertex);
  }
  const value = (p: readonly number[]): number => {
    const v = objective(p);
    return Number.isNaN(v) ? Infinity : v;
  };
  let values = simplex.map(value);
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    const order = values.map((_, i) => i).sort((i, j) => values[i]! - values[j]! || i - j);
    const sorted = order.map((i) => simplex[i]!);
    values = order.map((i) => values[i]!);
    simplex.splice(0, simplex.length, ...sorted);
    const best = values[0]!;
    const worst = values[dim]!;
    if (Math.abs(worst - best) <= tolerance * (Math.abs(best) + tolerance)) break;
    const centroid = new Array<number>(dim).fill(0);
    for (let i = 0; i < dim; i++) for (let j = 0; j < dim; j++) centroid[j]! += simplex[i]![j]! / dim;
    const along = (t: number) => centroid.map((c, j) => c + t * (simplex[dim]![j]! - c));
    const reflected = along(-1);
    const reflectedValue = value(reflected);
    if (reflectedValue < best) {
      const expanded = along(-2);
      const expandedValue = value(expanded);
      if (expandedValue < reflectedValue) [simplex[dim], values[dim]] = [expanded, expandedValue];
      else [simplex[dim], values[dim]] = [reflected, reflectedValue];
    } else if (reflectedValue < values[dim - 1]!) {
      [simplex[dim], values[dim]] = [reflected, reflectedValue];
    } else {
      const contracted = reflectedValue < worst ? along(-0.5) : along(0.5);
      const contractedValue = value(contracted);
      if (contractedValue < Math.min(reflectedValue, worst)) {
        [simplex[dim], values[dim]] = [contracted, contractedValue];
      } else {
        for (let i = 1; i <= dim; i++) {
          simplex[i] = simplex[i]!.map((x, j) => simplex[0]![j]! + 0.5 * (x - simplex[0]![j]!));
          values[i] = value(simplex[i]!);
        }
      }
    }
  }
  let bestIndex = 0;
  for (let i = 1; i <= dim; i++) if (values[i]! < values[bestIndex]!) bestIndex = i;
  return { point: simplex[bestIndex]!, value: values[bestIndex]!, iterations };
}
