/**
 * A run budget for the hosts of the kernel (the experiment runner, the CLI, the app's workers): a run that makes no
 * progress in simulated time, whose event rate implies more events than a stated limit, or whose event queue grows
 * without bound, is stopped with a `RunBudgetError` naming the model part that loops, instead of hanging the host or
 * running it out of memory.
 *
 * The kernel's hot loop pays one comparison per event for this (`runUntil(until, maxEvents)`); every other check runs
 * here, once per slice of `sliceEvents` events.
 */
import type { Simulation, TraceRecord } from '../kernel/simulation.ts';

export interface RunBudgetLimits {
  /** Events in a row at one simulated instant before the run is declared stuck in a zero-time loop. */
  stallEvents: number;
  /** Most events one run may take, projected from its rate so far. */
  maxEvents: number;
  /** The projection starts after this many events (a start-up burst says little about the whole run). */
  projectAfterEvents: number;
  /** Most events pending in the queue at once. */
  maxPending: number;
  /** Events between two checks. */
  sliceEvents: number;
}

export const DEFAULT_RUN_BUDGET: RunBudgetLimits = {
  stallEvents: 1_000_000,
  maxEvents: 2_000_000_000,
  projectAfterEvents: 20_000_000,
  maxPending: 5_000_000,
  sliceEvents: 50_000,
};

export type RunBudgetReason = 'stalled' | 'too-many-events' | 'queue-growth';

/** A run stopped by its budget: what was exceeded, when, and which channel (model part) the recent events were on. */
export class RunBudgetError extends Error {
  constructor(
    message: string,
    readonly reason: RunBudgetReason,
    readonly time: number,
    /** The channel most of the sampled events were on, with the model part their data names where it names one. */
    readonly part: string,
  ) {
    super(message);
    this.name = 'RunBudgetError';
  }
}

/** How many events a quick sample of the loop looks at to name the part. */
const SAMPLE_EVENTS = 1_000;

/**
 * The model part an event's data names, where it names one: a station, source, conveyor or sink id (the flow engine's
 * data carry their spec), or a plain id. Structural, so that it works for every model kind without knowing its classes.
 */
function partOf(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const record = data as Record<string, unknown>;
  for (const candidate of [record, record.spec, record.station, (record.station as Record<string, unknown> | undefined)?.spec]) {
    const id = (candidate as Record<string, unknown> | undefined)?.id;
    if (typeof id === 'string') return id;
  }
  return undefined;
}

/** Runs `SAMPLE_EVENTS` more events with the trace observed and names the channel (and part) most of them were on. */
function sampleLoop(sim: Simulation, until: number): string {
  const counts = new Map<string, number>();
  const subscription = sim.trace$.subscribe((record: TraceRecord) => {
    const part = partOf(record.data);
    const key = part === undefined ? `'${record.channel.name}'` : `'${record.channel.name}' ("${part}")`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  });
  try {
    sim.runUntil(until, SAMPLE_EVENTS);
  } catch {
    // A failing handler while sampling says nothing more about the loop; the counts so far name it.
  } finally {
    subscription.unsubscribe();
  }
  const sorted = [...counts].sort((a, b) => b[1] - a[1]);
  if (sorted.length === 0) return 'no channel (the queue emptied)';
  const total = sorted.reduce((sum, [, n]) => sum + n, 0);
  return `channel ${sorted[0]![0]} (${sorted[0]![1]} of the last ${total} events)`;
}

const count = (n: number) => (n >= 1e6 ? n.toExponential(1).replace('e+', 'e') : String(n));

/**
 * Drives one run under a budget. `advance(until)` replaces `sim.runUntil(until)` in a host's loop; it returns whether
 * the run stopped early on `sim.stop()` (a host's pause on an event) and throws a `RunBudgetError` when over budget.
 */
export class RunBudget {
  private stallTime = NaN;
  private stallEvents = 0;
  private readonly startEvents: number;
  private readonly startTime: number;

  constructor(
    private readonly sim: Simulation,
    /** Simulated time the whole run is meant to reach (for the projection); Infinity projects nothing. */
    public horizon: number,
    private readonly limits: RunBudgetLimits = DEFAULT_RUN_BUDGET,
  ) {
    this.startEvents = sim.eventCount;
    this.startTime = sim.now;
  }

  /**
   * Advances the simulation to `until` (or until `sim.stop()`), checking the budget between slices. With `maxEvents`
   * it returns after about that many events even short of `until` (a worker that must answer Pause between ticks).
   */
  advance(until: number, maxEvents: number = Infinity): { stopped: boolean; reached: boolean } {
    const sim = this.sim;
    const { sliceEvents } = this.limits;
    let done = 0;
    for (;;) {
      const before = sim.now;
      const processed = sim.runUntil(until, sliceEvents);
      done += processed;
      if (sim.stopped) return { stopped: true, reached: false };
      this.check(before, processed, until);
      if (processed < sliceEvents) return { stopped: false, reached: true };
      if (done >= maxEvents) return { stopped: false, reached: false };
    }
  }

  private check(before: number, processed: number, until: number): void {
    const sim = this.sim;
    const limits = this.limits;
    if (sim.now === before && processed > 0) {
      if (this.stallTime !== sim.now) {
        this.stallTime = sim.now;
        this.stallEvents = 0;
      }
      this.stallEvents += processed;
      if (this.stallEvents >= limits.stallEvents) {
        const at = sim.now;
        const part = sampleLoop(sim, until);
        throw new RunBudgetError(
          `run stopped: no progress in simulated time, ${count(this.stallEvents)} events at t=${at} without the clock moving; ` + `a zero-time loop on ${part}`,
          'stalled',
          at,
          part,
        );
      }
    } else if (sim.now !== before) {
      this.stallTime = NaN;
      this.stallEvents = 0;
    }
    if (sim.pendingCount > limits.maxPending) {
      const at = sim.now;
      const part = sampleLoop(sim, until);
      throw new RunBudgetError(
        `run stopped: ${count(sim.pendingCount)} events pending at t=${at}, above the limit of ${count(limits.maxPending)}; the queue grows on ${part}`,
        'queue-growth',
        at,
        part,
      );
    }
    const events = sim.eventCount - this.startEvents;
    const elapsed = sim.now - this.startTime;
    if (events >= limits.projectAfterEvents && this.horizon !== Infinity && elapsed > 0) {
      const projected = (events * (this.horizon - this.startTime)) / elapsed;
      if (projected > limits.maxEvents) {
        const at = sim.now;
        const part = sampleLoop(sim, until);
        throw new RunBudgetError(
          `run stopped: ${count(events)} events by t=${at} imply about ${count(projected)} events to t=${this.horizon}, ` +
            `above the limit of ${count(limits.maxEvents)} per run; most events are on ${part}`,
          'too-many-events',
          at,
          part,
        );
      }
    }
  }
}
