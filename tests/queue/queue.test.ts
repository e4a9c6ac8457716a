/**
 * Experiments on BullMQ over a Redis of the test's own: real `npm run worker` and `npm run sim -- --queue` processes.
 * Each test starts its own Redis (results are shared by content, so tests must not see each other's) and stops
 * everything it started. Time-bounded: short BullMQ lock and stalled-check settings where a worker is killed.
 */
import { Queue } from 'bullmq';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main, runCli } from '../../src/cli/sim.ts';
import { contentHash } from '../../src/node/content-hash.ts';
import { loadModelFile } from '../../src/node/model-file.ts';
import { prepareExperiment } from '../../src/node/pool/experiments.ts';
import { queueClient } from '../../src/node/queue/connection.ts';
import { FABTWIN_VERSION, RUN_QUEUE, runJob, type RunJobData } from '../../src/node/queue/jobs.ts';
import { submitToQueue } from '../../src/node/queue/submit.ts';
import { startQueueWorker } from '../../src/node/queue/worker.ts';
import { computedJobs, freePort, spawnNpm, startRedis, type Spawned, type TestRedis } from './redis-server.ts';

const started: Spawned[] = [];
const servers: TestRedis[] = [];
afterEach(async () => {
  for (const child of started.splice(0)) {
    child.kill('SIGKILL');
    await child.exited;
  }
  for (const server of servers.splice(0)) await server.dispose();
});

async function redis(options?: { persistence?: boolean }): Promise<TestRedis> {
  const server = await startRedis(options);
  servers.push(server);
  return server;
}

async function worker(url: string, ...extra: string[]): Promise<Spawned> {
  const child = spawnNpm('worker', ['--queue', url, '--concurrency', '1', ...extra]);
  started.push(child);
  await child.waitFor(/^worker ready/);
  return child;
}

function submit(url: string, argv: string[]): Spawned {
  const child = spawnNpm('sim', [...argv, '--format', 'json', '--queue', url]);
  started.push(child);
  return child;
}

function local(argv: string[]): string {
  let out = '';
  expect(main([...argv, '--format', 'json', '--workers', '1'], { out: (t) => (out += t), err: () => {} })).toBe(0);
  return out;
}

const plant = ['factory-models/3c-machining.json', '--days', '20', '--seeds', '2'];

