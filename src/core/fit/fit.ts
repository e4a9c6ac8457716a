/**
 * Fits every candidate family to a sample by maximum likelihood, ranks them by AIC (and BIC) and tests each fit:
 * Kolmogorov-Smirnov, Anderson-Darling (asymptotic p-values, or parametric-bootstrap ones on a seeded stream) and
 * chi-square on equiprobable bins. The empirical distribution is reported beside them, unranked: it has as many
 * parameters as distinct values, so an information criterion says nothing about it.
 */
import { log } from '../math/index.ts';
import type { DistributionSpec } from '../model/distribution.ts';
import { createStream } from '../random/stream.ts';
import { FAMILIES, FAMILY_FITTERS, type Distribution, type FamilyName } from './families.ts';
import { adStatistic, chiSquareEquiprobable, ksStatistic, type ChiSquareResult } from './goodness.ts';
import { FitDataError } from './sample.ts';
import { adPValue, ksPValue } from './special.ts';

export interface FitOptions {
  /** Families to try (default all seven). */
  families?: readonly FamilyName[];
  /** Parametric-bootstrap replicates for the KS and AD p-values; 0 (default) uses the asymptotic formulas. */
  bootstrap?: number;
  /** Seed of the bootstrap's named streams (`fit:bootstrap:<family>`). */
  seed?: number;
  /** 1-based source line of each value, so that messages name the line (from `parseSample`). */
  lines?: readonly number[];
}

export interface TestResult {
  statistic: number;
  pValue: number;
}

export interface FamilyFit {
  family: FamilyName;
  parameters: Readonly<Record<string, number>>;
  parameterCount: number;
  spec: DistributionSpec;
  logLikelihood: number;
  aic: number;
  bic: number;
  /** AIC minus the best AIC. */
  deltaAic: number;
  bicRank: number;
  ks: TestResult;
  ad: TestResult;
  chiSquare: ChiSquareResult;
  distribution: Distribution;
}

export interface SampleSummary {
  n: number;
  mean: number;
  sd: number;
  cv: number;
  min: number;
  median: number;
  max: number;
}

export interface FitReport {
  summary: SampleSummary;
  /** Fitted families, best AIC first. */
  fits: FamilyFit[];
  /** Families not fitted, with why (a sample outside the family's support: a zero for a positive family, a negative value). */
  skipped: { family: FamilyName; reason: string }[];
  empirical: DistributionSpec & { dist: 'empirical' };
  /** How the KS and AD p-values were computed. */
  pValueMethod: string;
}

function summarize(sorted: Float64Array): SampleSummary {
  const n = sorted.length;
  let total = 0;
  for (const x of sorted) total += x;
  const mean = total / n;
  let squares = 0;
  for (const x of sorted) squares += (x - mean) * (x - mean);
  const sd = Math.sqrt(squares / (n - 1));
  const median = n % 2 === 1 ? sorted[(n - 1) / 2]! : 0.5 * (sorted[n / 2 - 1]! + sorted[n / 2]!);
  return { n, mean, sd, cv: sd / mean, min: sorted[0]!, median, max: sorted[n - 1]! };
}

function empiricalSpec(sorted: Float64Array): DistributionSpec & { dist: 'empirical' } {
  const values: number[] = [];
  const weights: number[] = [];
  for (const x of sorted) {
    if (values.length > 0 && values[values.length - 1] === x) weights[weights.length - 1]!++;
    else {
      values.push(x);
      weights.push(1);
    }
  }
  return weights.every((w) => w === 1) ? { dist: 'empirical', values } : { dist: 'empirical', values, weights };
}

/** Checks the sample can be fitted at all; messages name the line where the options carry lines. */
function checkSample(values: readonly number[], lines: readonly number[] | undefined): void {
  const where = (i: number) => (lines?.[i] !== undefined ? `line ${lines[i]}` : `value ${i + 1}`);
  if (values.length === 0) throw new FitDataError('no values to fit');
  values.forEach((v, i) => {
    if (!Number.isFinite(v)) throw new FitDataError(`${where(i)}: expected a finite number, got ${v}`, lines?.[i]);
  });
  if (values.length === 1) {
    throw new FitDataError(`only one value (${values[0]} at ${where(0)}): a fit needs at least two different values`, lines?.[0]);
  }
  if (values.every((v) => v === values[0])) {
    throw new FitDataError(`all ${values.length} values equal ${values[0]}: nothing varies, so use a constant instead of fitting`);
  }
}

