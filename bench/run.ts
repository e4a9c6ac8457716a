/**
 * `npm run bench [-- --jobs N --rounds R --json]`: the engine benchmark of issue 2. `npm run bench -- --soak [--years N]`:
 * the plants' cost and heap per simulated year over a long run (bench/soak.ts).
 *
 * In one process, alternating rounds of: the reference model (bench/reference-model.ts) on the kernel with its RxJS bus
 * (FlowSimulation: channels, KPI accumulators subscribed through RxJS), and the same model on a minimal hand-written
 * typed-array heap loop (bench/plain-loop.ts). Prints events/s and jobs/s of each (median round), their ratio
 * (kernel / plain), and the mean time in system of each (theory: 90; both draw the same sample path).
 * Each round is timed by the wall clock and by the process's CPU time: on a shared machine the CPU-time ratio is the
 * steadier of the two. Timing lives here, never in tests.
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
  .option('--soak', "instead: the two plants' time and heap per simulated year over a long run")
  .option('--years <n>', 'simulated years for --soak', positiveInteger, 10)
  .showHelpAfterError()
  .parse()
  .opts<{ jobs: number; rounds: number; seed: number; json?: boolean; soak?: boolean; years: number }>();

if (options.soak) {
  const { runSoak } = await import('./soak.ts');
  runSoak(options.years, options.json ?? false);
  process.exit(0);
}

interface Round {
  seconds: number;
  cpuSeconds: number;
  events: number;
  jobs: number;
  meanTimeInSystem: number;
}

function cpuSecondsNow(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
}

function timed(work: () => { events: number; jobs: number; meanTimeInSystem: number }): Round {
  const wallStart = performance.now();
  const cpuStart = cpuSecondsNow();
  const result = work();
  return { seconds: (performance.now() - wallStart) / 1000, cpuSeconds: cpuSecondsNow() - cpuStart, ...result };
}

function kernelRound(jobs: number, seed: number): Round {
  return timed(() => {
    const run = new FlowSimulation(referenceModel(jobs), seed);
    run.sim.run();
    return { events: run.sim.eventCount, jobs: run.exits, meanTimeInSystem: run.timeInSystem.mean };
  });
}

function plainRound(jobs: number, seed: number): Round {
  return timed(() => runPlainLoop(jobs, seed));
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[values.length >> 1]!;

// Warm-up: let both reach optimised code before timing.
kernelRound(50_000, options.seed);
plainRound(50_000, options.seed);

const kernel: Round[] = [];
const plain: Round[] = [];
for (let round = 0; round < options.rounds; round++) {
  plain.push(plainRound(options.jobs, options.seed));
  kernel.push(kernelRound(options.jobs, options.seed));
}
const rows = [
  { implementation: 'kernel+rxjs-bus', ...summary(kernel) },
  { implementation: 'plain-heap-loop', ...summary(plain) },
];
const ratio = rows[0]!.jobsPerSecond / rows[1]!.jobsPerSecond;
const ratioCpu = rows[0]!.jobsPerCpuSecond / rows[1]!.jobsPerCpuSecond;

/** Medians over rounds (every round runs the same jobs, so events and results are the same in each). */
function summary(rounds: Round[]) {
  const first = rounds[0]!;
  const seconds = median(rounds.map((r) => r.seconds));
  const cpuSeconds = median(rounds.map((r) => r.cpuSeconds));
  return {
    jobs: first.jobs,
    events: first.events,
    seconds: round(seconds, 3),
    cpuSeconds: round(cpuSeconds, 3),
    eventsPerSecond: Math.round(first.events / seconds),
    jobsPerSecond: Math.round(first.jobs / seconds),
    jobsPerCpuSecond: Math.round(first.jobs / cpuSeconds),
    meanTimeInSystem: round(first.meanTimeInSystem, 4),
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
      ratioCpu: round(ratioCpu, 3),
      target: 0.5,
      theoryTimeInSystem: THEORY_TIME_IN_SYSTEM,
      allRoundsSeconds: { kernel: kernel.map((r) => round(r.seconds, 3)), plain: plain.map((r) => round(r.seconds, 3)) },
    }),
  );
} else {
  console.log(
    `Reference model: 10 M/M/1 stations in series, rho 0.9, ${options.jobs.toLocaleString('en')} jobs, seed ${options.seed}; median of ${options.rounds} rounds`,
  );
  console.log('');
  console.log('implementation     events/s     jobs/s   seconds  cpu seconds  mean time in system');
  for (const row of rows) {
    console.log(
      `${row.implementation.padEnd(16)} ${row.eventsPerSecond.toLocaleString('en').padStart(10)} ${row.jobsPerSecond
        .toLocaleString('en')
        .padStart(10)} ${row.seconds.toFixed(3).padStart(9)} ${row.cpuSeconds.toFixed(3).padStart(12)}  ${row.meanTimeInSystem.toFixed(4).padStart(10)}`,
    );
  }
  console.log('');
  console.log(`ratio kernel / plain (jobs/s, wall clock): ${ratio.toFixed(3)}   (target >= 0.5)`);
  console.log(`ratio kernel / plain (jobs per CPU second): ${ratioCpu.toFixed(3)}`);
  console.log(`theory mean time in system: ${THEORY_TIME_IN_SYSTEM}`);
}
