/**
 * Continuous dynamics for the process plant: fixed-step fourth-order Runge-Kutta, advanced as kernel events.
 *
 * A continuous system is a state vector and its derivative function. `integrate` schedules one step every `h` time
 * units at `Priority.continuous`, so discrete events at the same instant (controllers sampling, operators acting) see
 * the state already advanced to that instant. Inputs changed by discrete events between two steps are held over the
 * next whole step (zero-order hold), as in a sampled-data controller. Fixed steps and the kernel's ordering keep it
 * bit-for-bit deterministic.
 */
import { Observable } from 'rxjs';
import { Priority, type Simulation, type EventHandle } from './simulation.ts';

/** dy/dt = f(t, y): writes the derivative of `y` at time `t` into `dydt`. Must not keep references to the arrays. */
export type Derivatives = (t: number, y: Float64Array, dydt: Float64Array) => void;

/** Scratch space for `rk4Step`, allocated once per system (no allocation per step). */
export class Rk4Workspace {
  readonly k1: Float64Array;
  readonly k2: Float64Array;
  readonly k3: Float64Array;
  readonly k4: Float64Array;
  readonly probe: Float64Array;
  constructor(readonly dimension: number) {
    this.k1 = new Float64Array(dimension);
    this.k2 = new Float64Array(dimension);
    this.k3 = new Float64Array(dimension);
    this.k4 = new Float64Array(dimension);
    this.probe = new Float64Array(dimension);
  }
}

/** Advances `y` in place from `t` to `t + h` with one classical RK4 step. */
export function rk4Step(f: Derivatives, t: number, y: Float64Array, h: number, work: Rk4Workspace): void {
  const n = y.length;
  const { k1, k2, k3, k4, probe } = work;
  f(t, y, k1);
  for (let i = 0; i < n; i++) probe[i] = y[i]! + 0.5 * h * k1[i]!;
  f(t + 0.5 * h, probe, k2);
  for (let i = 0; i < n; i++) probe[i] = y[i]! + 0.5 * h * k2[i]!;
  f(t + 0.5 * h, probe, k3);
  for (let i = 0; i < n; i++) probe[i] = y[i]! + h * k3[i]!;
  f(t + h, probe, k4);
  for (let i = 0; i < n; i++) y[i] = y[i]! + (h / 6) * (k1[i]! + 2 * k2[i]! + 2 * k3[i]! + k4[i]!);
}

/** Integrates `f` from `t0` to `t1` with steps of at most `h` (the last step is shortened to land on `t1`). */
export function integrateFixed(f: Derivatives, y: Float64Array, t0: number, t1: number, h: number): Float64Array {
  if (!(h > 0)) throw new RangeError(`integration step must be positive, got ${h}`);
  const work = new Rk4Workspace(y.length);
  const steps = Math.ceil((t1 - t0) / h - 1e-9);
  for (let k = 0; k < steps; k++) {
    const t = t0 + k * h;
    rk4Step(f, t, y, Math.min(h, t1 - t), work);
  }
  return y;
}

export interface ContinuousSystem {
  /** Name for the kernel channel (`continuous:<name>`) and error messages. */
  readonly name: string;
  /** The state, advanced in place. */
  readonly state: Float64Array;
  readonly derivatives: Derivatives;
}

export interface ContinuousProcess {
  /** Emits the simulated time after every completed step (the state is then current). */
  readonly steps$: Observable<number>;
  /** Stops integrating; the state stays as it is. */
  stop(): void;
}

/** Starts advancing `system` by RK4 steps of `step` time units from the current time. */
export function integrate(sim: Simulation, system: ContinuousSystem, step: number): ContinuousProcess {
  if (!(step > 0) || step === Infinity) throw new RangeError(`${system.name}: integration step must be positive, got ${step}`);
  const work = new Rk4Workspace(system.state.length);
  // Step times are start + k * step, computed by multiplication rather than by adding `step` repeatedly, so that they
  // land exactly on round instants (100 * 0.01 === 1) where sampled controllers and observers expect them.
  const start = sim.now;
  let k = 1;
  let pending: EventHandle = -1;
  const channel = sim.channel<null>(`continuous:${system.name}`, () => {
    // The step event fires at the end of its interval: integrate over [t_(k-1), t_k].
    rk4Step(system.derivatives, start + (k - 1) * step, system.state, step, work);
    k++;
    pending = sim.scheduleAt(start + k * step, channel, null, Priority.continuous);
  });
  pending = sim.scheduleAt(start + step, channel, null, Priority.continuous);
  return {
    steps$: new Observable<number>((subscriber) => channel.events$.subscribe(() => subscriber.next(sim.now))),
    stop() {
      if (pending >= 0) sim.cancel(pending);
      pending = -1;
    },
  };
}
