/**
 * Test helpers: a Redis of our own (Debian's redis-server on a free loopback port, data in a temporary folder, stopped
 * after), and `npm run worker` processes in their own process groups, so a kill reaches npm, tsx and node alike, as
 * killing a machine would.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

export interface TestRedis {
  url: string;
  port: number;
  dir: string;
  /** The server's process id while it runs (for CPU accounting in benchmarks). */
  pid(): number | undefined;
  /** Stops the server (SIGTERM: with persistence on, it saves first) and waits for it to exit. */
  stop(): Promise<void>;
  /** Starts it again on the same port and folder. */
  start(): Promise<void>;
  /** Stops it and removes its folder. */
  dispose(): Promise<void>;
}

async function waitForPing(url: string, deadline: number): Promise<void> {
  for (;;) {
    const client = new Redis(url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
    client.on('error', () => {});
    try {
      await client.connect();
      await client.ping();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      client.disconnect();
    }
  }
}

/** `persistence`: Redis's default snapshotting (saved on shutdown); otherwise none (`--save ''`). */
export async function startRedis(options: { persistence?: boolean } = {}): Promise<TestRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'fabtwin-redis-'));
  const url = `redis://127.0.0.1:${port}`;
  let server: ChildProcess | undefined;
  const start = async () => {
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'no'];
    args.push(...(options.persistence ? ['--save', '3600 1 300 100 60 10000'] : ['--save', '']));
    server = spawn('/usr/bin/redis-server', args, { stdio: 'ignore' });
    await waitForPing(url, Date.now() + 10_000);
  };
  const stop = async () => {
    const running = server;
    if (!running || running.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      running.once('exit', () => resolve());
      running.kill('SIGTERM');
    });
  };
  await start();
  return {
    url,
    port,
    dir,
    pid: () => server?.pid,
    stop,
    start,
    async dispose() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface Spawned {
  process: ChildProcess;
  /** Everything written to stdout so far. */
  out(): string;
  err(): string;
  /** Resolves when stdout or stderr has a line matching `pattern` (and returns it). */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Resolves when `predicate(stdout)` holds. */
  waitUntil(predicate: (out: string) => boolean, timeoutMs?: number): Promise<void>;
  /** The exit code (or signal) once exited. */
  exited: Promise<number | string>;
  /** Signals the whole process group (npm, tsx and node). */
  kill(signal: NodeJS.Signals): void;
}

export function spawnNpm(script: string, args: string[]): Spawned {
  const child = spawn('npm', ['run', '--silent', script, '--', ...args], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, CI: '1' },
  });
  let out = '';
  let err = '';
  const waiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  const check = () => {
    for (const waiter of [...waiters]) {
      const line = (out + '\n' + err).split('\n').find((l) => waiter.pattern.test(l));
      if (line !== undefined) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(line);
      }
    }
  };
  child.stdout!.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    check();
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    err += chunk.toString();
    check();
  });
  const exited = new Promise<number | string>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  return {
    process: child,
    out: () => out,
    err: () => err,
    waitFor(pattern, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no line matching ${pattern} within ${timeoutMs} ms; stdout:\n${out}\nstderr:\n${err}`)), timeoutMs);
        waiters.push({
          pattern,
          resolve: (line) => {
            clearTimeout(timer);
            resolve(line);
          },
        });
        check();
      });
    },
    async waitUntil(predicate, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(out)) {
        if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms; stdout:\n${out}\nstderr:\n${err}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    exited,
    kill(signal) {
      try {
        process.kill(-child.pid!, signal);
      } catch {
        // Already gone.
      }
    },
  };
}

/** Lines of a worker's log that say a run was computed, by job id. */
export function computedJobs(log: string): string[] {
  return [...log.matchAll(/^computed (run-[0-9a-f]+) /gm)].map((m) => m[1]!);
}
