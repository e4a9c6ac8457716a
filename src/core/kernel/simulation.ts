/**
 * The discrete-event kernel: a virtual clock and an event queue of typed channel events.
 *
 * Like SimPy's `core.py`, the kernel is small and pure: it never reads the wall clock, never touches the DOM and knows
 * nothing of factories. Events are processed in (time, priority, insertion) order, so runs are deterministic. Real-time
 * pacing, progress bars and rendering live outside and drive it through `runUntil`.
 */
import { Observable, type Subscriber } from 'rxjs';
import { Channel } from './channel.ts';
import { EventQueue, type EventHandle } from './event-queue.ts';

export type { EventHandle } from './event-queue.ts';

/** Named priorities: among events at the same time, lower runs first. */
export const Priority = {
  /** Continuous-state integration steps, so that discrete events at the same instant see the updated state. */
  continuous: -100,
  urgent: -10,
  normal: 0,
  /** Statistics resets and observation points, after the model's own events at that instant. */
  late: 10,
} as const;

/** One line of the event log: what happened when. */
export interface TraceRecord {
  readonly time: number;
  readonly channel: Channel<unknown>;
  readonly data: unknown;
}

/** An error raised while handling an event, carrying where in simulated time and in which channel it happened. */
export class SimulationError extends Error {
  constructor(
    message: string,
    readonly time: number,
    readonly channelName: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SimulationError';
  }
}

export class Simulation {
  private clock = 0;
  private readonly queue = new EventQueue<Channel<unknown>, unknown>();
  private readonly channels = new Map<string, Channel<unknown>>();
  private traceObservers: readonly Subscriber<TraceRecord>[] = [];
  private stopRequested = false;
  private processed = 0;

  /** Every processed event as (time, channel, data): the event log. Costs nothing while unobserved. */
  readonly trace$: Observable<TraceRecord> = new Observable<TraceRecord>((subscriber) => {
    this.traceObservers = [...this.traceObservers, subscriber];
    return () => {
      this.traceObservers = this.traceObservers.filter((s) => s !== subscriber);
    };
  });

  /** Current simulated time. */
  get now(): number {
    return this.clock;
  }

  /** Number of events processed so far. */
  get eventCount(): number {
    return this.processed;
  }

  /** Number of events pending in the queue. */
  get pendingCount(): number {
    return this.queue.size;
  }

  /** Creates a channel; names are unique within a simulation. */
  channel<T>(name: string, handler?: (data: T) => void): Channel<T> {
    if (this.channels.has(name)) throw new Error(`simulation already has a channel named '${name}'`);
    const channel = new Channel<T>(name, this.channels.size);
    this.channels.set(name, channel as Channel<unknown>);
    if (handler) channel.handle(handler);
    return channel;
  }

  /** Schedules `data` on `channel` after `delay` time units. */
  schedule<T>(delay: number, channel: Channel<T>, data: T, priority: number = Priority.normal): EventHandle {
    if (!(delay >= 0)) {
      throw new RangeError(`cannot schedule '${channel.name}' with delay ${delay}: delays must be finite and >= 0`);
    }
    return this.queue.push(this.clock + delay, priority, channel as Channel<unknown>, data);
  }

  /** Schedules `data` on `channel` at absolute time `time` (not in the past). */
  scheduleAt<T>(time: number, channel: Channel<T>, data: T, priority: number = Priority.normal): EventHandle {
    if (!(time >= this.clock) || time === Infinity) {
      throw new RangeError(`cannot schedule '${channel.name}' at t=${time}: the clock is at ${this.clock}`);
    }
    return this.queue.push(time, priority, channel as Channel<unknown>, data);
  }

  /** Cancels a pending event; false when it already ran or was cancelled. */
  cancel(handle: EventHandle): boolean {
    return this.queue.cancel(handle);
  }

  /** Time of the next pending event, Infinity when there is none. */
  peek(): number {
    return this.queue.peekTime();
  }

  /** Processes the next event. Returns false when no event is pending. */
  step(): boolean {
    return this.stepUntil(Infinity);
  }

  /** Processes the next event if it is due at or before `until`; returns whether one was processed. */
  private stepUntil(until: number): boolean {
    const channel = this.queue.popUntil(until);
    if (channel === undefined) return false;
    this.clock = this.queue.poppedTime;
    const data = this.queue.poppedData;
    this.processed++;
    try {
      channel.dispatch(data);
    } catch (error) {
      throw this.wrapError(error, channel);
    }
    const tracers = this.traceObservers;
    if (tracers.length > 0) {
      const record: TraceRecord = { time: this.clock, channel, data };
      for (let i = 0; i < tracers.length; i++) tracers[i]!.next(record);
    }
    return true;
  }

  /**
   * Processes every event with time <= `until`, then sets the clock to `until` (unless stopped early by `stop()`).
   * With `maxEvents`, returns after that many events at the latest, the clock at the last event (a host's run budget
   * slices a run this way; see runtime/run-budget.ts). Returns the number of events processed.
   */
  runUntil(until: number, maxEvents: number = Infinity): number {
    if (!(until >= this.clock)) throw new RangeError(`cannot run until t=${until}: the clock is at ${this.clock}`);
    const before = this.processed;
    const limit = before + maxEvents;
    this.stopRequested = false;
    while (!this.stopRequested && this.processed < limit && this.stepUntil(until));
    if (!this.stopRequested && this.processed < limit && until !== Infinity) this.clock = until;
    return this.processed - before;
  }

  /** Whether the last run returned because `stop()` was called. */
  get stopped(): boolean {
    return this.stopRequested;
  }

  /** Processes events while `condition()` holds (checked before each event) and events remain. */
  runWhile(condition: () => boolean): number {
    const before = this.processed;
    this.stopRequested = false;
    while (!this.stopRequested && condition() && this.step());
    return this.processed - before;
  }

  /** Processes events until none is pending or `stop()` is called. */
  run(): number {
    return this.runUntil(Infinity);
  }

  /** Asks the running loop to return after the current event. */
  stop(): void {
    this.stopRequested = true;
  }

  /** Completes every observer of every channel and of the trace: the run is over. */
  dispose(): void {
    for (const channel of this.channels.values()) channel.complete();
    const tracers = this.traceObservers;
    this.traceObservers = [];
    for (const tracer of tracers) tracer.complete();
  }

  private wrapError(error: unknown, channel: Channel<unknown>): SimulationError {
    if (error instanceof SimulationError) return error;
    const message = error instanceof Error ? error.message : String(error);
    return new SimulationError(`at t=${this.clock}, handling '${channel.name}': ${message}`, this.clock, channel.name, {
      cause: error,
    });
  }
}
