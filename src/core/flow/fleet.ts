/**
 * AGV fleets: vehicles that carry jobs along the AGV routes naming the fleet.
 *
 * A job finishing at a station whose next hop is a fleet route calls a vehicle and stays on its server, which is blocked
 * until the vehicle has loaded it ("stations block while waiting"). The vehicle drives empty to the station along the
 * fleet's route network (shortest path, routes driven both ways), loads, drives loaded along the route, unloads, and hands
 * the job to the next station, or waits there holding it while that station is full. A freed vehicle takes the next call
 * by the fleet's rule, goes to charge when its battery is low, or stays where it is.
 *
 * A call is dispatched only when its destination has a place for it, counting the jobs vehicles already carry there
 * (a transport order is released against a reserved place): otherwise vehicles could all end up holding jobs at full
 * stations whose own jobs wait for a vehicle, a deadlock. Until then the call waits, and the station stays blocked.
 *
 * Rules: `nearest` (a call gets the nearest idle vehicle, a freed vehicle the nearest waiting call, ties to the oldest),
 * `fcfs` (calls in order of arrival, the vehicle idle longest first) and, at L3, `look-ahead`: `nearest`, and a vehicle
 * with no call is sent to the station whose running job is expected to finish soonest (start plus the mean service time,
 * what a networked machine announces) where the job goes on by this fleet, so it is there when the call comes.
 * Vehicles draw no random numbers, so a model's random streams are the same with any fleet, rule or level.
 */
import type { Channel } from '../kernel/channel.ts';
import type { Simulation } from '../kernel/simulation.ts';
import { distributionMean } from '../model/distribution.ts';
import type { FleetSpec } from '../model/flow-model.ts';
import { Tally, TimeWeighted } from '../stats/tally.ts';
import type { Job, Server, Station, Transport } from './flow-simulation.ts';
import { VEHICLE_FIELDS, VehicleState } from '../runtime/view.ts';

export type DispatchRule = 'nearest' | 'fcfs' | 'look-ahead';

/** A transport request: a finished job on its server, waiting for a vehicle. */
interface Call {
  readonly job: Job;
  readonly server: Server;
  readonly route: Transport;
  /** Network node of the station the job waits at. */
  readonly node: number;
  readonly time: number;
}

const enum Phase {
  Idle,
  /** Driving empty to a call (or, look-ahead, to a station about to call). */
  ToPickup,
  /** Look-ahead: at a station, waiting for the call it was sent for. */
  Waiting,
  Loading,
  Loaded,
  Unloading,
  /** Holding a job at a full station. */
  Blocked,
  ToCharger,
  Charging,
}

/** Phases counted as working time in the utilisation (moving, handling, or holding a job). */
function working(phase: Phase): boolean {
  return phase === Phase.ToPickup || phase === Phase.Loading || phase === Phase.Loaded || phase === Phase.Unloading || phase === Phase.Blocked;
}

/** What a view shows of a phase: idle, driving or waiting empty, with a job, or at the charger. */
function vehicleState(phase: Phase): number {
  switch (phase) {
    case Phase.Idle:
      return VehicleState.idle;
    case Phase.ToPickup:
    case Phase.Waiting:
      return VehicleState.empty;
    case Phase.ToCharger:
    case Phase.Charging:
      return VehicleState.charging;
    default:
      return VehicleState.loaded;
  }
}

export class Vehicle {
  phase = Phase.Idle;
  /** Network node where it is, or where it is driving to. */
  node: number;
  call: Call | null = null;
  /** Look-ahead: the server it was sent to before that server called. */
  reserved: Server | null = null;
  idleSince = 0;
  battery = 1;
  /**
   * The current leg, for views only (nothing in the fleet's decisions reads them): the node it left, and when it left
   * and will arrive at `node`. A stationary phase is a leg from `node` to `node`.
   */
  from: number;
  legStart = 0;
  legEnd = 0;
  constructor(
    readonly index: number,
    readonly fleet: Fleet,
    node: number,
  ) {
    this.node = node;
    this.from = node;
  }

