/**
 * Forks of the petrochemical model for the twin's forecasts and decisions: K replications of the model file with the
 * learned parameters applied as `--set` overrides, at the plant's level, on seeds shared by every forecast and every
 * candidate decision (common random numbers: two candidates differ in the decision, not in the draws). A fork is
 * advanced to the plant's time and then handed the twin's state (`ModelRun.synchronise`, core/process/synchronise.ts):
 * `processSnapshot` gives it the pump's and the reactor's states and the measured signals, the feed concentration
 * that the A balance implies with the fork's catalyst activity, and, with learning on, the learner's catalyst activity
 * now (projected from its last hourly block at the learned rate) and jacket fouling now. With learning off the fork
 * keeps the model file's activity and its own fouling, but still takes the measured state.
 */
import { applyParameters, readParameter, type ParameterOverrides } from '../../core/experiment/parameters.ts';
import { presetLevels, type Level } from '../../core/experiment/levels.ts';
import type { ModelRun } from '../../core/experiment/runnable.ts';
import type { AnyModel } from '../../core/model/load.ts';
import { runnable } from '../../core/models.ts';
import { processParameters } from '../../core/process/setup.ts';
import type { PetrochemicalModel } from '../../core/model/petrochemical-model.ts';
import type { PlantSnapshot } from '../../core/runtime/synchronise.ts';
import type { PlantCommand, PlantControl } from '../../core/runtime/control.ts';
import { RTO_ACTIVITY } from '../../core/process/commands.ts';
import { feedConcentration } from '../../core/twin/process-estimators.ts';
import type { Twin } from './twin.ts';
import { DEACTIVATION_PATH, FOULING_PATH } from './process-learner.ts';

export const FORK_SEED_BASE = 1_000_000;

/** The learned parameters the forks take: the process learner's estimates whose interval excludes the file's value. */
export function learnedOverrides(twin: Twin): ParameterOverrides {
  const out: Record<string, number> = {};
  for (const e of twin.processLearner?.estimates() ?? []) {
    if (!e.differs) continue;
    // A negative deactivation is not a physical catalyst (and the schema refuses it).
    if (e.parameter === DEACTIVATION_PATH) out[e.parameter] = Math.max(0, e.observed);
    if (e.parameter === FOULING_PATH) out[e.parameter] = e.observed;
  }
  return out;
}

/**
 * What the twin knows of the plant now, for a fork's hand-over: each unit's state and its `Measured/...` and
 * `Signal/...` readings by name; with `learn`, the catalyst activity and jacket fouling the learner estimates now. The
 * feed concentration is implied by the reactor's readings with the activity the forks run at (the learned one with
 * `learn`, else the model file's), so a fork's reactor reproduces the measured outlet A.
 */
export function processSnapshot(twin: Twin, learn: boolean, overrides: ParameterOverrides): PlantSnapshot {
  const sync = twin.sync;
  const units = [...sync.units.values()].map((u) => {
    const measured: Record<string, number> = {};
    for (const [name, v] of Object.entries(u.metrics)) {
      const m = /^(Measured|Signal)\/(.+)$/.exec(name);
      if (m && typeof v === 'number' && Number.isFinite(v)) measured[m[2]!] = v;
    }
    return { id: u.id, state: u.state, measured };
  });
  const estimated: Record<string, number> = {};
  const hours = (sync.time * 24) / sync.unitsPerDay;
  const rate = overrides[DEACTIVATION_PATH] ?? readParameter(twin.modelJson, DEACTIVATION_PATH) ?? 0;
  let activity = Math.exp((-rate * hours) / 24);
  const learner = twin.processLearner;
  if (learn && learner) {
    const last = learner.lastActivity;
    if (last) {
      activity = last.activity * Math.exp((-rate * (hours - last.hour)) / 24);
      estimated.catalystActivity = activity;
    }
    const fouling = learner.foulingNow;
    if (Number.isFinite(fouling)) estimated.foulingResistance = Math.max(0, fouling);
  }
  const reactor = units.find((u) => u.id === 'reactor')?.measured;
  const flow = Number(units.find((u) => u.id === 'feed-pump')?.measured.flow) * 1000;
  const vR = processParameters(twin.modelJson as PetrochemicalModel).spec.size.vR;
  const cA0 = reactor ? feedConcentration(flow / vR, Number(reactor.temperature), Number(reactor['outlet A']), activity) : NaN;
  if (Number.isFinite(cA0)) estimated.feedConcentration = cA0;
  return { units, estimated };
}

export interface ProcessFork {
  run: ModelRun;
  /** Index of the product tank in the view. */
  tank: number;
  states: Uint8Array;
  inventory: Float32Array;
  utilization: Float32Array;
  /** The fork's control, made on first use (a run's control is made once). */
  control?: PlantControl;
}

/** Submits a command to a fork as the plant would take it (a refused one leaves the fork as it was). */
export function submitTo(fork: ProcessFork, command: PlantCommand): string | undefined {
  fork.control ??= fork.run.externalControl?.();
  return fork.control?.submit(command) ?? 'the model accepts no command';
}

/**
 * The catalyst activity the plant's RTO assumes now, as its node publishes `Setpoint/rto-catalyst-activity` once a twin
 * set it (NaN before: the model file's fresh catalyst, as the forks' RTOs start).
 */
export function plantRtoActivity(twin: Twin): number {
  const v = twin.sync.node[`Setpoint/${RTO_ACTIVITY}`];
  return typeof v === 'number' && Number.isFinite(v) ? v : NaN;
}

export function startForks(twin: Twin, level: Level, overrides: ParameterOverrides, replications: number, seedBase = FORK_SEED_BASE): ProcessFork[] {
  const model = runnable(applyParameters(twin.modelJson as AnyModel, overrides, 'twin'));
  const forks: ProcessFork[] = [];
  for (let k = 0; k < replications; k++) {
    const run = model.start({ seed: seedBase + k, capabilities: presetLevels(model.capabilities, level) });
    const view = run.view!();
    const n = view.units.length;
    forks.push({
      run,
      tank: view.units.findIndex((u) => u.id === 'product-tank'),
      states: new Uint8Array(n),
      inventory: new Float32Array(n),
      utilization: new Float32Array(n),
    });
  }
  return forks;
}

/** Advances a fork to `t` and hands it the twin's state there (see `processSnapshot`); returns what it did not take. */
export function synchroniseAt(fork: ProcessFork, t: number, snapshot: PlantSnapshot, rtoActivity = NaN): string[] {
  if (t > fork.run.sim.now) fork.run.sim.runUntil(t);
  const skipped = fork.run.synchronise?.(snapshot).skipped ?? ['synchronise: the model takes no hand-over'];
  // The plant's RTO model as the twin set it: the fork's decision layer takes the same (published) value.
  if (Number.isFinite(rtoActivity)) {
    const refused = submitTo(fork, { kind: 'setpoint', name: RTO_ACTIVITY, value: rtoActivity });
    if (refused !== undefined) skipped.push(`${RTO_ACTIVITY} (${refused})`);
    else fork.run.sim.runUntil(t);
  }
  return skipped;
}

/** Advances a fork to `t` and returns its on-spec B in the product tank (t, since measuring began: the plant's count). */
export function onSpecAt(fork: ProcessFork, t: number): number {
  if (t > fork.run.sim.now) fork.run.sim.runUntil(t);
  fork.run.view!().read(fork.states, fork.inventory, fork.utilization);
  return fork.inventory[fork.tank]!;
}

export function disposeForks(forks: readonly ProcessFork[]): void {
  for (const f of forks) f.run.sim.dispose();
}
