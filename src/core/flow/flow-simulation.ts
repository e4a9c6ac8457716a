/**
 * The generic flow engine: jobs arrive from sources, follow routings through stations (parallel servers, finite or
 * unlimited buffers, blocking after service when the next buffer is full, optional breakdowns), ride conveyors between
 * stations where the model has them, and leave by sinks.
 *
 * Mechanics run as kernel channel handlers; what other parts may want to see (a job entering, a job leaving) is published
 * on channels whose `events$` the KPI accumulators subscribe to through RxJS, as any controller or view would.
 */
import type { PlantControl } from '../runtime/control.ts';
import { flowControl } from './commands.ts';
import type { Channel } from '../kernel/channel.ts';
import { Priority, Simulation, type EventHandle } from '../kernel/simulation.ts';
import { makeSampler, type Sampler } from '../model/distribution.ts';
import { unitsPerHour, type ConveyorSpec, type FlowModel, type SourceSpec, type StationSpec } from '../model/flow-model.ts';
import { gamma } from '../model/distribution.ts';
import { discreteIndex, exponential, weibull } from '../random/distributions.ts';
import { AgeReplacementLearner } from './age-replacement.ts';
import { Fleet, fleetKpis } from './fleet.ts';
import { RandomStreams, type Rng } from '../random/stream.ts';
import { Tally, TimeWeighted } from '../stats/tally.ts';
import { Fifo } from '../util/fifo.ts';
import { UnitState, type PlantEvent, type PlantView } from '../runtime/view.ts';

export interface Job {
  readonly id: number;
  readonly routing: Routing;
  /** Index in `routing.stations` of the station the job is at. */
  step: number;
  /** Time the job entered the first station's buffer. */
  enteredAt: number;
}

interface Routing {
  readonly id: string;
  readonly stations: readonly Station[];
  /** `transports[k]` carries jobs from `stations[k]` to `stations[k + 1]`, or is null where they are handed over at once. */
  readonly transports: readonly (Transport | null)[];
  readonly sink: Sink;
}

/** Something holding a finished job that the next station could not take yet: a blocked server or a waiting source. */
interface Feeder {
  /** Hands over the held job. */
  take(): Job;
  /** Carries on once the job is placed: a server frees itself, a source resumes arrivals. */
  resume(): void;
}

/**
 * A conveyor (or AGV route) between two stations: it takes a finished job at once, so it never blocks the station it
 * starts at, and delivers it `length / speed` later. A job that finds the next station full waits at the end, and the
 * waiting ones enter in the order they arrived (each arrival queues the transport once among the station's feeders).
 */
export class Transport implements Feeder {
  /** Transport time in the model's time unit. */
  readonly time: number;
  /** Jobs at the end of the belt, waiting for the next station, oldest first. */
  readonly waiting = new Fifo<Job>();
  /** Jobs riding or waiting at the end. */
  readonly onBoard = new TimeWeighted();
  /** The AGV fleet serving this route, if the model gives it one; then jobs wait for a vehicle instead of riding at once. */
  fleet: Fleet | null = null;

  constructor(
    readonly spec: ConveyorSpec,
    readonly from: Station,
    readonly to: Station,
  ) {
    this.time = spec.length / spec.speed;
  }

  take(): Job {
    const job = this.waiting.shift()!;
    job.step++;
    this.onBoard.add(this.to.sim.now, -1);
    return job;
  }

  resume(): void {
    // Nothing to do: a belt is never held up by the job it hands over.
  }

  /** A job reached the end of the belt: into the next station if it has room and nobody waits before it, else queue. */
  deliver(job: Job): void {
    if (this.waiting.length === 0 && this.to.hasRoom()) {
      job.step++;
      this.onBoard.add(this.to.sim.now, -1);
      this.to.accept(job);
    } else {
      this.waiting.push(job);
      this.to.waitingFeeders.push(this);
    }
  }
}

export class Server implements Feeder {
  job: Job | null = null;
  completion: EventHandle = -1;
  completionTime = 0;
  /** When the current job started (a look-ahead AGV dispatcher expects its end from it). */
  startedAt = 0;
  /** Service time left when a breakdown interrupted it; NaN when not interrupted. */
  remaining = NaN;
  constructor(readonly station: Station) {}

  take(): Job {
    const job = this.job!;
    job.step++;
    this.station.blockedServers.add(this.station.sim.now, -1);
    return job;
  }

  resume(): void {
    this.station.freeServer(this);
  }
}