  /** As a feeder of a full station: hands the job over when the station has room. */
  take(): Job {
    const call = this.call!;
    call.job.step++;
    this.call = null;
    this.fleet.delivered(call.route.to);
    return call.job;
  }

  resume(): void {
    this.fleet.free(this);
  }
}

export interface FleetStatistics {
  id: string;
  vehicles: number;
  /** Fraction of vehicle time spent working (driving, handling, holding a job at a full station). */
  utilization: number;
  /** Fraction of driving time driven empty. */
  emptyTravel: number;
  /** Time-average number of vehicles driving empty, and loaded. */
  drivingEmpty: number;
  drivingLoaded: number;
  /** Fraction of vehicle time spent charging or driving to the charger. */
  charging: number;
  /** Mean time from a call to the vehicle's arrival at the station. */
  meanWait: number;
  /** Calls made in the measured period. */
  calls: number;
  /** Time-average number of calls waiting for a vehicle to arrive. */
  meanWaitingCalls: number;
  minBattery: number;
}

export class Fleet {
  readonly vehicles: Vehicle[];
  readonly rule: DispatchRule;
  /** Calls no vehicle has been assigned to, oldest first. */
  private readonly queue: Call[] = [];
  /** Shortest driving distance between network nodes (metres). */
  private readonly distance: Float64Array;
  private readonly nodes: number;
  private readonly nodeOf: Map<Station, number>;
  private readonly stations: Station[];
  private readonly channel: Channel<Vehicle>;
  /** Look-ahead: stations whose jobs go on by this fleet, with the route they take, by station. */
  private readonly feeds = new Map<Station, Transport[]>();
  private readonly chargerNode: number;
  /** Jobs vehicles are assigned to or carry towards each station, not yet handed over. */
  private readonly inbound = new Map<Station, number>();

  readonly busy = new TimeWeighted();
  readonly drivingEmpty = new TimeWeighted();
  readonly drivingLoaded = new TimeWeighted();
  readonly atCharger = new TimeWeighted();
  /** Calls waiting for a vehicle to arrive (assigned or not): Little's law L. */
  readonly waitingCalls = new TimeWeighted();
  /** Call to vehicle arrival, for calls made in the measured period: Little's law W. */
  readonly waits = new Tally();
  calls = 0;
  minBattery = 1;
  private measuredFrom = 0;

