/**
 * A typed event channel: the unit of the kernel's event bus.
 *
 * An event is data (`T`) sent on a channel, either scheduled through the event queue (`Simulation.schedule`) or published
 * at the current instant (`publish`). A channel has at most one *handler*, the model part that owns the event and carries
 * out its mechanics (errors there stop the run with the simulated time and the channel named), and any number of
 * *observers*, which see every event as an RxJS Observable (`events$`) and react by scheduling further events: controllers,
 * KPI accumulators, the event log, the UI bridge.
 *
 * Speed trick (labelled): observers are RxJS Subscribers kept in a copy-on-write array and called directly, with no Subject
 * in between, so a channel nobody observes costs one length check per event; subscribing and unsubscribing replace the
 * array, so notifying never copies it.
 */
import { Observable, type Subscriber } from 'rxjs';

export class Channel<T> {
  private handler: ((data: T) => void) | undefined;
  private observers: readonly Subscriber<T>[] = [];

  /** Every event on this channel, after its handler ran. Subscribing is free of side effects on the simulation. */
  readonly events$: Observable<T>;

  constructor(
    /** Unique within a simulation; used in the event log and in error messages. */
    readonly name: string,
    /** Creation order within the simulation: a stable small integer for logs and hashes. */
    readonly id: number,
  ) {
    this.events$ = new Observable<T>((subscriber) => {
      this.observers = [...this.observers, subscriber];
      return () => {
        this.observers = this.observers.filter((s) => s !== subscriber);
      };
    });
  }

  /** Sets the handler that carries out this event's mechanics. A channel has one owner. */
  handle(handler: (data: T) => void): this {
    if (this.handler) throw new Error(`channel '${this.name}' already has a handler`);
    this.handler = handler;
    return this;
  }

  /** True when something observes this channel: lets a publisher skip building an event nobody reads. */
  get observed(): boolean {
    return this.observers.length > 0;
  }

  /** Sends an event at the current simulated instant, without going through the event queue. */
  publish(data: T): void {
    this.dispatch(data);
  }

  /** @internal Called by the kernel when a scheduled event on this channel comes due. */
  dispatch(data: T): void {
    if (this.handler !== undefined) this.handler(data);
    const observers = this.observers;
    for (let i = 0; i < observers.length; i++) observers[i]!.next(data);
  }

  /** @internal Ends every observer's subscription when the simulation is disposed. */
  complete(): void {
    const observers = this.observers;
    this.observers = [];
    for (const observer of observers) observer.complete();
  }
}