describe('experiments through BullMQ on Redis', () => {
  it('two workers give what --workers 1 gives, bit for bit, each run computed once', async () => {
    const server = await redis();
    const [a, b] = await Promise.all([worker(server.url), worker(server.url)]);
    const submitter = submit(server.url, plant);
    expect(await submitter.exited).toBe(0);
    expect(submitter.out()).toBe(local(plant));
    expect(submitter.err()).toContain('6 runs: 0 already computed, 6 enqueued');
    const computed = [...computedJobs(a.out()), ...computedJobs(b.out())];
    expect(computed).toHaveLength(6);
    expect(new Set(computed).size).toBe(6);

    // Asked again: every result comes from Redis, nothing is computed.
    const again = submit(server.url, plant);
    expect(await again.exited).toBe(0);
    expect(again.err()).toContain('6 runs: 6 already computed, 0 enqueued');
    expect(again.out()).toBe(submitter.out());
    expect(computedJobs(a.out()).length + computedJobs(b.out()).length).toBe(6);
  }, 180_000);

  it('a worker killed (SIGKILL) while it holds a job: another takes the job up, and the result is identical', async () => {
    const server = await redis();
    const fast = ['--lock-duration', '3000', '--stalled-interval', '1000'];
    const victim = await worker(server.url, ...fast);
    const argv = ['factory-models/3c-machining.json', '--level', 'L1', '--days', '60', '--seeds', '3'];
    const submitter = submit(server.url, argv);
    const taken = /^started (run-[0-9a-f]+)/.exec(await victim.waitFor(/^started run-/))![1]!;
    victim.kill('SIGKILL');
    expect(await victim.exited).toBe('SIGKILL');
    expect(computedJobs(victim.out())).not.toContain(taken);
    const rescuer = await worker(server.url, ...fast);
    expect(await submitter.exited).toBe(0);
    expect(computedJobs(rescuer.out())).toContain(taken);
    expect(submitter.out()).toBe(local(argv));
  }, 180_000);

  it('a submitter interrupted and run again computes only the missing runs', async () => {
    const server = await redis();
    const argv = ['factory-models/3c-machining.json', '--level', 'L1', '--days', '40', '--seeds', '16'];
    const first = submit(server.url, argv);
    await first.waitFor(/16 runs: 0 already computed, 16 enqueued/);
    const early = await worker(server.url);
    await early.waitUntil((log) => computedJobs(log).length >= 3);
    first.kill('SIGINT'); // Ctrl-C
    early.kill('SIGTERM'); // finishes the run in hand, then stops
    await early.waitFor(/^worker stopped/);
    const before = computedJobs(early.out());
    expect(before.length).toBeLessThan(16);
    // Every run the worker took up, it finished before stopping.
    expect(before).toEqual([...early.out().matchAll(/^started (run-[0-9a-f]+)/gm)].map((m) => m[1]));

    const second = submit(server.url, argv);
    await second.waitFor(/16 runs: /);
    expect(second.err()).toContain(`16 runs: ${before.length} already computed, 0 enqueued, ${16 - before.length} already queued`);
    const late = await worker(server.url);
    expect(await second.exited).toBe(0);
    const after = computedJobs(late.out());
    expect(after).toHaveLength(16 - before.length);
    expect(new Set([...before, ...after]).size).toBe(16);
    expect(second.out()).toBe(local(argv));
  }, 180_000);

  it.each([
    ['with its default persistence (snapshot on shutdown): the queue survives', true],
    ['without persistence: the submitter sees its jobs gone and enqueues them again', false],
  ])(
    'Redis restarted mid-experiment, %s; the experiment completes with the same numbers',
    async (_name, persistence) => {
      const server = await redis({ persistence });
      const argv = ['factory-models/3c-machining.json', '--level', 'L1', '--days', '40', '--seeds', '5'];
      const runner = await worker(server.url);
      const submitter = spawnNpm('sim', [...argv, '--format', 'json', '--queue', server.url]);
      started.push(submitter);
      await runner.waitUntil((log) => computedJobs(log).length >= 1);
      await server.stop();
      await new Promise((resolve) => setTimeout(resolve, 1000));
      await server.start();
      expect(await submitter.exited).toBe(0);
      expect(submitter.out()).toBe(local(argv));
      expect(submitter.err().includes('were gone from Redis')).toBe(!persistence);
    },
    180_000,
  );
});

describe('a worker stopped while its Redis is down', () => {
  it('with no run in hand it stops at once; with one it says the result was not saved and exits non-zero', async () => {
    const server = await redis();
    const idle = await worker(server.url);
    const busy = await worker(server.url);
    const submitter = submit(server.url, ['factory-models/3c-machining.json', '--level', 'L1', '--days', '120', '--seeds', '1']);
    await Promise.race([idle.waitFor(/^started run-/), busy.waitFor(/^started run-/)]);
    const [holding, free] = /^started/m.test(idle.out()) ? [idle, busy] : [busy, idle];
    await server.stop();
    free.kill('SIGTERM');
    holding.kill('SIGTERM');
    await free.waitFor(/^worker stopped/, 30_000);
    await holding.waitFor(/did not take the results of the last runs in time/, 60_000);
    expect(await holding.exited).not.toBe(0);
    submitter.kill('SIGKILL');
  }, 120_000);
});

function capture() {
  let out = '';
  let err = '';
  return { io: { out: (t: string) => (out += t), err: (t: string) => (err += t) }, out: () => out, err: () => err };
}