export class Station {
  readonly servers: Server[];
  private readonly idle: Server[];
  readonly queue = new Fifo<Job>();
  readonly waitingFeeders = new Fifo<Feeder>();
  readonly capacity: number;
  down = false;
  completed = 0;
  /** Preventive maintenances done (L3), over the whole run. */
  maintenances = 0;
  /** Look-ahead AGV fleets to tell when a job starts here (set only where a fleet looks ahead). */
  lookAheadFleets: Fleet[] | null = null;
  /** AGV fleets delivering here, told when a place may have opened (set only where a fleet delivers). */
  deliveringFleets: Fleet[] | null = null;

  readonly busyServers = new TimeWeighted();
  readonly blockedServers = new TimeWeighted();
  readonly queueLength = new TimeWeighted();
  readonly downTime = new TimeWeighted();
  readonly sampleService: Sampler;

  constructor(
    readonly spec: StationSpec,
    readonly sim: Simulation,
    private readonly engine: FlowSimulation,
    streams: RandomStreams,
  ) {
    this.servers = Array.from({ length: spec.servers }, () => new Server(this));
    this.idle = [...this.servers].reverse(); // pop() hands out server 0 first
    this.capacity = spec.bufferCapacity ?? Infinity;
    this.sampleService = makeSampler(spec.serviceTime, streams.stream(`service:${spec.id}`));
  }

  get id(): string {
    return this.spec.id;
  }

  /** Whether a job offered now would be taken (into service or the buffer). */
  hasRoom(): boolean {
    return (!this.down && this.idle.length > 0) || this.queue.length < this.capacity;
  }

  /** Places a job offered now could take (idle servers if up, free buffer places), less the feeders already waiting. */
  freePlaces(): number {
    return (this.down ? 0 : this.idle.length) + (this.capacity - this.queue.length) - this.waitingFeeders.length;
  }

  /** Takes a job; the caller checked `hasRoom()`. */
  accept(job: Job): void {
    if (!this.down && this.idle.length > 0) this.start(this.idle.pop()!, job);
    else {
      this.queue.push(job);
      this.queueLength.set(this.sim.now, this.queue.length);
    }
  }

  private start(server: Server, job: Job): void {
    server.job = job;
    this.busyServers.add(this.sim.now, 1);
    const duration = this.sampleService();
    server.completionTime = this.sim.now + duration;
    server.startedAt = this.sim.now;
    server.completion = this.sim.schedule(duration, this.engine.serviceEnd, server);
    if (this.lookAheadFleets !== null) for (const fleet of this.lookAheadFleets) fleet.serviceStarted();
  }

  /** Service finished: pass the job on, or hold it (blocked) until the next station has room. */
  finish(server: Server): void {
    server.completion = -1;
    this.completed++;
    this.busyServers.add(this.sim.now, -1);
    const job = server.job!;
    const next = job.routing.stations[job.step + 1];
    const transport = next === undefined ? null : job.routing.transports[job.step]!;
    if (next === undefined) {
      this.engine.leave(job);
      this.freeServer(server);
    } else if (transport !== null && transport.fleet !== null) {
      // The job waits on its server for a vehicle: the server is blocked until the vehicle has loaded it.
      this.blockedServers.add(this.sim.now, 1);
      transport.fleet.request(server, job, transport);
    } else if (transport !== null) {
      transport.onBoard.add(this.sim.now, 1);
      this.sim.schedule(transport.time, this.engine.delivery, job);
      this.freeServer(server);
    } else if (next.hasRoom()) {
      job.step++;
      next.accept(job);
      this.freeServer(server);
    } else {
      this.blockedServers.add(this.sim.now, 1);
      next.waitingFeeders.push(server);
    }
  }

  /** @internal a server has handed its job on */
  freeServer(server: Server): void {
    server.job = null;
    this.idle.push(server);
    this.pull();
  }

  /** Fills idle servers from the buffer and the buffer from blocked feeders upstream, in arrival order. */
  pull(): void {
    for (;;) {
      if (!this.down && this.idle.length > 0 && this.queue.length > 0) {
        const job = this.queue.shift()!;
        this.queueLength.set(this.sim.now, this.queue.length);
        this.start(this.idle.pop()!, job);
      } else if (this.waitingFeeders.length > 0 && this.hasRoom()) {
        const feeder = this.waitingFeeders.shift()!;
        this.accept(feeder.take());
        feeder.resume();
      } else {
        if (this.deliveringFleets !== null) for (const fleet of this.deliveringFleets) fleet.dispatchWaiting();
        return;
      }
    }
  }