  constructor(
    readonly spec: FleetSpec,
    readonly sim: Simulation,
    routes: readonly Transport[],
    lookAhead: boolean,
  ) {
    this.rule = lookAhead ? 'look-ahead' : spec.dispatching;
    this.nodeOf = new Map();
    this.stations = [];
    const node = (station: Station) => {
      let n = this.nodeOf.get(station);
      if (n === undefined) {
        n = this.stations.length;
        this.nodeOf.set(station, n);
        this.stations.push(station);
      }
      return n;
    };
    for (const r of routes) {
      node(r.from);
      node(r.to);
    }
    this.nodes = this.stations.length;
    const n = this.nodes;
    const d = new Float64Array(n * n).fill(Infinity);
    for (let i = 0; i < n; i++) d[i * n + i] = 0;
    for (const r of routes) {
      const a = this.nodeOf.get(r.from)!;
      const b = this.nodeOf.get(r.to)!;
      const length = Math.min(d[a * n + b]!, r.spec.length);
      d[a * n + b] = length;
      d[b * n + a] = Math.min(d[b * n + a]!, length);
    }
    // Floyd-Warshall: fleets have a handful of stations.
    for (let k = 0; k < n; k++) for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) d[i * n + j] = Math.min(d[i * n + j]!, d[i * n + k]! + d[k * n + j]!);
    this.distance = d;
    const byId = (id: string) => this.stations.findIndex((s) => s.id === id);
    const home = spec.home !== undefined ? byId(spec.home) : this.nodeOf.get(routes[0]!.from)!;
    this.chargerNode = spec.battery ? byId(spec.battery.charger) : -1;
    this.vehicles = Array.from({ length: spec.vehicles }, (_, i) => new Vehicle(i, this, home));
    this.channel = sim.channel<Vehicle>(`agv:${spec.id}`, (vehicle) => this.advance(vehicle));
    if (this.rule === 'look-ahead') {
      for (const r of routes) {
        const list = this.feeds.get(r.from) ?? [];
        list.push(r);
        this.feeds.set(r.from, list);
      }
    }
  }

  private travelTime(from: number, to: number): number {
    return this.distance[from * this.nodes + to]! / this.spec.speed;
  }

  private setPhase(vehicle: Vehicle, phase: Phase): void {
    const now = this.sim.now;
    const before = vehicle.phase;
    if (working(before) !== working(phase)) this.busy.add(now, working(phase) ? 1 : -1);
    if ((before === Phase.ToPickup) !== (phase === Phase.ToPickup)) this.drivingEmpty.add(now, phase === Phase.ToPickup ? 1 : -1);
    if ((before === Phase.Loaded) !== (phase === Phase.Loaded)) this.drivingLoaded.add(now, phase === Phase.Loaded ? 1 : -1);
    const charging = (p: Phase) => p === Phase.ToCharger || p === Phase.Charging;
    if (charging(before) !== charging(phase)) this.atCharger.add(now, charging(phase) ? 1 : -1);
    vehicle.phase = phase;
  }

  /** Schedules the end of a timed phase; working time drains the battery. */
  private timed(vehicle: Vehicle, phase: Phase, duration: number): void {
    this.setPhase(vehicle, phase);
    // Callers set `node` to a moving phase's destination after this call; until then it is where the vehicle is.
    vehicle.from = vehicle.node;
    vehicle.legStart = this.sim.now;
    vehicle.legEnd = this.sim.now + duration;
    if (this.spec.battery && phase !== Phase.Charging) {
      vehicle.battery -= duration / this.spec.battery.capacity;
      if (vehicle.battery < this.minBattery) this.minBattery = vehicle.battery;
    }
    this.sim.schedule(duration, this.channel, vehicle);
  }

  /** A station's server finished a job whose next hop is one of this fleet's routes: the job waits there for a vehicle. */
  request(server: Server, job: Job, route: Transport): void {
    const call: Call = { job, server, route, node: this.nodeOf.get(route.from)!, time: this.sim.now };
    if (this.sim.now >= this.measuredFrom) this.calls++;
    this.waitingCalls.add(this.sim.now, 1);
    const sent = this.vehicles.find((v) => v.reserved === server);
    if (sent) {
      sent.reserved = null;
      if (this.dispatchable(call)) {
        this.reserve(call);
        sent.call = call;
        if (sent.phase === Phase.Waiting) this.arrive(sent);
        return;
      }
      // No place downstream yet: the vehicle sent ahead is released (if it is already there it waits as an idle one).
      if (sent.phase === Phase.Waiting) this.free(sent);
    }
    this.queue.push(call);
    this.dispatchWaiting();
  }

  /** Whether the call's destination has a place for it beyond the jobs already on their way there. */
  private dispatchable(call: Call): boolean {
    return call.route.to.freePlaces() > (this.inbound.get(call.route.to) ?? 0);
  }

  private reserve(call: Call): void {
    this.inbound.set(call.route.to, (this.inbound.get(call.route.to) ?? 0) + 1);
  }

  /** Gives waiting calls whose destination has room to idle vehicles, oldest call first. */
  dispatchWaiting(): void {
    for (let i = 0; i < this.queue.length;) {
      const call = this.queue[i]!;
      if (!this.dispatchable(call)) {
        i++;
        continue;
      }
      const vehicle = this.pickIdleVehicle(call.node);
      if (vehicle === undefined) return;
      this.queue.splice(i, 1);
      this.assign(vehicle, call);
    }
  }

  private pickIdleVehicle(node: number): Vehicle | undefined {
    let best: Vehicle | undefined;
    for (const v of this.vehicles) {
      if (v.phase !== Phase.Idle) continue;
      if (best === undefined) best = v;
      else if (this.rule === 'fcfs' ? v.idleSince < best.idleSince : this.travelTime(v.node, node) < this.travelTime(best.node, node)) best = v;
    }
    return best;
  }

  private assign(vehicle: Vehicle, call: Call): void {
    this.reserve(call);
    vehicle.call = call;
    this.timed(vehicle, Phase.ToPickup, this.travelTime(vehicle.node, call.node));
    vehicle.node = call.node;
  }

  /** The vehicle is at the calling station: record the wait and load. */
  private arrive(vehicle: Vehicle): void {
    const call = vehicle.call!;
    this.waitingCalls.add(this.sim.now, -1);
    if (call.time >= this.measuredFrom) this.waits.add(this.sim.now - call.time);
    this.timed(vehicle, Phase.Loading, this.spec.loadTime);
  }

  private advance(vehicle: Vehicle): void {
    switch (vehicle.phase) {
      case Phase.ToPickup:
        if (vehicle.call) this.arrive(vehicle);
        else if (vehicle.reserved)
          this.setPhase(vehicle, Phase.Waiting); // look-ahead: there before the call
        else this.free(vehicle); // sent ahead, but the call came with no place downstream and was released
        return;
      case Phase.Loading: {
        const call = vehicle.call!;
        // The job leaves its server: the station is unblocked and takes its next job.
        const station = call.server.station;
        station.blockedServers.add(this.sim.now, -1);
        station.freeServer(call.server);
        this.timed(vehicle, Phase.Loaded, call.route.spec.length / this.spec.speed);
        vehicle.node = this.nodeOf.get(call.route.to)!;
        return;
      }
      case Phase.Loaded:
        this.timed(vehicle, Phase.Unloading, this.spec.unloadTime);
        return;
      case Phase.Unloading: {
        const call = vehicle.call!;
        const next = call.route.to;
        if (next.waitingFeeders.length === 0 && next.hasRoom()) {
          next.accept(this.handOver(vehicle));
          this.free(vehicle);
        } else {
          this.setPhase(vehicle, Phase.Blocked);
          next.waitingFeeders.push(vehicle);
        }
        return;
      }
      case Phase.ToCharger: {
        const battery = this.spec.battery!;
        this.timed(vehicle, Phase.Charging, (1 - vehicle.battery) * battery.chargeTime);
        return;
      }
      case Phase.Charging:
        vehicle.battery = 1;
        this.setPhase(vehicle, Phase.Idle);
        this.free(vehicle);
        return;
      default:
        throw new Error(`vehicle ${vehicle.index} of fleet ${this.spec.id}: no timed phase to end`);
    }
  }

  private handOver(vehicle: Vehicle): Job {
    return vehicle.take();
  }

  /** @internal the job a vehicle carried has entered its station */
  delivered(station: Station): void {
    this.inbound.set(station, this.inbound.get(station)! - 1);
  }

  /** A vehicle has nothing to do: charge, take a waiting call, look ahead, or wait where it is. */
  free(vehicle: Vehicle): void {
    const battery = this.spec.battery;
    if (battery && vehicle.battery < battery.threshold) {
      this.timed(vehicle, Phase.ToCharger, this.travelTime(vehicle.node, this.chargerNode));
      vehicle.node = this.chargerNode;
      return;
    }
    let pick = -1;
    for (let i = 0; i < this.queue.length; i++) {
      if (!this.dispatchable(this.queue[i]!)) continue;
      if (pick < 0) pick = i;
      else if (this.rule !== 'fcfs' && this.travelTime(vehicle.node, this.queue[i]!.node) < this.travelTime(vehicle.node, this.queue[pick]!.node)) pick = i;
      if (this.rule === 'fcfs') break;
    }
    if (pick >= 0) {
      const [call] = this.queue.splice(pick, 1);
      this.assign(vehicle, call!);
      return;
    }
    if (this.rule === 'look-ahead' && this.sendAhead(vehicle)) return;
    if (vehicle.phase !== Phase.Idle) this.setPhase(vehicle, Phase.Idle);
    vehicle.idleSince = this.sim.now;
  }

  /**
   * Look-ahead: sends the vehicle to the busy server, not yet expecting a vehicle, whose job could be picked up soonest
   * (its expected end, start plus mean service time, or the drive there if longer). False when there is none.
   */
  private sendAhead(vehicle: Vehicle): boolean {
    let best: Server | undefined;
    let bestTime = Infinity;
    for (const [station, routes] of this.feeds) {
      const travel = this.travelTime(vehicle.node, this.nodeOf.get(station)!);
      const mean = distributionMean(station.spec.serviceTime);
      for (const server of station.servers) {
        const job = server.job;
        if (job === null || server.completion < 0 || this.vehicles.some((v) => v.reserved === server)) continue;
        const route = job.routing.transports[job.step];
        if (route === undefined || route === null || !routes.includes(route)) continue;
        const ready = Math.max(server.startedAt + mean, this.sim.now + travel);
        if (ready < bestTime) {
          bestTime = ready;
          best = server;
        }
      }
    }
    if (best === undefined) return false;
    vehicle.reserved = best;
    this.timed(vehicle, Phase.ToPickup, this.travelTime(vehicle.node, this.nodeOf.get(best.station)!));
    vehicle.node = this.nodeOf.get(best.station)!;
    return true;
  }

  /** Look-ahead: a server started a job; an idle vehicle may go there now. */
  serviceStarted(): void {
    if (this.queue.length > 0) return;
    for (const v of this.vehicles) if (v.phase === Phase.Idle && this.sendAhead(v)) return;
  }

  /** The stations of the fleet's network, by node (the view maps them to its units). */
  get networkStations(): readonly Station[] {
    return this.stations;
  }

  /**
   * Writes each vehicle's leg and state at `out[offset + k * VEHICLE_FIELDS]` (see `PlantView.readVehicles`), with
   * `unitOf` giving a network node's unit index; returns the offset after the last vehicle. Reads only.
   */
  writeVehicles(out: Float64Array, offset: number, unitOf: Int32Array): number {
    for (const v of this.vehicles) {
      out[offset] = unitOf[v.from]!;
      out[offset + 1] = unitOf[v.node]!;
      out[offset + 2] = v.legStart;
      out[offset + 3] = v.legEnd;
      out[offset + 4] = vehicleState(v.phase);
      offset += VEHICLE_FIELDS;
    }
    return offset;
  }

  resetStatistics(time: number): void {
    this.measuredFrom = time;
    this.busy.reset(time);
    this.drivingEmpty.reset(time);
    this.drivingLoaded.reset(time);
    this.atCharger.reset(time);
    this.waitingCalls.reset(time);
    this.waits.reset();
    this.calls = 0;
    this.minBattery = this.vehicles.reduce((m, v) => Math.min(m, v.battery), 1);
  }

  statistics(now: number): FleetStatistics {
    const empty = this.drivingEmpty.mean(now);
    const loaded = this.drivingLoaded.mean(now);
    return {
      id: this.spec.id,
      vehicles: this.vehicles.length,
      utilization: this.busy.mean(now) / this.vehicles.length,
      emptyTravel: empty + loaded > 0 ? empty / (empty + loaded) : 0,
      drivingEmpty: empty,
      drivingLoaded: loaded,
      charging: this.atCharger.mean(now) / this.vehicles.length,
      meanWait: this.waits.mean,
      calls: this.calls,
      meanWaitingCalls: this.waitingCalls.mean(now),
      minBattery: this.minBattery,
    };
  }
}

/**
 * The fleet KPIs of a line, over all its fleets: vehicle utilisation (share of vehicle time working) and empty travel
 * (share of driving time driven empty) in per cent, and the mean transport waiting time (call to vehicle arrival, weighted by calls).
 */
export function fleetKpis(fleets: readonly FleetStatistics[]): Record<string, number> {
  const vehicles = fleets.reduce((a, f) => a + f.vehicles, 0);
  const calls = fleets.reduce((a, f) => a + f.calls, 0);
  const working = fleets.reduce((a, f) => a + f.vehicles * f.utilization, 0);
  const empty = fleets.reduce((a, f) => a + f.drivingEmpty, 0);
  const driving = empty + fleets.reduce((a, f) => a + f.drivingLoaded, 0);
  return {
    vehicleUtilization: (100 * working) / vehicles,
    emptyTravel: driving > 0 ? (100 * empty) / driving : 0,
    transportWait: calls > 0 ? fleets.reduce((a, f) => a + (f.calls > 0 ? f.meanWait * f.calls : 0), 0) / calls : NaN,
  };
}
