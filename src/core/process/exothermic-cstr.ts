/**
 * The exothermic CSTR of Seborg / Henson (shared/reference/process-models.md section 2): A -> B, time in minutes,
 * input the coolant temperature Tc. Here it is the plant's thermal-runaway safety scenario: raising the coolant
 * temperature past about 303 K ignites the reactor; a high-temperature alarm and a high-high interlock (emergency
 * cooling and feed cut-off) are simulated on the kernel so that the event log shows when each fired.
 */
import { integrate } from '../kernel/continuous.ts';
import { Priority, Simulation } from '../kernel/simulation.ts';
import { exp } from '../math/index.ts';

export const EXOTHERMIC_CSTR = {
  q: 100, // L/min
  V: 100, // L
  rho: 1000, // g/L
  cp: 0.239, // J/(g K)
  dH: -5e4, // J/mol
  EoverR: 8750, // K
  k0: 7.2e10, // 1/min
  UA: 5e4, // J/(min K)
  Tf: 350, // K
  Caf: 1, // mol/L
} as const;

/** Inputs held between events; `q` can be cut by the interlock. */
export interface ExothermicInputs {
  Tc: number;
  q: number;
}

/** dCa/dt and dT/dt (state [Ca, T]). */
export function exothermicDerivatives(y: Float64Array, dydt: Float64Array, u: ExothermicInputs): void {
  const p = EXOTHERMIC_CSTR;
  const ca = y[0]!;
  const T = y[1]!;
  const rate = p.k0 * exp(-p.EoverR / T) * ca;
  dydt[0] = (u.q / p.V) * (p.Caf - ca) - rate;
  dydt[1] = (u.q / p.V) * (p.Tf - T) + (-p.dH / (p.rho * p.cp)) * rate + (p.UA / (p.V * p.rho * p.cp)) * (u.Tc - T);
}

export interface RunawayOptions {
  /** Initial state, default the stable low-temperature steady state at Tc = 300 K. */
  initial?: { Ca: number; T: number };
  /** Coolant temperature after the upset at t = 0, K. */
  coolantTemperature: number;
  /** Minutes to simulate. */
  minutes: number;
  /** RK4 step, min. The ignition is so fast that 0.005 min underestimates the 492 K peak by 16 K; 0.001 is within 0.1 K. */
  step?: number;
  /** High-temperature alarm, K (announces only). Omit for none. */
  alarmAt?: number;
  /** High-high interlock, K: switches the coolant to `emergencyCoolant` and cuts the feed. Omit for no interlock. */
  interlockAt?: number;
  emergencyCoolant?: number;
}

export interface RunawayResult {
  peakT: number;
  final: { Ca: number; T: number };
  alarmAt?: number;
  interlockAt?: number;
  /** Samples every 0.1 min (time, Ca, T), for plots. */
  trajectory: { t: number; Ca: number; T: number }[];
}

/** Runs the runaway scenario on the kernel: RK4 steps plus alarm and interlock checks after every step. */
export function runRunawayScenario(options: RunawayOptions): RunawayResult {
  const sim = new Simulation();
  const initial = options.initial ?? { Ca: 0.87725, T: 324.475 };
  const state = Float64Array.of(initial.Ca, initial.T);
  const u: ExothermicInputs = { Tc: options.coolantTemperature, q: EXOTHERMIC_CSTR.q };
  const step = options.step ?? 0.001;
  const process = integrate(sim, { name: 'exothermic-cstr', state, derivatives: (_t, y, dydt) => exothermicDerivatives(y, dydt, u) }, step);
  const alarm = sim.channel<number>('alarm:TAH', () => undefined);
  const interlock = sim.channel<number>('interlock:TAHH', () => {
    u.Tc = options.emergencyCoolant ?? 280;
    u.q = 0;
  });
  const result: RunawayResult = { peakT: state[1]!, final: { Ca: 0, T: 0 }, trajectory: [] };
  let nextSample = 0;
  process.steps$.subscribe((t) => {
    const T = state[1]!;
    if (T > result.peakT) result.peakT = T;
    if (options.alarmAt !== undefined && result.alarmAt === undefined && T >= options.alarmAt) {
      result.alarmAt = t;
      sim.schedule(0, alarm, T, Priority.urgent);
    }
    if (options.interlockAt !== undefined && result.interlockAt === undefined && T >= options.interlockAt) {
      result.interlockAt = t;
      sim.schedule(0, interlock, T, Priority.urgent);
    }
    if (t >= nextSample - 1e-9) {
      result.trajectory.push({ t, Ca: state[0]!, T });
      nextSample += 0.1;
    }
  });
  sim.runUntil(options.minutes);
  result.final = { Ca: state[0]!, T: state[1]! };
  sim.dispose();
  return result;
}