describe('queue faults and bad input, in process', () => {
  it('a worker refuses a job from another FabTwin version, saying why', async () => {
    const server = await redis();
    const lines: string[] = [];
    const runner = startQueueWorker(server.url, { concurrency: 1, log: (line) => lines.push(line) });
    await runner.ready;
    const connection = queueClient(server.url);
    const queue = new Queue<RunJobData>(RUN_QUEUE, { connection });
    try {
      const content = loadModelFile('factory-models/teaching/mm1.json');
      const prepared = prepareExperiment('mm1.json', content, { levels: ['L1'], seeds: [1], until: 100 });
      const { data } = runJob(content, prepared.modelKey, prepared.plan[0]!, 'mm1 L1 seed 1');
      await queue.add('run', { ...data, fabtwin: '0.0.0-other' }, { jobId: 'run-other-version' });
      let state = '';
      for (let i = 0; i < 200 && state !== 'failed' && state !== 'completed'; i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        state = await queue.getJobState('run-other-version');
      }
      expect(state).toBe('failed');
      const job = await queue.getJob('run-other-version');
      expect(job!.failedReason).toBe(
        `refused by a worker running FabTwin ${FABTWIN_VERSION}: the run was submitted by FabTwin 0.0.0-other, whose numbers may differ; ` +
          "start workers of the submitter's version",
      );
      expect(job!.returnvalue ?? null).toBeNull();
      expect(lines.some((line) => line.startsWith('refused run-other-version (mm1 L1 seed 1)'))).toBe(true);
    } finally {
      await queue.close();
      connection.disconnect();
      await runner.close();
    }
  }, 60_000);

  it('a worker refuses a job whose model is not a valid model, naming what is wrong', async () => {
    const server = await redis();
    const runner = startQueueWorker(server.url, { concurrency: 1, log: () => {} });
    await runner.ready;
    const connection = queueClient(server.url);
    const queue = new Queue<RunJobData>(RUN_QUEUE, { connection });
    try {
      const content = loadModelFile('factory-models/teaching/mm1.json');
      const broken = { ...content, stations: [] } as unknown as typeof content;
      const prepared = prepareExperiment('mm1.json', content, { levels: ['L1'], seeds: [1], until: 100 });
      const { data } = runJob(broken, contentHash(broken), prepared.plan[0]!, 'mm1 L1 seed 1');
      await queue.add('run', data, { jobId: 'run-broken-model' });
      let state = '';
      for (let i = 0; i < 200 && state !== 'failed' && state !== 'completed'; i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        state = await queue.getJobState('run-broken-model');
      }
      expect(state).toBe('failed');
      expect((await queue.getJob('run-broken-model'))!.failedReason).toMatch(/^job run-broken-model \(mm1 L1 seed 1\): model: stations/);
    } finally {
      await queue.close();
      connection.disconnect();
      await runner.close();
    }
  }, 60_000);

  it('a run that throws reaches the submitter with its model, level and seed; exit 1', async () => {
    const server = await redis();
    const runner = startQueueWorker(server.url, { concurrency: 1, log: () => {} });
    await runner.ready;
    try {
      const content = loadModelFile('factory-models/teaching/mm1.json');
      const prepared = prepareExperiment('mm1.json', content, { levels: ['L1'], seeds: [7, 8], until: 100 });
      // A run length the kernel refuses: the worker's run throws.
      prepared.plan[1]!.until = -100;
      const command = { label: 'mm1', experiments: [prepared], finish: () => 0, record: () => ({}) as never };
      const { io, err } = capture();
      expect(await submitToQueue(server.url, command, { keepDays: 1, io })).toBe(1);
      expect(err()).toMatch(/run mm1\.json \(M\/M\/1 queue \(rho = 0\.9\)\) L1 seed 8 failed on the queue: run mm1\.json .* L1 seed 8 failed: /);
    } finally {
      await runner.close();
    }
  }, 60_000);

  it('an unreachable or malformed Redis URL: a clear message and exit 2 within 10 s', async () => {
    const closed = `redis://127.0.0.1:${await freePort()}`;
    for (const [url, message] of [
      [closed, `--queue ${closed}: cannot use this Redis: connect ECONNREFUSED`],
      ['http://127.0.0.1:6379', '--queue http://127.0.0.1:6379: expected the redis:// (or rediss://) scheme, got http://'],
      ['redis://127.0.0.1:6379/x', 'expected a database number after the port'],
    ] as const) {
      const { io, err } = capture();
      const startedAt = performance.now();
      expect(await runCli(['factory-models/teaching/mm1.json', '--queue', url], io)).toBe(2);
      expect(performance.now() - startedAt).toBeLessThan(10_000);
      expect(err()).toContain(message);
    }
  }, 60_000);

  it('a bad model is refused before anything is enqueued', async () => {
    const server = await redis();
    const file = join(mkdtempSync(join(tmpdir(), 'fabtwin-bad-')), 'bad.json');
    writeFileSync(file, JSON.stringify({ kind: 'flow', name: 'bad' }));
    const { io, err } = capture();
    expect(await runCli([file, '--queue', server.url], io)).toBe(2);
    expect(err()).toContain(`${file}: `);
    const connection = queueClient(server.url);
    const queue = new Queue(RUN_QUEUE, { connection });
    try {
      const counts = await queue.getJobCounts();
      expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(0);
    } finally {
      await queue.close();
      connection.disconnect();
    }
  }, 60_000);
});
