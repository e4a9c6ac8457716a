/**
 * `npm run worker -- --queue redis://host:port[/db] [--concurrency N]`: computes experiment runs that `npm run sim --
 * ... --queue URL` enqueues, until SIGINT or SIGTERM (the jobs in hand are finished first, then exit 0). Run as many as
 * you like, on as many machines. Exit 2: bad options or a Redis that cannot be reached.
 */
import { Option } from 'commander';
import { availableParallelism } from 'node:os';
import { badInputExit, isScript, newCommand, parseCommand, positiveInteger, processIo, runEntry, type CliIo } from './command.ts';

interface WorkerCliOptions {
  queue: string;
  concurrency: number;
  lockDuration?: number;
  stalledInterval?: number;
  quiet?: boolean;
}

export async function workerMain(argv: readonly string[], io: CliIo): Promise<number> {
  const command = newCommand('worker', 'Compute FabTwin experiment runs from a BullMQ queue on Redis until stopped (SIGINT/SIGTERM).', io)
    .requiredOption('--queue <url>', 'the Redis the submitters use: redis://host:port[/db]')
    .addOption(new Option('--concurrency <n>', 'runs computed at once (threads)').default(availableParallelism()).argParser(positiveInteger('--concurrency')))
    .addOption(
      new Option('--lock-duration <ms>', "BullMQ's job lock: a killed worker's job goes to another worker after about this long").argParser(
        positiveInteger('--lock-duration'),
      ),
    )
    .addOption(new Option('--stalled-interval <ms>', 'how often to look for jobs whose worker died').argParser(positiveInteger('--stalled-interval')))
    .addOption(new Option('--quiet', 'no line per job'));
  const exit = parseCommand(command, argv);
  if (exit !== undefined) return exit;
  const options = command.opts<WorkerCliOptions>();
  // Loaded once the invocation is known good: BullMQ and ioredis are most of this command's start-up.
  const [{ checkRedis, QueueConnectionError }, { FABTWIN_VERSION }, { startQueueWorker }] = await Promise.all([
    import('../node/queue/connection.ts'),
    import('../node/queue/jobs.ts'),
    import('../node/queue/worker.ts'),
  ]);
  try {
    await checkRedis(options.queue);
  } catch (error) {
    return badInputExit(error, io, [QueueConnectionError]);
  }
  const log = options.quiet ? () => {} : (line: string) => io.out(`${line}\n`);
  const worker = startQueueWorker(options.queue, { ...options, log });
  await worker.ready;
  io.out(`worker ready: FabTwin ${FABTWIN_VERSION}, ${options.concurrency} at once, queue ${options.queue}\n`);
  await new Promise<void>((resolve) => {
    // A signal can arrive twice (a terminal's Ctrl-C reaches the whole process group, and tsx relays it to this process
    // as well): the first stops the worker, the others must not kill it before its jobs in hand are finished.
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      io.out(`${signal}: finishing the jobs in hand\n`);
      resolve();
    };
    process.on('SIGINT', () => stop('SIGINT'));
    process.on('SIGTERM', () => stop('SIGTERM'));
  });
  if (!(await worker.close())) {
    io.err(
      `worker: ${options.queue} did not take the results of the last runs in time (is Redis down?); ` +
        'they will be computed again by another worker after the stalled-job check\n',
    );
    return 1;
  }
  io.out('worker stopped\n');
  return 0;
}

/** The terminal entry of `npm run worker` and `fabtwin worker`; it exits at once when done, even where a connection to a
 * Redis that went away is still trying to reconnect. */
export const runMain = (argv: readonly string[]): Promise<number> => workerMain(argv, processIo);

if (isScript(import.meta.url)) await runEntry(runMain, process.argv.slice(2), 'exit');