  /** Breakdown: interrupt every job in service (preempt-resume). */
  fail(): void {
    this.down = true;
    this.downTime.set(this.sim.now, 1);
    for (const server of this.servers) {
      if (server.completion >= 0) {
        this.sim.cancel(server.completion);
        server.completion = -1;
        server.remaining = server.completionTime - this.sim.now;
        this.busyServers.add(this.sim.now, -1); // an interrupted job is not being worked on
      }
    }
  }

  repair(): void {
    this.down = false;
    this.downTime.set(this.sim.now, 0);
    for (const server of this.servers) {
      if (server.remaining === server.remaining) {
        this.busyServers.add(this.sim.now, 1);
        server.completionTime = this.sim.now + server.remaining;
        server.completion = this.sim.schedule(server.remaining, this.engine.serviceEnd, server);
        server.remaining = NaN;
      }
    }
    this.pull();
  }

  resetStatistics(time: number): void {
    this.completed = 0;
    this.busyServers.reset(time);
    this.blockedServers.reset(time);
    this.queueLength.reset(time);
    this.downTime.reset(time);
  }
}

class Source implements Feeder {
  private readonly sampleInterarrival: Sampler;
  private readonly pickRouting: () => Routing;
  private held: Job | null = null;
  arrivals = 0;
  dropped = 0;

  constructor(
    readonly spec: SourceSpec,
    private readonly engine: FlowSimulation,
    routings: ReadonlyMap<string, Routing>,
    streams: RandomStreams,
  ) {
    this.sampleInterarrival = makeSampler(spec.interarrival, streams.stream(`arrivals:${spec.id}`));
    if (spec.mix) {
      const options = spec.mix.map((m) => routings.get(m.routing)!);
      const cumulative = new Float64Array(options.length);
      let total = 0;
      spec.mix.forEach((m, i) => (cumulative[i] = total += m.weight));
      const rng = streams.stream(`mix:${spec.id}`);
      this.pickRouting = () => options[discreteIndex(rng, cumulative)]!;
    } else {
      const only = routings.get(spec.routing!)!;
      this.pickRouting = () => only;
    }
  }

  scheduleNext(): void {
    if (this.spec.limit !== undefined && this.arrivals >= this.spec.limit) return;
    this.engine.sim.schedule(this.sampleInterarrival(), this.engine.arrival, this);
  }

  arrive(): void {
    this.arrivals++;
    const job = this.engine.createJob(this.pickRouting());
    const first = job.routing.stations[0]!;
    if (first.hasRoom()) {
      this.engine.enter(job);
      first.accept(job);
      this.scheduleNext();
    } else if (this.spec.onBlocked === 'drop') {
      this.dropped++;
      this.scheduleNext();
    } else {
      this.held = job; // arrivals pause until the first station takes this job
      first.waitingFeeders.push(this);
    }
  }

  take(): Job {
    const job = this.held!;
    this.held = null;
    this.engine.enter(job);
    return job;
  }

  resume(): void {
    this.scheduleNext();
  }
}

class Sink {
  exits = 0;
  constructor(readonly id: string) {}
}

/** Statistics of one station over the measured period. */
export interface StationStatistics {
  id: string;
  /** Fraction of server time spent serving. */
  utilization: number;
  /** Fraction of server time spent holding a finished job (blocked). */
  blocked: number;
  /** Fraction of time not broken down. */
  availability: number;
  meanQueue: number;
  completed: number;
}

/**
 * How a breakdown comes to the repair crew's notice: `patrol`, at the next operator walk of the line (L1: each station
 * works on its own), or `alarm`, at once, because the networked station reports to the MES (L2). The plant is the same
 * either way: the same failure and repair times are drawn, in the same order, from the same stream.
 */
export type FailureDetection = 'patrol' | 'alarm';

export interface FlowOptions {
  /** Defaults to `alarm`; `patrol` needs the model's `maintenance.patrolInterval`. */
  readonly detection?: FailureDetection;
  /**
   * L3: stations with a `pmTime` get a learning maintenance planner (`AgeReplacementLearner`) that maintains them before
   * they fail once it has learned that this pays. Default off (run to failure).
   */
  readonly preventive?: boolean;
  /** L3: AGV fleets dispatch with look-ahead instead of their own rule. Default off. */
  readonly lookAhead?: boolean;
}

