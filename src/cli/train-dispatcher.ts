/**
 * npm run train:dispatcher -- (or fabtwin train-dispatcher) [--seed N] [--iterations N] [--sizes 10x10,15x15,...] [--hidden H] [--selection validation|fresh]
 *                              [--out-weights FILE] [--out-curve FILE]
 *
 * --selection fresh picks the best checkpoint on fresh instances from Taillard's generator at 15x15 ... 50x15 drawn from
 * the selection-only seed stream (generalisation.ts), never on the Taillard benchmark nor on the test-only stream.
 *
 * Trains the learned dispatcher from scratch (REINFORCE, see src/core/scheduling/train.ts) and writes the weights the
 * product ships (src/core/scheduling/dispatcher-weights.json) and the training curve (CSV). The defaults reproduce the
 * shipped weights exactly: the run is deterministic per seed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { InvalidArgumentError } from 'commander';
import { trainDispatcher, validationSet } from '../core/scheduling/train.ts';
import { freshTaillard, GENERALISATION_SIZES } from '../core/scheduling/generalisation.ts';
import { isScript, newCommand, parseCommand, processIo, runEntry, UsageError, badInputExit, type CliIo } from './command.ts';

/** The repository root (two levels above src/cli, or build/cli once compiled): the default outputs are the shipped files. */
const ROOT = join(import.meta.dirname, '../..');

export const DEFAULT_TRAINING = { seed: 7, iterations: 6000, batch: 8, samples: 8, hidden: 16, learningRate: 3e-3 } as const;

function integer(name: string, min: number) {
  return (value: string): number => {
    if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value)) || Number(value) < min)
      throw new InvalidArgumentError(`${name} must be an integer >= ${min}`);
    return Number(value);
  };
}

export function main(argv: readonly string[], io: CliIo): number {
  const program = newCommand(
    'train-dispatcher',
    'Train the learned dispatcher (policy gradient on generated instances) and write its weights and training curve.',
    io,
  )
    .option('--seed <n>', 'random seed', integer('seed', 0), DEFAULT_TRAINING.seed)
    .option('--iterations <n>', 'policy-gradient updates', integer('iterations', 1), DEFAULT_TRAINING.iterations)
    .option('--eval-every <n>', 'validation every n updates', integer('eval-every', 1), 50)
    .option('--sizes <list>', 'training sizes, e.g. 10x10,15x15,20x20', (v: string) => {
      const sizes = v.split(',').map((part) => {
        const m = /^(\d+)x(\d+)$/.exec(part.trim());
        if (!m || Number(m[1]) < 2 || Number(m[2]) < 2) throw new InvalidArgumentError(`size "${part}": expected JOBSxMACHINES, e.g. 15x15`);
        return [Number(m[1]), Number(m[2])] as const;
      });
      return sizes;
    })
    .option('--hidden <n>', 'hidden units', integer('hidden', 1), DEFAULT_TRAINING.hidden)
    .option(
      '--selection <set>',
      'checkpoint selection on: validation (32 generated 15x15) or fresh (Taillard generator, 6 per size 15x15..50x15)',
      'validation',
    )
    .option(
      '--out-weights <file>',
      'weights JSON (default: the shipped src/core/scheduling/dispatcher-weights.json)',
      join(ROOT, 'src/core/scheduling/dispatcher-weights.json'),
    )
    .option(
      '--out-curve <file>',
      'training curve CSV (default: the shipped data/dispatcher/training-curve.csv)',
      join(ROOT, 'data/dispatcher/training-curve.csv'),
    );
  const exit = parseCommand(program, argv);
  if (exit !== undefined) return exit;
  const opts = program.opts<{
    seed: number;
    iterations: number;
    evalEvery: number;
    outWeights: string;
    outCurve: string;
    sizes?: (readonly [number, number])[];
    hidden: number;
    selection: string;
  }>();
  if (opts.selection !== 'validation' && opts.selection !== 'fresh') {
    return badInputExit(new UsageError(`train-dispatcher: --selection must be validation or fresh, got "${opts.selection}"`), io);
  }
  const validation = opts.selection === 'fresh' ? GENERALISATION_SIZES.flatMap(([j, m]) => freshTaillard(j, m, 6, 'selection')) : validationSet();

  const t0 = performance.now();
  const extra = `${opts.sizes ? ` --sizes ${opts.sizes.map(([j, m]) => `${j}x${m}`).join(',')}` : ''}${opts.hidden !== DEFAULT_TRAINING.hidden ? ` --hidden ${opts.hidden}` : ''}${opts.selection !== 'validation' ? ` --selection ${opts.selection}` : ''}`;
  const command = `npm run train:dispatcher -- --seed ${opts.seed} --iterations ${opts.iterations} --eval-every ${opts.evalEvery}${extra}`;
  const result = trainDispatcher(
    {
      ...DEFAULT_TRAINING,
      seed: opts.seed,
      iterations: opts.iterations,
      evalEvery: opts.evalEvery,
      hidden: opts.hidden,
      validation,
      ...(opts.sizes ? { sizes: opts.sizes } : {}),
    },
    (p) => {
      const s = ((performance.now() - t0) / 1000).toFixed(0);
      io.err(
        `iter ${p.iteration}  train C/LB ${p.trainRatio.toFixed(3)}  validation gap to LB ${p.validationGap.toFixed(2)} %  (MWKR ${p.mwkrGap.toFixed(2)} %)  ${s} s\n`,
      );
    },
  );
  const weights = {
    ...result.weights,
    meta: {
      ...result.weights.meta,
      command,
      selection: opts.selection,
      batch: DEFAULT_TRAINING.batch,
      samples: DEFAULT_TRAINING.samples,
      learningRate: DEFAULT_TRAINING.learningRate,
    },
  };
  mkdirSync(dirname(opts.outWeights), { recursive: true });
  writeFileSync(opts.outWeights, JSON.stringify(weights) + '\n');
  mkdirSync(dirname(opts.outCurve), { recursive: true });
  writeFileSync(
    opts.outCurve,
    'iteration,train_makespan_over_lb,validation_gap_to_lb_pct,mwkr_gap_to_lb_pct\n' +
      result.curve.map((p) => `${p.iteration},${p.trainRatio.toFixed(5)},${p.validationGap.toFixed(4)},${p.mwkrGap.toFixed(4)}`).join('\n') +
      '\n',
  );
  io.out(`wrote ${opts.outWeights} and ${opts.outCurve} in ${((performance.now() - t0) / 1000).toFixed(0)} s\n`);
  return 0;
}

/** The terminal entry of `npm run train:dispatcher` and `fabtwin train-dispatcher`. */
export const runMain = (argv: readonly string[]): number => main(argv, processIo);

if (isScript(import.meta.url)) await runEntry(runMain, process.argv.slice(2));
