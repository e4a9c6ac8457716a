/**
 * A pool of worker threads (piscina) that runs planned replications: the next run goes to whichever thread is free.
 * Results carry their plan index, so the caller summarises them with the core in plan order, whatever order they finish
 * in: the report is the serial runner's, bit for bit.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Piscina } from 'piscina';
import type { RunResult } from '../../core/experiment/experiment.ts';
import type { RunTask } from './run-task.ts';

/**
 * Speed trick: the threads load one JavaScript bundle of the worker's sources (esbuild, packages left external, written
 * once per content under node_modules/.cache so they resolve from node_modules) instead of each thread compiling the
 * TypeScript through its own tsx loader, which cost about 2 s per thread on a loaded 2-core machine against about 0.5 s.
 * Where the bundle cannot be made (esbuild missing, read-only folder), `pool-entry.mjs` loads the sources through tsx.
 */
async function workerFile(): Promise<string> {
  // The compiled `fabtwin` command (scripts/build-cli.mjs) ships the worker built beside its own chunks.
  const prebuilt = new URL('./pool-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(prebuilt))) return prebuilt.href;
  try {
    const { build } = await import('esbuild');
    // Asynchronous: the build runs in esbuild's own process while this thread starts running experiments.
    const built = await build({
      entryPoints: [fileURLToPath(new URL('./pool-worker.ts', import.meta.url))],
      bundle: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      write: false,
      logLevel: 'silent',
    });
    const text = built.outputFiles[0]!.text;
    const folder = fileURLToPath(new URL('../../../node_modules/.cache/fabtwin/', import.meta.url));
    const file = join(folder, `pool-worker-${createHash('sha256').update(text).digest('hex').slice(0, 16)}.mjs`);
    if (!existsSync(file)) {
      mkdirSync(folder, { recursive: true });
      // Written aside and renamed, so a thread of another process never loads half a file.
      const partial = `${file}.${process.pid}.partial`;
      writeFileSync(partial, text);
      renameSync(partial, file);
    }
    return pathToFileURL(file).href;
  } catch {
    return new URL('./pool-entry.mjs', import.meta.url).href;
  }
}

export class ExperimentPool {
  private constructor(
    private readonly piscina: Piscina,
    readonly threads: number,
  ) {}

  static async start(threads: number = availableParallelism()): Promise<ExperimentPool> {
    const piscina = new Piscina({
      filename: await workerFile(),
      minThreads: threads,
      maxThreads: threads,
      // One run per thread at a time: runs are CPU-bound, more would only interleave them.
      concurrentTasksPerWorker: 1,
      // Threads live as long as the pool; an experiment's runs come in one burst.
      idleTimeout: Infinity,
    });
    return new ExperimentPool(piscina, threads);
  }

  run(task: RunTask): Promise<RunResult> {
    return this.piscina.run(task) as Promise<RunResult>;
  }

  /** Runs the threads have finished. */
  get completed(): number {
    return this.piscina.completed;
  }

  async close(): Promise<void> {
    await this.piscina.destroy();
  }
}
