/**
 * Forks of the petrochemical model for the twin's forecasts and decisions: K replications of the model file with the
 * learned parameters applied as `--set` overrides, at the plant's level, on seeds shared by every forecast and every
 * candidate decision (common random numbers: two candidates differ in the decision, not in the draws). Like the 3C
 * forks they are not started from the plant's state (the runnable models have no state injection): they run from time
 * 0 with the plant's level and the learned parameters, so a learned catalyst deactivation gives them the plant's
 * activity at each time (both start fresh at 0), but their fouling, trips and feed quality are their own draws.
 */
import { applyParameters, type ParameterOverrides } from '../../core/experiment/parameters.ts';
import { presetLevels, type Level } from '../../core/experiment/levels.ts';
import type { ModelRun } from '../../core/experiment/runnable.ts';
import type { AnyModel } from '../../core/model/load.ts';
import { runnable } from '../../core/models.ts';
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

export interface ProcessFork {
  run: ModelRun;
  /** Index of the product tank in the view. */
  tank: number;
  states: Uint8Array;
  inventory: Float32Array;
  utilization: Float32Array;
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

/** Advances a fork to `t` and returns its on-spec B in the product tank (t, since measuring began: the plant's count). */
export function onSpecAt(fork: ProcessFork, t: number): number {
  if (t > fork.run.sim.now) fork.run.sim.runUntil(t);
  fork.run.view!().read(fork.states, fork.inventory, fork.utilization);
  return fork.inventory[fork.tank]!;
}

export function disposeForks(forks: readonly ProcessFork[]): void {
  for (const f of forks) f.run.sim.dispose();
}