export class FlowSimulation {
  readonly sim = new Simulation();
  readonly streams: RandomStreams;
  readonly stations: Station[];
  readonly sources: Source[];
  readonly sinks: Map<string, Sink>;
  /** The model's conveyors, in its order. */
  readonly transports: Transport[];
  /** The model's AGV fleets, in its order. */
  readonly fleets: Fleet[];

  /** @internal kernel channels carrying the mechanics */
  readonly arrival: Channel<Source>;
  readonly serviceEnd: Channel<Server>;
  readonly delivery: Channel<Job>;
  /** A job entered the system (its first buffer). */
  readonly entered: Channel<Job>;
  /** A job left by a sink. */
  readonly exited: Channel<Job>;
  /** Breakdowns and repairs, for event logs. */
  readonly notable: Channel<PlantEvent>;

  /** Start of the measured period (end of warm-up). */
  measuredFrom = 0;
  private nextJobId = 0;

  // KPI accumulators: they observe the bus like any other subscriber.
  readonly timeInSystem = new Tally();
  readonly inSystem = new TimeWeighted();
  private exitsMeasured = 0;

  /** Time from breakdowns to the start of their repair, over the measured period. */
  readonly detectionDelay = new Tally();
  readonly detection: FailureDetection;
  readonly preventive: boolean;
  /** The L3 maintenance planners, by station id (stations with a `pmTime`, when `preventive`). */
  readonly maintenancePlanners = new Map<string, AgeReplacementLearner>();
  /** Preventive maintenance on request (`externalControl()`), by station id: stations that can fail and have a `pmTime`. */
  readonly maintainOnRequest = new Map<string, () => string | undefined>();

  constructor(
    readonly model: FlowModel,
    readonly seed: number,
    options: FlowOptions = {},
  ) {
    this.detection = options.detection ?? 'alarm';
    this.preventive = options.preventive ?? false;
    if (this.detection === 'patrol' && model.maintenance === undefined) {
      throw new RangeError("failure detection by patrol needs the model's maintenance.patrolInterval");
    }
    this.streams = new RandomStreams(seed);
    const sim = this.sim;
    this.arrival = sim.channel<Source>('arrival', (source) => source.arrive());
    this.serviceEnd = sim.channel<Server>('service-end', (server) => server.station.finish(server));
    this.delivery = sim.channel<Job>('delivery', (job) => job.routing.transports[job.step]!.deliver(job));
    this.entered = sim.channel<Job>('entered');
    this.exited = sim.channel<Job>('exited');
    this.notable = sim.channel<PlantEvent>('notable');

    this.stations = model.stations.map((spec) => new Station(spec, sim, this, this.streams));
    const stationsById = new Map(this.stations.map((s) => [s.id, s]));
    this.sinks = new Map(model.sinks.map((s) => [s.id, new Sink(s.id)]));
    this.transports = model.conveyors.map((c) => new Transport(c, stationsById.get(c.from)!, stationsById.get(c.to)!));
    this.fleets = (model.fleets ?? []).map((spec) => {
      const routes = this.transports.filter((t) => t.spec.fleet === spec.id);
      const fleet = new Fleet(spec, sim, routes, options.lookAhead ?? false);
      for (const route of routes) {
        route.fleet = fleet;
        const delivering = (route.to.deliveringFleets ??= []);
        if (!delivering.includes(fleet)) delivering.push(fleet);
        if (fleet.rule === 'look-ahead') {
          const told = (route.from.lookAheadFleets ??= []);
          if (!told.includes(fleet)) told.push(fleet);
        }
      }
      return fleet;
    });
    const transportByHop = new Map(this.transports.map((t) => [`${t.spec.from}>${t.spec.to}`, t]));
    const routings = new Map<string, Routing>(
      model.routings.map((r) => [
        r.id,
        {
          id: r.id,
          stations: r.steps.map((id) => stationsById.get(id)!),
          transports: r.steps.slice(1).map((to, k) => transportByHop.get(`${r.steps[k]}>${to}`) ?? null),
          sink: this.sinks.get(r.sink)!,
        },
      ]),
    );
    this.sources = model.sources.map((spec) => new Source(spec, this, routings, this.streams));

    this.entered.events$.subscribe(() => this.inSystem.add(sim.now, 1));
    this.exited.events$.subscribe((job) => {
      this.inSystem.add(sim.now, -1);
      if (job.enteredAt >= this.measuredFrom) {
        this.timeInSystem.add(sim.now - job.enteredAt);
      }
      this.exitsMeasured++;
    });

    for (const source of this.sources) source.scheduleNext();
    for (const station of this.stations) this.scheduleBreakdowns(station);
    if (model.warmup > 0) {
      sim.scheduleAt(
        model.warmup,
        sim.channel<null>('warmup-end', () => this.resetStatistics()),
        null,
        Priority.late,
      );
    }
  }

