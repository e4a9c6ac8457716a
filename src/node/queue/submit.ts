/**
 * `sim ... --queue URL`: the experiment's runs as BullMQ jobs, for `npm run worker` processes anywhere to compute.
 * The submitter checks the Redis first (exit 2 within seconds when it cannot be used), adds only the runs Redis does not
 * already hold (job ids are content hashes, so a resubmitted or interrupted experiment reuses every result there is),
 * waits for the rest with a progress bar, summarises with the core and prints what a local run prints. Results stay in
 * Redis `--keep-results` days, and the experiment's reproduction record beside them.
 *
 * Waiting relies on BullMQ's queue events, plus a slow sweep over the jobs still pending: it catches an event missed
 * while reconnecting, and a job that vanished because Redis restarted without persistence (it is added again; being
 * content-addressed, adding it twice is harmless).
 */
import { Job, Queue, QueueEvents } from 'bullmq';
import type { ExperimentReport, RunResult, RunSpec } from '../../core/experiment/experiment.ts';
import type { PreparedCommand } from '../../cli/sim.ts';
import { contentHash } from '../content-hash.ts';
import { describeRun, summarizeAll } from '../pool/experiments.ts';
import { checkRedis, QueueConnectionError, queueClient } from './connection.ts';
import { decodeResult, RECORD_KEY_PREFIX, RUN_QUEUE, runJob, type RunJobData } from './jobs.ts';

export interface SubmitOptions {
  keepDays: number;
  io: {
    out: (text: string) => void;
    err: (text: string) => void;
    progress?: (label: string) => { update(fraction: number): void; done(): void };
  };
  /** How often (ms) the pending jobs are looked at directly, besides the queue's events. */
  sweepInterval?: number;
}

/** One job, and every planned run it answers (identical runs in one experiment, such as L3 and a capability raised to L3, share it). */
interface PendingJob {
  data: RunJobData;
  runs: { experiment: number; spec: RunSpec }[];
}

export async function submitToQueue(url: string, prepared: PreparedCommand, options: SubmitOptions): Promise<number> {
  const { io } = options;
  try {
    await checkRedis(url);
  } catch (error) {
    if (!(error instanceof QueueConnectionError)) throw error;
    io.err(`${error.message}\n`);
    return 2;
  }
  const keepSeconds = Math.round(options.keepDays * 86_400);
  const jobs = new Map<string, PendingJob>();
  prepared.experiments.forEach((experiment, index) => {
    for (const spec of experiment.plan) {
      const { id, data } = runJob(experiment.content, experiment.modelKey, spec, describeRun(experiment, spec));
      const job = jobs.get(id) ?? { data, runs: [] };
      job.runs.push({ experiment: index, spec });
      jobs.set(id, job);
    }
  });
  const total = jobs.size;

  // Auto-pipelining batches the many small commands of adding and sweeping hundreds of jobs into few round trips.
  const connection = queueClient(url, { enableAutoPipelining: true });
  const queue = new Queue<RunJobData>(RUN_QUEUE, { connection });
  const eventsConnection = queueClient(url);
  const events = new QueueEvents(RUN_QUEUE, { connection: eventsConnection });
  const results = new Map<string, unknown>();
  const bar = io.progress?.(`${prepared.label} on ${url}`);
  let failure: string | undefined;
  let wake: () => void = () => {};
  const settle = (id: string, outcome: { result: unknown } | { failed: string }) => {
    const job = jobs.get(id);
    if (!job || results.has(id) || failure !== undefined) return;
    if ('failed' in outcome) failure = `run ${job.data.label} failed on the queue: ${outcome.failed}`;
    else results.set(id, outcome.result);
    bar?.update(results.size / total);
    if (results.size === total || failure !== undefined) wake();
  };
  events.on('completed', ({ jobId, returnvalue }) => settle(jobId, { result: returnvalue }));
  events.on('failed', ({ jobId, failedReason }) => settle(jobId, { failed: failedReason }));

  const jobOptions = { removeOnComplete: { age: keepSeconds }, removeOnFail: { age: keepSeconds } };
  /** Looks at every pending job: takes finished results, retries failed jobs of an earlier submission, adds missing ones. */
  const sweep = async (first: boolean): Promise<{ reused: number; added: number }> => {
    const pending = [...jobs.keys()].filter((id) => !results.has(id));
    const missing: string[] = [];
    let reused = 0;
    await Promise.all(
      pending.map(async (id) => {
        // The state first, then the job: a job read while running has no result yet, even if it finishes meanwhile.
        const state = await queue.getJobState(id);
        if (state === 'unknown') return void missing.push(id);
        if (state !== 'completed' && state !== 'failed') return;
        const job = await Job.fromId<RunJobData>(queue, id);
        if (!job) return void missing.push(id);
        if (state === 'completed') {
          settle(id, { result: job.returnvalue });
          reused++;
        } else if (first) {
          // Failed for an earlier submission (a refusal, a crash): this submission asks for it again.
          await job.retry('failed');
        } else {
          settle(id, { failed: job.failedReason ?? 'failed' });
        }
      }),
    );
    if (missing.length > 0) {
      await queue.addBulk(missing.map((id) => ({ name: 'run', data: jobs.get(id)!.data, opts: { ...jobOptions, jobId: id } })));
    }
    return { reused, added: missing.length };
  };

  try {
    await events.waitUntilReady();
    const { reused, added } = await sweep(true);
    io.err(`${url}: ${total} runs: ${reused} already computed, ${added} enqueued, ${total - reused - added} already queued\n`);
    const interval = options.sweepInterval ?? 2000;
    let seen = results.size;
    while (results.size < total && failure === undefined) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, interval);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      // Sweep only when no result came in for a whole interval: while events flow, they are the cheaper path.
      if (results.size === seen && results.size < total && failure === undefined) {
        const { added } = await sweep(false);
        if (added > 0) io.err(`${url}: ${added} runs were gone from Redis (restarted without persistence?): enqueued again\n`);
      }
      seen = results.size;
    }
    bar?.done();
    if (failure !== undefined) {
      io.err(`${failure}\n`);
      return 1;
    }
    const perExperiment: RunResult[][] = prepared.experiments.map(() => []);
    for (const [id, job] of jobs) {
      for (const { experiment, spec } of job.runs) perExperiment[experiment]!.push(decodeResult(results.get(id), spec));
    }
    const reports: ExperimentReport[] = summarizeAll(prepared.experiments, perExperiment);
    const record = prepared.record(reports);
    const key = `${RECORD_KEY_PREFIX}${contentHash(record)}`;
    await connection.set(key, JSON.stringify(record), 'EX', keepSeconds);
    io.err(`${url}: results and their reproduction record (${key}) kept ${options.keepDays} days\n`);
    return prepared.finish(reports);
  } finally {
    bar?.done();
    await events.close();
    await queue.close();
    // BullMQ leaves connections it was given open.
    eventsConnection.disconnect();
    connection.disconnect();
  }
}
