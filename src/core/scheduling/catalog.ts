/**
 * The instance catalogue (names, families, best-known bounds) and one entry point that runs any algorithm by name.
 * File reading stays with the caller (CLI, app): the core only parses text and JSON it is given.
 */
import { z } from 'zod';
import type { JobShopInstance } from './instance.ts';
import { isRuleName, runRule, type RuleName } from './rules.ts';
import type { GenerationScheme } from './dispatch.ts';
import { tabuSearch, type Neighbourhood, type TabuImprovement } from './tabu.ts';
import { runLearned, type DispatcherWeights } from './learned.ts';
import { lowerBounds } from './bounds.ts';

const boundEntry = z.object({
  name: z.string(),
  family: z.string(),
  jobs: z.number().int().positive(),
  machines: z.number().int().positive(),
  lowerBound: z.number().int().nonnegative(),
  upperBound: z.number().int().positive(),
  status: z.enum(['closed', 'open']),
  jsplib2014: z.union([z.object({ optimum: z.number() }), z.object({ lower: z.number(), upper: z.number() }), z.null()]),
});
const boundsFile = z.object({ description: z.string(), instances: z.array(boundEntry) });
export type BoundEntry = z.infer<typeof boundEntry>;

/** Parses data/jsplib/bounds.json; errors name the source and the offending path. */
export function parseBoundsFile(json: string, source = 'bounds.json'): Map<string, BoundEntry> {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    throw new Error(`${source}: not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  const parsed = boundsFile.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${source}: at ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return new Map(parsed.data.instances.map((e) => [e.name, e]));
}

export const FAMILIES = ['ft', 'la', 'abz', 'orb', 'swv', 'yn', 'ta'] as const;

/**
 * Expands a suite spec into instance names, in catalogue order: a family (`la`), a range (`ta01-ta10`), a name, or a
 * comma-separated list of those. Throws naming the part it does not understand.
 */
export function expandSuite(spec: string, names: readonly string[]): string[] {
  const out: string[] = [];
  for (const part of spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const range = /^([a-z]+)(\d+)-(?:([a-z]+))?(\d+)$/i.exec(part);
    if ((FAMILIES as readonly string[]).includes(part.toLowerCase())) {
      const fam = part.toLowerCase();
      out.push(...names.filter((n) => n.replace(/\d+$/, '') === fam));
    } else if (range) {
      const fam = range[1]!.toLowerCase();
      if (range[3] && range[3].toLowerCase() !== fam) throw new Error(`suite "${part}": a range must stay in one family`);
      const lo = Number(range[2]);
      const hi = Number(range[4]);
      const picked = names.filter((n) => {
        const m = /^([a-z]+)(\d+)$/.exec(n);
        return m !== null && m[1] === fam && Number(m[2]) >= lo && Number(m[2]) <= hi;
      });
      if (picked.length === 0) throw new Error(`suite "${part}": no instances in that range`);
      out.push(...picked);
    } else if (names.includes(part.toLowerCase())) out.push(part.toLowerCase());
    else throw new Error(`suite "${part}": expected a family (${FAMILIES.join(', ')}), a range like ta01-ta10 or an instance name`);
  }
  return [...new Set(out)];
}

/** "15x15" style size label. */
export function sizeLabel(instance: { jobs: number; machines: number }): string {
  return `${instance.jobs}x${instance.machines}`;
}

export type AlgorithmName = RuleName | 'tabu' | 'rl';

export function isAlgorithmName(name: string): name is AlgorithmName {
  return isRuleName(name) || name === 'tabu' || name === 'rl';
}

export interface SolveOptions {
  seed?: number;
  scheme?: GenerationScheme;
  /** Tabu only. */
  timeLimitMs?: number;
  clock?: () => number;
  maxIterations?: number;
  neighbourhood?: Neighbourhood;
  /** Tabu stops when it reaches this (a proved lower bound); default: the computed lower bound. */
  target?: number;
  /** Needed for `rl`. */
  weights?: DispatcherWeights;
  onImprove?: (improvement: TabuImprovement) => void;
}

export interface SolveResult {
  readonly makespan: number;
  readonly starts: readonly number[];
  /** Tabu iterations, 1 for one-pass algorithms. */
  readonly iterations: number;
}

export function solve(instance: JobShopInstance, algorithm: AlgorithmName, options: SolveOptions = {}): SolveResult {
  if (algorithm === 'tabu') {
    const r = tabuSearch(
      instance,
      {
        ...(options.seed !== undefined ? { seed: options.seed } : {}),
        ...(options.timeLimitMs !== undefined ? { timeLimitMs: options.timeLimitMs } : {}),
        ...(options.clock !== undefined ? { clock: options.clock } : {}),
        ...(options.maxIterations !== undefined ? { maxIterations: options.maxIterations } : {}),
        ...(options.neighbourhood !== undefined ? { neighbourhood: options.neighbourhood } : {}),
        target: options.target ?? lowerBounds(instance).value,
      },
      options.onImprove,
    );
    return { makespan: r.makespan, starts: r.starts, iterations: r.iterations };
  }
  if (algorithm === 'rl') {
    if (!options.weights) throw new Error('the rl algorithm needs dispatcher weights');
    const r = runLearned(instance, options.weights);
    return { makespan: r.makespan, starts: r.starts, iterations: 1 };
  }
  const r = runRule(instance, algorithm, {
    ...(options.scheme !== undefined ? { scheme: options.scheme } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
  });
  return { makespan: r.makespan, starts: r.starts, iterations: 1 };
}