  private scheduleBreakdowns(station: Station): void {
    const { mtbf, mttr, wearShape, pmTime } = station.spec;
    if (mtbf === undefined || mttr === undefined) return;
    const rng: Rng = this.streams.stream(`failures:${station.id}`);
    const maintenanceRng: Rng = this.streams.stream(`maintenance:${station.id}`);
    const unit = this.stations.indexOf(station);
    const shape = wearShape ?? 1;
    const scale = mtbf / gamma(1 + 1 / shape);
    // One draw per life at every level (memoryless failures as before, else Weibull with the same mean).
    const drawLife = () => (shape === 1 ? exponential(rng, mtbf) : weibull(rng, shape, scale));
    const learner = this.preventive && pmTime !== undefined ? new AgeReplacementLearner(pmTime) : undefined;
    if (learner) this.maintenancePlanners.set(station.id, learner);
    let bornAt = 0;
    let failureHandle: EventHandle = -1;
    let maintenanceHandle: EventHandle = -1;

    const startLife = () => {
      bornAt = this.sim.now;
      failureHandle = this.sim.schedule(drawLife(), failure, null);
      const age = learner?.replacementAge() ?? Infinity;
      maintenanceHandle = age < Infinity ? this.sim.schedule(age, maintain, null) : -1;
    };
    const failure = this.sim.channel<null>(`failure:${station.id}`, () => {
      if (maintenanceHandle >= 0) this.sim.cancel(maintenanceHandle);
      station.fail();
      if (this.notable.observed) this.notable.publish({ time: this.sim.now, unit, kind: 'failure' });
      const repairTime = exponential(rng, mttr); // drawn now at every level, so the draws stay paired across levels
      learner?.observeFailure(this.sim.now - bornAt, repairTime);
      const noticed = this.noticeDelay();
      this.detectionDelay.add(noticed);
      this.sim.schedule(noticed + repairTime, repair, null);
    });
    const repair = this.sim.channel<null>(`repair:${station.id}`, () => {
      station.repair();
      if (this.notable.observed) this.notable.publish({ time: this.sim.now, unit, kind: 'repair' });
      startLife();
    });
    // L3: the planner's age came before the failure this life would have had.
    const maintainNow = () => {
      this.sim.cancel(failureHandle);
      // The repair this life's failure would have needed is drawn and set aside, so the station's i-th life and i-th
      // repair are the same numbers at every level (common random numbers), however many lives maintenance cut short.
      exponential(rng, mttr);
      learner?.observeMaintenance(this.sim.now - bornAt);
      station.fail();
      station.maintenances++;
      if (this.notable.observed) this.notable.publish({ time: this.sim.now, unit, kind: 'pm-ordered' });
      this.sim.schedule(exponential(maintenanceRng, pmTime!), maintained, null);
    };
    const maintain = this.sim.channel<null>(`maintain:${station.id}`, maintainNow);
    if (pmTime !== undefined) {
      // Requested from outside (runs inside the command's event): only a station that is up can be maintained.
      this.maintainOnRequest.set(station.id, () => {
        if (station.down) return `maintain: station ${station.id} is down or already in maintenance`;
        if (maintenanceHandle >= 0) this.sim.cancel(maintenanceHandle);
        maintainNow();
        return undefined;
      });
    }
    const maintained = this.sim.channel<null>(`maintained:${station.id}`, () => {
      station.repair();
      if (this.notable.observed) this.notable.publish({ time: this.sim.now, unit, kind: 'maintenance-done' });
      startLife();
    });
    startLife();
  }

  /** Time until a breakdown now is noticed: the next patrol (a multiple of the interval) at L1, none with an alarm. */
  private noticeDelay(): number {
    if (this.detection === 'alarm') return 0;
    const interval = this.model.maintenance!.patrolInterval;
    const now = this.sim.now;
    const next = Math.ceil(now / interval) * interval;
    return next >= now ? next - now : next + interval - now;
  }

  /** @internal */
  createJob(routing: Routing): Job {
    return { id: this.nextJobId++, routing, step: 0, enteredAt: NaN };
  }

  /** @internal */
  enter(job: Job): void {
    job.enteredAt = this.sim.now;
    this.entered.publish(job);
  }

