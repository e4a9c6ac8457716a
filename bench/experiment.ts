/**
 * `npm run bench:experiment [-- --days 30 --seeds 8 --trivial-jobs 2000 --json]`: experiments beyond one core (issue 16).
 *
 * 1. The 3C plant, three levels, 30 days, 8 seeds (24 runs), as `sim --format json` runs it: in this process
 *    (`--workers 1`), on a two-thread pool (`--workers 2`), and through BullMQ on a Redis of its own with two local
 *    `npm run worker` processes (one run at a time each, started and warm before the clock starts, as cluster workers
 *    are), then once more on other seeds with those workers warm (steady state). Wall time of each, speed-up over
 *    `--workers 1`, and a check that the first three print the same bytes.
 * 2. The queue's overhead per job: a trivial model (M/M/1 for one minute of simulated time, so the run itself costs
 *    microseconds), `--trivial-jobs` runs through four workers (default concurrency: the cores): jobs/s end to end (enqueue, take, compute, complete,
 *    the submitter collecting every result).
 * The load average is printed with the figures: this machine may be shared. Timing lives here, never in tests.
 */
import { Command, InvalidArgumentError } from 'commander';
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { main, runCli } from '../src/cli/sim.ts';
// The test suite's helpers: a Redis on a free loopback port with a temporary folder, and worker process groups.
import { spawnNpm, startRedis, type Spawned } from '../tests/queue/redis-server.ts';

const positive = (value: string) => {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a positive number.');
  return n;
};

const options = new Command('bench:experiment')
  .description('Experiment wall time on one core, a thread pool and a BullMQ queue; the queue overhead per job.')
  .option('--days <n>', 'simulated days per run of the 3C plant', positive, 30)
  .option('--seeds <k>', 'seeds per level', positive, 8)
  .option('--trivial-jobs <n>', 'jobs for the queue overhead measurement', positive, 2000)
  .option('--json', 'print one JSON object')
  .showHelpAfterError()
  .parse()
  .opts<{ days: number; seeds: number; trivialJobs: number; json?: boolean }>();

const silent = { out: () => {}, err: () => {} };

async function timed(run: (io: { out: (t: string) => void; err: (t: string) => void }) => number | Promise<number>) {
  let out = '';
  const started = performance.now();
  const cpu = process.cpuUsage();
  const code = await run({ out: (t) => (out += t), err: silent.err });
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  if (code !== 0) throw new Error(`exit ${code}`);
  // This process's threads only: for the queue the work is in the worker processes.
  return { seconds, cpuSeconds: (used.user + used.system) / 1e6, out };
}

async function workers(url: string, count: number, concurrency: number): Promise<Spawned[]> {
  const started = Array.from({ length: count }, () => spawnNpm('worker', ['--queue', url, '--concurrency', String(concurrency), '--quiet']));
  await Promise.all(started.map((w) => w.waitFor(/^worker ready/, 120_000)));
  // Let the pool threads finish loading the sources before the clock starts.
  await new Promise((resolve) => setTimeout(resolve, 3000));
  return started;
}

async function stop(spawned: Spawned[]) {
  for (const w of spawned) w.kill('SIGTERM');
  await Promise.all(spawned.map((w) => w.exited));
}

/** CPU seconds used so far by the processes of a process group, or by one process (Linux /proc; 0 where unreadable). */
function cpuOf(filter: { group?: number; pid?: number }): number {
  const ticks = 100; // USER_HZ on Linux
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    if (filter.pid !== undefined && Number(entry) !== filter.pid) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces) start at state: pgrp is the 3rd, utime the 12th, stime the 13th.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (filter.group !== undefined && Number(fields[2]) !== filter.group) continue;
      total += (Number(fields[11]) + Number(fields[12])) / ticks;
    } catch {
      // The process ended meanwhile.
    }
  }
  return total;
}

const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
const loadBefore = load();
const plant = ['factory-models/3c-machining.json', '--level', 'all', '--days', String(options.days), '--seeds', String(options.seeds), '--format', 'json'];
const runs = 3 * options.seeds;

const serial = await timed((io) => main([...plant, '--workers', '1'], io));
const pooled = await timed((io) => runCli([...plant, '--workers', '2'], io));

