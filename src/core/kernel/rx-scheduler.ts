/**
 * An RxJS scheduler that runs in simulated time, so that `delay`, `bufferTime`, `throttleTime`, `sampleTime`, `interval`
 * and every other time-based operator work on the simulation clock: `now()` is `sim.now`, and a scheduled action is a
 * kernel event. Delays are in the model's time unit, not milliseconds.
 *
 *   sim.channel<Part>('completed').events$.pipe(bufferTime(60, simScheduler(sim)))  // parts per simulated hour (minutes model)
 *
 * Like RxJS's own VirtualTimeScheduler, but the queue is the kernel's, so RxJS work interleaves with model events in the
 * kernel's deterministic (time, priority, sequence) order.
 */
import { Subscription, type SchedulerAction, type SchedulerLike } from 'rxjs';
import type { Channel } from './channel.ts';
import { Priority, type Simulation, type EventHandle } from './simulation.ts';

class SimAction<T> extends Subscription implements SchedulerAction<T> {
  private pending: EventHandle = -1;
  private state: T | undefined;

  constructor(
    private readonly sim: Simulation,
    private readonly channel: Channel<SimAction<unknown>>,
    private readonly work: (this: SchedulerAction<T>, state?: T) => void,
  ) {
    super(() => this.cancelPending());
  }

  schedule(state?: T, delay = 0): Subscription {
    if (this.closed) return this;
    this.state = state;
    this.cancelPending();
    this.pending = this.sim.schedule(Math.max(0, delay), this.channel, this as SimAction<unknown>, Priority.normal);
    return this;
  }

  /** @internal run by the scheduler's channel when the action comes due */
  execute(): void {
    this.pending = -1;
    if (this.closed) return;
    this.work.call(this, this.state);
  }

  private cancelPending(): void {
    if (this.pending >= 0) {
      this.sim.cancel(this.pending);
      this.pending = -1;
    }
  }
}

export class SimScheduler implements SchedulerLike {
  private readonly channel: Channel<SimAction<unknown>>;

  constructor(private readonly sim: Simulation) {
    this.channel = sim.channel<SimAction<unknown>>('rx-scheduler', (action) => action.execute());
  }

  now(): number {
    return this.sim.now;
  }

  schedule<T>(work: (this: SchedulerAction<T>, state?: T) => void, delay = 0, state?: T): Subscription {
    return new SimAction<T>(this.sim, this.channel, work).schedule(state, delay);
  }
}

const schedulers = new WeakMap<Simulation, SimScheduler>();

/** The simulation's RxJS scheduler (one per simulation, created on first use). */
export function simScheduler(sim: Simulation): SimScheduler {
  let scheduler = schedulers.get(sim);
  if (!scheduler) {
    scheduler = new SimScheduler(sim);
    schedulers.set(sim, scheduler);
  }
  return scheduler;
}