function bootstrapPValues(
  family: FamilyName,
  fitted: Distribution,
  n: number,
  observed: { ks: number; ad: number },
  replicates: number,
  seed: number,
): { ks: number; ad: number } {
  const rng = createStream(seed, `fit:bootstrap:${family}`);
  const fitter = FAMILY_FITTERS[family];
  const simulated = new Float64Array(n);
  let ksAtLeast = 0;
  let adAtLeast = 0;
  for (let b = 0; b < replicates; b++) {
    for (let i = 0; i < n; i++) simulated[i] = fitted.sample(rng);
    simulated.sort();
    const refit = fitter.fit(simulated);
    if (ksStatistic(simulated, refit) >= observed.ks) ksAtLeast++;
    if (adStatistic(simulated, refit) >= observed.ad) adAtLeast++;
  }
  return { ks: (ksAtLeast + 1) / (replicates + 1), ad: (adAtLeast + 1) / (replicates + 1) };
}

export function fitDistributions(values: readonly number[], options: FitOptions = {}): FitReport {
  checkSample(values, options.lines);
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  const replicates = options.bootstrap ?? 0;
  const seed = options.seed ?? 1;
  const skipped: FitReport['skipped'] = [];
  const fits: FamilyFit[] = [];
  for (const name of options.families ?? FAMILIES) {
    const family = FAMILY_FITTERS[name];
    const lowest = sorted[0]!;
    if ((family.support === 'positive' && lowest <= 0) || (family.support === 'nonNegative' && lowest < 0)) {
      const at = values.indexOf(lowest);
      const where = options.lines?.[at] !== undefined ? `line ${options.lines[at]}` : `value ${at + 1}`;
      skipped.push({ family: name, reason: `needs every value ${family.support === 'positive' ? '> 0' : '>= 0'}; ${where} is ${lowest}` });
      continue;
    }
    const distribution = family.fit(sorted);
    const logLikelihood = distribution.logLikelihood(sorted);
    const k = family.parameterCount;
    const ks = ksStatistic(sorted, distribution);
    const ad = adStatistic(sorted, distribution);
    const p = replicates > 0 ? bootstrapPValues(name, distribution, n, { ks, ad }, replicates, seed) : { ks: ksPValue(ks, n), ad: adPValue(ad, n) };
    fits.push({
      family: name,
      parameters: distribution.parameters,
      parameterCount: k,
      spec: distribution.spec(),
      logLikelihood,
      aic: 2 * k - 2 * logLikelihood,
      bic: k * log(n) - 2 * logLikelihood,
      deltaAic: 0,
      bicRank: 0,
      ks: { statistic: ks, pValue: p.ks },
      ad: { statistic: ad, pValue: p.ad },
      chiSquare: chiSquareEquiprobable(sorted, distribution, k),
      distribution,
    });
  }
  const order = (a: number, b: number) => (Number.isNaN(a) ? Infinity : a) - (Number.isNaN(b) ? Infinity : b);
  fits.sort((a, b) => order(a.aic, b.aic) || FAMILIES.indexOf(a.family) - FAMILIES.indexOf(b.family));
  const bestAic = fits[0]?.aic ?? 0;
  for (const fit of fits) fit.deltaAic = fit.aic - bestAic;
  [...fits].sort((a, b) => order(a.bic, b.bic) || FAMILIES.indexOf(a.family) - FAMILIES.indexOf(b.family)).forEach((fit, i) => (fit.bicRank = i + 1));
  return {
    summary: summarize(sorted),
    fits,
    skipped,
    empirical: empiricalSpec(sorted),
    pValueMethod:
      replicates > 0
        ? `parametric bootstrap, ${replicates} replicates refitted per family (seed ${seed}, streams fit:bootstrap:<family>)`
        : 'asymptotic: Kolmogorov distribution with Stephens correction (KS), Marsaglia-Marsaglia 2004 (AD); conservative with estimated parameters',
  };
}
