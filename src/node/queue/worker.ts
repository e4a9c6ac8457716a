/**
 * A queue worker: takes run jobs from BullMQ and computes each in a worker-thread pool (so this thread stays free to
 * renew job locks however long a run lasts). A job from another FabTwin version is refused with the reason, never run:
 * its numbers could differ from what the submitter's version would give. Closing finishes the jobs in hand first.
 */
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { validateModel } from '../../core/model/load.ts';
import { contentHash } from '../content-hash.ts';
import { ExperimentPool } from '../pool/experiment-pool.ts';
import { queueClient } from './connection.ts';
import { encodeResult, FABTWIN_VERSION, jobSpec, RUN_QUEUE, type RunJobData } from './jobs.ts';

export interface QueueWorkerOptions {
  /** Jobs computed at once, one pool thread each. */
  concurrency: number;
  /** BullMQ's job lock (ms): a worker that stops renewing it (killed) loses the job after this long. */
  lockDuration?: number;
  /** How often (ms) BullMQ looks for jobs whose lock expired, to hand them to another worker. */
  stalledInterval?: number;
  /** One line per job taken, computed or refused. */
  log: (line: string) => void;
}

export interface QueueWorker {
  /** Resolves once connected and listening for jobs. */
  ready: Promise<void>;
  /**
   * Finishes the runs in hand, hands their results to Redis and disconnects: true. False when Redis did not take them
   * within `CLOSE_TIMEOUT_MS` (it is down): those runs are left to BullMQ's stalled check, and another worker.
   */
  close(): Promise<boolean>;
}

/** How long a stopping worker waits for Redis to take the results of its last runs. */
const CLOSE_TIMEOUT_MS = 10_000;

export function startQueueWorker(url: string, options: QueueWorkerOptions): QueueWorker {
  const pool = ExperimentPool.start(options.concurrency);
  /** The computations in hand, so stopping can wait for them apart from Redis. */
  const computing = new Set<Promise<unknown>>();
  /** Models already checked, by content hash: a job's model is checked once per worker, not once per run. */
  const checked = new Set<string>();
  const processor = async (job: Job<RunJobData>) => {
    const data = job.data;
    if (data.fabtwin !== FABTWIN_VERSION) {
      const reason =
        `refused by a worker running FabTwin ${FABTWIN_VERSION}: the run was submitted by FabTwin ${data.fabtwin}, ` +
        "whose numbers may differ; start workers of the submitter's version";
      options.log(`refused ${job.id} (${data.label}): ${reason}`);
      throw new UnrecoverableError(reason);
    }
    if (!checked.has(data.modelKey)) {
      // What a job carries is checked as a model file would be: the queue is shared, and a pool thread trusts its input.
      if (contentHash(data.model) !== data.modelKey) throw new UnrecoverableError(`job ${job.id} (${data.label}): its model does not match its hash`);
      try {
        validateModel(data.model, `job ${job.id} (${data.label}): model`);
      } catch (error) {
        throw new UnrecoverableError(error instanceof Error ? error.message : String(error));
      }
      checked.add(data.modelKey);
    }
    options.log(`started ${job.id} (${data.label})`);
    const started = performance.now();
    try {
      const computation = (await pool).run({ modelKey: data.modelKey, model: data.model, spec: jobSpec(data) });
      computing.add(computation);
      const result = await computation.finally(() => computing.delete(computation));
      options.log(`computed ${job.id} (${data.label}) in ${(performance.now() - started).toFixed(0)} ms`);
      return encodeResult(result);
    } catch (error) {
      const message = `run ${data.label} failed: ${error instanceof Error ? error.message : String(error)}`;
      options.log(`failed ${job.id}: ${message}`);
      // The same run fails the same way every time (it is deterministic): retrying would only repeat it.
      throw new UnrecoverableError(message);
    }
  };
  const connection = queueClient(url);
  const worker = new Worker<RunJobData>(RUN_QUEUE, processor, {
    connection,
    concurrency: options.concurrency,
    ...(options.lockDuration !== undefined ? { lockDuration: options.lockDuration } : {}),
    ...(options.stalledInterval !== undefined ? { stalledInterval: options.stalledInterval } : {}),
  });
  worker.on('error', (error) => options.log(`queue error: ${error.message}`));
  return {
    ready: Promise.all([worker.waitUntilReady(), pool]).then(() => undefined),
    async close() {
      // Takes no more jobs, and resolves once the jobs in hand are completed in Redis.
      const closing = worker.close();
      await Promise.allSettled([...computing]);
      let timer: NodeJS.Timeout | undefined;
      const saved = await Promise.race([
        closing.then(() => true),
        new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), CLOSE_TIMEOUT_MS))),
      ]);
      clearTimeout(timer);
      // BullMQ leaves a connection it was given open.
      connection.disconnect();
      await (await pool).close();
      return saved;
    },
  };
}
