/**
 * The headless plant's loop: advances the engine paced by `Pacer` (X times real time) or flat out, and after each
 * slice lets the edge node report what changed. Commands arrive between slices (the event loop runs in between), so
 * each is carried out at a slice's end time, which is what the command log records.
 */
import type { CommandRecord } from '../../core/runtime/control.ts';
import { Pacer } from '../../core/runtime/pacer.ts';
import type { PlantEngine } from './engine.ts';

export interface Publisher {
  publish(): number;
  /** Bytes not yet written to the network. */
  readonly backlog: number;
}

export interface RunOptions {
  /** Times real time, or 'max'. */
  speed: number | 'max';
  /** Simulated time to stop at (model units); Infinity runs until `signal` aborts. */
  until: number;
  signal?: AbortSignal;
  /** Wall time between paced ticks (ms). */
  tickMs?: number;
  /** Flat out: simulated time per slice (model units); default one simulated minute. */
  sliceUnits?: number;
  /** A recorded command log to carry out again at its times (`--replay-commands`). */
  replay?: readonly CommandRecord[];
  onReplayRefused?: (record: CommandRecord, reason: string) => void;
}

/** Flat out, the run waits while more than this many bytes are queued for the broker. */
const MAX_BACKLOG = 1 << 20;

export async function runPlant(engine: PlantEngine, publishers: readonly Publisher[], options: RunOptions): Promise<void> {
  const { until, signal } = options;
  const publishAll = () => {
    for (const p of publishers) p.publish();
  };
  publishAll();
  const replay = [...(options.replay ?? [])];
  // Advances to `target`, stopping at each recorded command's time to submit it there, as the live run did.
  const advance = (target: number) => {
    while (replay.length > 0 && replay[0]!.time <= target) {
      const record = replay.shift()!;
      engine.advance(record.time);
      const reason = engine.submit(record.command);
      if (reason !== undefined) options.onReplayRefused?.(record, reason);
    }
    engine.advance(target);
  };
  // A slice that would cross the start of the measured period (the end of a warm-up) ends there first and is
  // published, so the counters at that instant reach observers: the twin measures the plant's period from them.
  const measurementStart = engine.model.measurementStart;
  const advanceAndPublish = (target: number) => {
    if (measurementStart !== undefined && engine.now < measurementStart && measurementStart < target) {
      advance(measurementStart);
      publishAll();
    }
    advance(target);
  };
  if (options.speed === 'max') {
    const slice = options.sliceUnits ?? engine.unitsPerDay / 1440;
    while (engine.now < until && !signal?.aborted) {
      advanceAndPublish(Math.min(engine.now + slice, until));
      publishAll();
      // Yield to the event loop every slice (commands, socket writes); wait while the network falls behind.
      await new Promise((resolve) => setImmediate(resolve));
      while (publishers.some((p) => p.backlog > MAX_BACKLOG) && !signal?.aborted) await sleep(5, signal);
    }
    return;
  }
  const secondsPerUnit = 86400 / engine.unitsPerDay;
  const pacer = new Pacer({ clock: () => performance.now() });
  pacer.setSpeed(options.speed / secondsPerUnit, engine.now);
  pacer.start(engine.now);
  const tickMs = options.tickMs ?? 100;
  while (engine.now < until && !signal?.aborted) {
    advanceAndPublish(Math.min(pacer.target(engine.now), until));
    publishAll();
    if (engine.now < until) await sleep(tickMs, signal);
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
