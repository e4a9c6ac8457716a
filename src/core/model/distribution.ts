/**
 * Distributions as data (in model files) and as samplers (in the running model).
 *
 * A model file writes a random quantity as `{ "dist": "exponential", "mean": 0.9 }`; the schema checks its parameters
 * once, where the file is loaded, and `makeSampler` turns it into a closure over one named stream.
 */
import { z } from 'zod';
import { bernoulli, discreteIndex, exponential, lognormal, lognormalParameters, normal, triangular, uniform, weibull } from '../random/distributions.ts';
import type { Rng } from '../random/stream.ts';
import { gammaVariate } from '../random/gamma.ts';
import { exp, pow, sin } from '../math/index.ts';
import { formatLimit, LIMITS } from './limits.ts';

const positive = z.number().positive();
const nonNegative = z.number().nonnegative();

export const distributionSchema = z
  .discriminatedUnion('dist', [
    z.strictObject({ dist: z.literal('constant'), value: nonNegative }).describe('Always the same value'),
    z.strictObject({ dist: z.literal('exponential'), mean: positive }).describe('Exponential with the given mean'),
    z
      .strictObject({ dist: z.literal('uniform'), min: nonNegative, max: nonNegative })
      .refine((d) => d.max >= d.min, { message: 'expected max >= min', path: ['max'] }),
    z
      .strictObject({
        dist: z.literal('normal'),
        mean: z.number().positive({ error: 'expected a positive mean: a time cannot be negative (draws below 0 of a normal time are truncated to 0)' }),
        sd: nonNegative,
      })
      .describe('Normal; a time, so draws below 0 are truncated to 0 (prefer lognormal where that matters)'),
    z
      .strictObject({ dist: z.literal('lognormal'), mean: positive, sd: nonNegative })
      .refine((d) => d.sd <= LIMITS.lognormalCv * d.mean, {
        message: `expected sd at most ${formatLimit(LIMITS.lognormalCv)} times the mean (the limit on a lognormal's coefficient of variation)`,
        path: ['sd'],
      })
      .describe('Lognormal given the mean and standard deviation of the variable itself'),
    z
      .strictObject({
        dist: z.literal('weibull'),
        shape: z
          .number()
          .min(LIMITS.weibullShape.min, { error: `expected at least ${LIMITS.weibullShape.min} (the limit on a Weibull shape)` })
          .max(LIMITS.weibullShape.max, { error: `expected at most ${LIMITS.weibullShape.max} (the limit on a Weibull shape)` }),
        scale: positive,
      })
      .describe('Weibull: F(x) = 1 - exp(-(x / scale)^shape)'),
    z.strictObject({ dist: z.literal('gamma'), shape: positive, scale: positive }).describe('Gamma with the given shape and scale (mean = shape * scale)'),
    z
      .strictObject({ dist: z.literal('triangular'), min: nonNegative, mode: nonNegative, max: nonNegative })
      .refine((d) => d.min <= d.mode && d.mode <= d.max && d.min < d.max, {
        message: 'expected min <= mode <= max with min < max',
        path: ['mode'],
      }),
    z
      .strictObject({
        dist: z.literal('empirical'),
        values: z
          .array(z.number().nonnegative({ error: 'expected a time >= 0 (an empirical time cannot be negative)' }))
          .min(1)
          .max(LIMITS.empiricalValues, { error: `expected at most ${formatLimit(LIMITS.empiricalValues)} values (the limit on an empirical distribution)` }),
        weights: z.array(nonNegative).optional(),
      })
      .refine((d) => d.weights === undefined || d.weights.length === d.values.length, {
        message: 'expected as many weights as values',
        path: ['weights'],
      })
      .refine((d) => d.weights === undefined || d.weights.some((w) => w > 0), {
        message: 'expected at least one positive weight',
        path: ['weights'],
      })
      .describe('One of the listed values, with probability proportional to its weight (equal weights by default)'),
  ])
  .describe('A random quantity');

export type DistributionSpec = z.infer<typeof distributionSchema>;

/** Mean of a distribution spec, for reports and theory checks. */
export function distributionMean(spec: DistributionSpec): number {
  switch (spec.dist) {
    case 'constant':
      return spec.value;
    case 'exponential':
    case 'normal':
    case 'lognormal':
      return spec.mean;
    case 'uniform':
      return (spec.min + spec.max) / 2;
    case 'weibull':
      return spec.scale * gamma(1 + 1 / spec.shape);
    case 'gamma':
      return spec.shape * spec.scale;
    case 'triangular':
      return (spec.min + spec.mode + spec.max) / 3;
    case 'empirical': {
      const w = spec.weights ?? spec.values.map(() => 1);
      const total = w.reduce((a, b) => a + b, 0);
      return spec.values.reduce((sum, v, i) => sum + v * w[i]!, 0) / total;
    }
  }
}

/** A sampler draws one value per call from its stream. */
export type Sampler = () => number;

export function makeSampler(spec: DistributionSpec, rng: Rng): Sampler {
  switch (spec.dist) {
    case 'constant': {
      const value = spec.value;
      return () => value;
    }
    case 'exponential': {
      const mean = spec.mean;
      return () => exponential(rng, mean);
    }
    case 'uniform': {
      const { min, max } = spec;
      return () => uniform(rng, min, max);
    }
    case 'normal': {
      const { mean, sd } = spec;
      // A time: truncated at 0 (documented in the schema), so a wide normal never schedules into the past.
      return () => Math.max(0, normal(rng, mean, sd));
    }
    case 'lognormal': {
      const { mu, sigma } = lognormalParameters(spec.mean, spec.sd);
      return () => lognormal(rng, mu, sigma);
    }
    case 'weibull': {
      const { shape, scale } = spec;
      return () => weibull(rng, shape, scale);
    }
    case 'triangular': {
      const { min, mode, max } = spec;
      return () => triangular(rng, min, mode, max);
    }
    case 'gamma': {
      const { shape, scale } = spec;
      return () => gammaVariate(rng, shape, scale);
    }
    case 'empirical': {
      const values = Float64Array.from(spec.values);
      const cumulative = new Float64Array(values.length);
      let total = 0;
      for (let i = 0; i < values.length; i++) cumulative[i] = total += spec.weights?.[i] ?? 1;
      return () => values[discreteIndex(rng, cumulative)]!;
    }
  }
}

export function makeBernoulli(p: number, rng: Rng): () => boolean {
  return () => bernoulli(rng, p);
}

/** The gamma function (Lanczos approximation, about 1e-15 relative): Weibull means and scales. */
export function gamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012,
    9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.PI / (sin(Math.PI * x) * gamma(1 - x));
  const z = x - 1;
  let a = c[0]!;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += c[i]! / (z + i);
  return Math.sqrt(2 * Math.PI) * pow(t, z + 0.5) * exp(-t) * a;
}