  /** @internal */
  leave(job: Job): void {
    job.routing.sink.exits++;
    this.exited.publish(job);
  }

  resetStatistics(): void {
    const now = this.sim.now;
    this.measuredFrom = now;
    this.timeInSystem.reset();
    this.detectionDelay.reset();
    this.inSystem.reset(now);
    this.exitsMeasured = 0;
    for (const station of this.stations) station.resetStatistics(now);
    for (const transport of this.transports) transport.onBoard.reset(now);
    for (const fleet of this.fleets) fleet.resetStatistics(now);
  }

  /** Jobs that left during the measured period. */
  get exits(): number {
    return this.exitsMeasured;
  }

  /** Jobs in the system now. */
  get wipNow(): number {
    return this.inSystem.current;
  }

  stationStatistics(): StationStatistics[] {
    const now = this.sim.now;
    return this.stations.map((s) => ({
      id: s.id,
      utilization: s.busyServers.mean(now) / s.servers.length,
      blocked: s.blockedServers.mean(now) / s.servers.length,
      availability: 1 - s.downTime.mean(now),
      meanQueue: s.queueLength.mean(now),
      completed: s.completed,
    }));
  }

  /** Stations as view units; state: down, blocked (a server holds a finished job), running, or idle. */
  view(): PlantView {
    const stations = this.stations;
    const sim = this.sim;
    const fleets = this.fleets;
    // Per fleet: each network node's unit index (units are the stations, in order).
    const unitOf = fleets.map((f) => Int32Array.from(f.networkStations, (station) => stations.indexOf(station)));
    const vehicles = fleets.reduce((n, f) => n + f.vehicles.length, 0);
    return {
      ...(vehicles > 0
        ? {
            vehicles,
            readVehicles(out: Float64Array) {
              let offset = 0;
              for (let i = 0; i < fleets.length; i++) offset = fleets[i]!.writeVehicles(out, offset, unitOf[i]!);
            },
          }
        : {}),
      units: stations.map((s) => {
        // Where this station's jobs go next, over every routing that visits it (for conveyors in the 3D view).
        const next = new Set<string>();
        for (const r of this.model.routings) for (let k = 0; k + 1 < r.steps.length; k++) if (r.steps[k] === s.id) next.add(r.steps[k + 1]!);
        // A layout saved by the editor names each station's equipment, so the 3D view draws a CNC cell as one.
        const kind = this.model.scene?.units[s.id]?.kind ?? 'station';
        return { id: s.id, name: s.spec.name ?? s.id, kind, ...(next.size > 0 ? { next: [...next] } : {}) };
      }),
      events$: this.notable.events$,
      read(states, queues, utilization, completed) {
        for (let i = 0; i < stations.length; i++) {
          const s = stations[i]!;
          if (completed) completed[i] = s.completed;
          states[i] = s.down
            ? UnitState.down
            : s.blockedServers.current > 0
              ? UnitState.blocked
              : s.busyServers.current > 0
                ? UnitState.running
                : UnitState.idle;
          queues[i] = s.queue.length;
          utilization[i] = s.busyServers.mean(sim.now) / s.servers.length;
        }
      },
    };
  }

  /** The decisions the line accepts from outside (see `commands.ts`). */
  externalControl(): PlantControl {
    return flowControl(this);
  }

  /** The teaching KPIs over the measured period, in the units of `flowKpis`; availability where stations break down. */
  kpis(): Record<string, number> {
    const now = this.sim.now;
    const span = now - this.measuredFrom;
    const stats = this.stationStatistics();
    const kpis: Record<string, number> = {
      throughput: span > 0 ? (this.exitsMeasured / span) * unitsPerHour(this.model.timeUnit) : NaN,
      wip: this.inSystem.mean(now),
      timeInSystem: this.timeInSystem.mean,
      utilization: (100 * stats.reduce((sum, s) => sum + s.utilization, 0)) / stats.length,
    };
    if (hasBreakdowns(this.model)) {
      const failing = stats.filter((_, i) => this.stations[i]!.spec.mtbf !== undefined);
      kpis.availability = (100 * failing.reduce((sum, s) => sum + s.availability, 0)) / failing.length;
    }
    if (this.fleets.length > 0) Object.assign(kpis, fleetKpis(this.fleets.map((f) => f.statistics(now))));
    return kpis;
  }
}

/** Whether any station of the model breaks down (the line then has an availability KPI). */
export function hasBreakdowns(model: FlowModel): boolean {
  return model.stations.some((s) => s.mtbf !== undefined);
}
