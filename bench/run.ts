/**
 * `npm run bench [-- --jobs N --rounds R --json]`: the engine benchmark of issue 2.
 *
 * In one process, alternating rounds of: the reference model (bench/reference-model.ts) on the kernel with its RxJS bus
 * (FlowSimulation: channels, KPI accumulators subscribed through RxJS), and the same model on a minimal hand-written
 * typed-array heap loop (bench/plain-loop.ts). Prints events/s and jobs/s of each (median round), their ratio
 * (kernel / plain), and the mean time in system of each (theory: 90; both draw the same sample path).
 * Timing lives here, never in tests.
 */
import { Command, InvalidArgumentError } from 'commander';
import { FlowSimulation } from '../src/core/flow/flow-simulation.ts';
import { runPlainLoop } from './plain-loop.ts';
import { referenceModel, THEORY_TIME_IN_SYSTEM } from './reference-model.ts';

const positiveInteger = (value: string) => {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n <= 0) throw new InvalidArgumentError('expected a positive integer.');
  return n;
};

const options = new Command('bench')
  .description('Engine throughput: the kernel with its RxJS bus against a plain typed-array heap loop on the reference model.')
  .option('--jobs <n>', 'jobs through the line per round', positiveInteger, 1_000_000)
  .option('--rounds <r>', 'timed rounds per implementation (the median is reported)', positiveInteger, 5)
  .option('--seed <s>', 'random seed', positiveInteger, 1)
  .option('--json', 'print one JSON object per line')
  .showHelpAfterError()
  .parse()
  .opts<{ jobs: number; rounds: number; seed: number; json?: boolean }>();

interface Round {
  seconds: number;
  events: number;
  jobs: number;
  meanTimeInSystem: number;
}

function kernelRound(jobs: number, seed: number): Round {
  const started = performance.now();
  const run = new FlowSimulation(referenceModel(jobs), seed);
  run.sim.run();
  const seconds = (performance.now() - started) / 1000;
  return { seconds, events: run.sim.eventCount, jobs: run.exits, meanTimeInSystem: run.timeInSystem.mean };
}

function plainRound(jobs: number, seed: number): Round {
  const started = performance.now();
  const result = runPlainLoop(jobs, seed);
  const seconds = (performance.now() - started) / 1000;
  return { seconds, ...result };
}

const median = (rounds: Round[]): Round => [...rounds].sort((a, b) => a.seconds - b.seconds)[rounds.length >> 1]!;

// Warm-up: let both reach optimised code before timing.
kernelRound(50_000, options.seed);
plainRound(50_000, options.seed);

const kernel: Round[] = [];
const plain: Round[] = [];
for (let round = 0; round < options.rounds; round++) {
  plain.push(plainRound(options.jobs, options.seed));
  kernel.push(kernelRound(options.jobs, options.seed));
}
const k = median(kernel);
const p = median(plain);
const rows = [
  { implementation: 'kernel+rxjs-bus', ...summary(k) },
  { implementation: 'plain-heap-loop', ...summary(p) },
];
const ratio = k.seconds > 0 ? p.seconds / k.seconds : NaN;

function summary(r: Round) {
  return {
    jobs: r.jobs,
    events: r.events,
    seconds: round(r.seconds, 3),
    eventsPerSecond: Math.round(r.events / r.seconds),
    jobsPerSecond: Math.round(r.jobs / r.seconds),
    meanTimeInSystem: round(r.meanTimeInSystem, 4),
  };
}
function round(x: number, digits: number) {
  return Number(x.toFixed(digits));
}

if (options.json) {
  for (const row of rows) console.log(JSON.stringify({ benchmark: 'engine', rounds: options.rounds, ...row }));
  console.log(
    JSON.stringify({
      benchmark: 'engine',
      ratio: round(ratio, 3),
      target: 0.5,
      theoryTimeInSystem: THEORY_TIME_IN_SYSTEM,
      allRoundsSeconds: { kernel: kernel.map((r) => round(r.seconds, 3)), plain: plain.map((r) => round(r.seconds, 3)) },
    }),
  );
} else {
  console.log(`Reference model: 10 M/M/1 stations in series, rho 0.9, ${options.jobs.toLocaleString('en')} jobs, seed ${options.seed}; median of ${options.rounds} rounds`);
  console.log('');
  console.log('implementation     events/s     jobs/s   seconds  mean time in system');
  for (const row of rows) {
    console.log(
      `${row.implementation.padEnd(16)} ${row.eventsPerSecond.toLocaleString('en').padStart(10)} ${row.jobsPerSecond
        .toLocaleString('en')
        .padStart(10)} ${row.seconds.toFixed(3).padStart(9)}  ${row.meanTimeInSystem.toFixed(4).padStart(10)}`,
    );
  }
  console.log('');
  console.log(`ratio kernel / plain (jobs/s): ${ratio.toFixed(3)}   (target >= 0.5)`);
  console.log(`theory mean time in system: ${THEORY_TIME_IN_SYSTEM}`);
}