const redis = await startRedis();
let queued: { seconds: number; cpuSeconds: number; out: string };
let queuedWarm: { seconds: number; cpuSeconds: number; out: string };
let trivial: { seconds: number; jobsPerSecond: number; cpuMsPerJob: { redis: number; workers: number; submitter: number } };
try {
  const two = await workers(redis.url, 2, 1);
  try {
    queued = await timed((io) => runCli([...plant, '--queue', redis.url], io));
    // Steady state: the same workers again, warm (their threads have run the plant), on other seeds so nothing is reused.
    queuedWarm = await timed((io) => runCli([...plant, '--seed', '1001', '--queue', redis.url], io));
  } finally {
    await stop(two);
  }
  const four = await workers(redis.url, 4, availableParallelism());
  try {
    const argv = ['factory-models/teaching/mm1.json', '--until', '1', '--seeds', String(options.trivialJobs), '--format', 'json', '--queue', redis.url];
    const workersCpu = () => four.reduce((sum, w) => sum + cpuOf({ group: w.process.pid }), 0);
    const redisBefore = cpuOf({ pid: redis.pid() });
    const workersBefore = workersCpu();
    const { seconds, cpuSeconds } = await timed((io) => runCli(argv, io));
    const perJob = (cpu: number) => (1000 * cpu) / options.trivialJobs;
    trivial = {
      seconds,
      jobsPerSecond: options.trivialJobs / seconds,
      cpuMsPerJob: { redis: perJob(cpuOf({ pid: redis.pid() }) - redisBefore), workers: perJob(workersCpu() - workersBefore), submitter: perJob(cpuSeconds) },
    };
  } finally {
    await stop(four);
  }
} finally {
  await redis.dispose();
}

const result = {
  plant: { model: '3c-machining', levels: 3, days: options.days, seeds: options.seeds, runs },
  seconds: { workers1: serial.seconds, workers2: pooled.seconds, queue2: queued.seconds, queue2Warm: queuedWarm.seconds },
  cpuSeconds: { workers1: serial.cpuSeconds, workers2: pooled.cpuSeconds },
  speedup: { workers2: serial.seconds / pooled.seconds, queue2: serial.seconds / queued.seconds, queue2Warm: serial.seconds / queuedWarm.seconds },
  identical: pooled.out === serial.out && queued.out === serial.out,
  queueOverhead: { jobs: options.trivialJobs, workers: 4, seconds: trivial.seconds, jobsPerSecond: trivial.jobsPerSecond, cpuMsPerJob: trivial.cpuMsPerJob },
  loadAverage: { before: loadBefore, after: load() },
};
if (options.json) {
  console.log(JSON.stringify(result));
} else {
  const f = (x: number) => x.toFixed(2);
  console.log(`3C plant, 3 levels, ${options.days} days, ${options.seeds} seeds (${runs} runs):`);
  console.log(`  --workers 1           ${f(serial.seconds)} s   (CPU ${f(serial.cpuSeconds)} s)`);
  console.log(`  --workers 2           ${f(pooled.seconds)} s   speed-up ${f(result.speedup.workers2)}   (CPU of both threads ${f(pooled.cpuSeconds)} s)`);
  console.log(`  --queue, 2 workers    ${f(queued.seconds)} s   speed-up ${f(result.speedup.queue2)}   (workers just started)`);
  console.log(`  --queue, 2 workers    ${f(queuedWarm.seconds)} s   speed-up ${f(result.speedup.queue2Warm)}   (the same workers again, other seeds)`);
  console.log(`  same output, bit for bit: ${result.identical ? 'yes' : 'NO'}`);
  console.log(`queue overhead: ${options.trivialJobs} trivial jobs, 4 workers: ${f(trivial.seconds)} s, ${trivial.jobsPerSecond.toFixed(0)} jobs/s`);
  const cpu = trivial.cpuMsPerJob;
  console.log(`  CPU per job: Redis ${cpu.redis.toFixed(3)} ms, workers ${cpu.workers.toFixed(3)} ms, submitter ${cpu.submitter.toFixed(3)} ms`);
  console.log(`  so one Redis core could serve about ${(1000 / cpu.redis).toFixed(0)} jobs/s`);
  console.log(`load average (1, 5, 15 min): before ${result.loadAverage.before}, after ${result.loadAverage.after}`);
}
if (!result.identical) process.exitCode = 1;
