/**
 * npm run train:dispatcher -- [--seed N] [--iterations N] [--out-weights FILE] [--out-curve FILE]
 *
 * Trains the learned dispatcher from scratch (REINFORCE, see src/core/scheduling/train.ts) and writes the weights the
 * product ships (src/core/scheduling/dispatcher-weights.json) and the training curve (CSV). The defaults reproduce the
 * shipped weights exactly: the run is deterministic per seed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { trainDispatcher } from '../core/scheduling/train.ts';

export const DEFAULT_TRAINING = { seed: 7, iterations: 6000, batch: 8, samples: 8, hidden: 16, learningRate: 3e-3 } as const;

function integer(name: string, min: number) {
  return (value: string): number => {
    if (!/^\d+$/.test(value) || Number(value) < min) throw new InvalidArgumentError(`${name} must be an integer >= ${min}`);
    return Number(value);
  };
}

const program = new Command()
  .name('train:dispatcher')
  .description('Train the learned dispatcher (policy gradient on generated instances) and write its weights and training curve.')
  .option('--seed <n>', 'random seed', integer('seed', 0), DEFAULT_TRAINING.seed)
  .option('--iterations <n>', 'policy-gradient updates', integer('iterations', 1), DEFAULT_TRAINING.iterations)
  .option('--eval-every <n>', 'validation every n updates', integer('eval-every', 1), 50)
  .option('--out-weights <file>', 'weights JSON', 'src/core/scheduling/dispatcher-weights.json')
  .option('--out-curve <file>', 'training curve CSV', 'data/dispatcher/training-curve.csv')
  .exitOverride((err) => {
    process.exit(err.exitCode === 0 ? 0 : 2);
  })
  .configureOutput({ writeErr: (s) => process.stderr.write(s) });

program.parse();
const opts = program.opts<{ seed: number; iterations: number; evalEvery: number; outWeights: string; outCurve: string }>();

const t0 = performance.now();
const command = `npm run train:dispatcher -- --seed ${opts.seed} --iterations ${opts.iterations} --eval-every ${opts.evalEvery}`;
const result = trainDispatcher(
  { ...DEFAULT_TRAINING, seed: opts.seed, iterations: opts.iterations, evalEvery: opts.evalEvery },
  (p) => {
    const s = ((performance.now() - t0) / 1000).toFixed(0);
    process.stderr.write(`iter ${p.iteration}  train C/LB ${p.trainRatio.toFixed(3)}  validation gap to LB ${p.validationGap.toFixed(2)} %  (MWKR ${p.mwkrGap.toFixed(2)} %)  ${s} s\n`);
  },
);
const weights = { ...result.weights, meta: { ...result.weights.meta, command, batch: DEFAULT_TRAINING.batch, samples: DEFAULT_TRAINING.samples, learningRate: DEFAULT_TRAINING.learningRate } };
mkdirSync(dirname(opts.outWeights), { recursive: true });
writeFileSync(opts.outWeights, JSON.stringify(weights) + '\n');
mkdirSync(dirname(opts.outCurve), { recursive: true });
writeFileSync(
  opts.outCurve,
  'iteration,train_makespan_over_lb,validation_gap_to_lb_pct,mwkr_gap_to_lb_pct\n' +
    result.curve.map((p) => `${p.iteration},${p.trainRatio.toFixed(5)},${p.validationGap.toFixed(4)},${p.mwkrGap.toFixed(4)}`).join('\n') +
    '\n',
);
console.log(`wrote ${opts.outWeights} and ${opts.outCurve} in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
