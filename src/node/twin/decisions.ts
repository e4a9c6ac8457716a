/**
 * Candidate decisions evaluated on forks of the model (`--act`, L3): each candidate is a list of commands the plant
 * accepts (`ModelRun.externalControl`, runtime/control.ts: maintain a cell, set the dispatching rule); for each of K
 * fork seeds every candidate gets its own fork of that seed (common random numbers: the candidates of one seed differ
 * only by the commands), each taking the twin's synchronised state (`ModelRun.synchronise`) before the commands are
 * submitted, and the output over the horizon is compared with the first candidate's on the same seed. The output is
 * what the CNC cells (the 3C plant's bottleneck) machine over the horizon: it becomes good output at packing a lead
 * time later, which a horizon of hours would cut off.
 *
 * The forks do not replay the plant's whole history: each is started from time 0 and advanced to a warm-up end with
 * the plant's time of day (one day plus the hour of day, or the plant's own time when it is shorter), so shifts and
 * tariffs line up, then handed the state. What the hand-over leaves to the fork (lots, queues, operators' tasks, the
 * controllers' learned state) is a day's run of the model's own, not the plant's: the comparison is between candidates
 * under the same such state, which is what common random numbers make fair, not an exact replay of the plant.
 */
import { applyParameters } from '../../core/experiment/parameters.ts';
import { presetLevels, type Level } from '../../core/experiment/levels.ts';
import { runnable } from '../../core/models.ts';
import type { PlantCommand } from '../../core/runtime/control.ts';
import { Welford } from '../../core/twin/estimators.ts';
import { learnedOverrides, snapshotOf, withCellOverrides } from './forecaster.ts';
import type { Twin } from './twin.ts';

export interface EvaluationOptions {
  replications: number;
  horizonHours: number;
  /** First fork seed (far from the plant's usual seeds and from the forecaster's). */
  seedBase?: number;
  /** Apply the learned parameters to the forks (default true). */
  learn?: boolean;
}

export interface CandidateResult {
  name: string;
  /** Mean output over the horizon (housings machined by the CNC cells, the plant's bottleneck), parts. */
  mean: number;
  /** Paired difference with the first candidate (the baseline) over the same seeds: mean and 95 % interval. */
  difference: number;
  ci95: [number, number];
}

export interface Candidate {
  name: string;
  commands: readonly PlantCommand[];
}

/** Evaluates candidates on forks; the first is the baseline. Deterministic per seed. */
export function evaluateCandidates(twin: Twin, candidates: readonly Candidate[], options: EvaluationOptions): CandidateResult[] {
  const sync = twin.sync;
  const perHour = sync.unitsPerDay / 24;
  const now = sync.time;
  const day = 24 * perHour;
  const warm = now >= 2 * day ? day + (now - Math.floor(now / day) * day) : now;
  const horizon = options.horizonHours * perHour;
  const level = String(sync.node['Plant/Level'] ?? 'L1') as Level;
  const overrides = options.learn === false ? {} : learnedOverrides(twin);
  const model = runnable(applyParameters(withCellOverrides(twin.modelJson), overrides, 'twin'));
  const snapshot = snapshotOf(sync);
  const capabilities = presetLevels(model.capabilities, level);
  const outputs: number[][] = candidates.map(() => []);
  for (let k = 0; k < options.replications; k++) {
    candidates.forEach((candidate, c) => {
      const run = model.start({ seed: (options.seedBase ?? 2_000_000) + k, capabilities });
      const view = run.view!();
      const n = view.units.length;
      const cells = view.units.flatMap((u, i) => (u.kind === 'cnc' ? [i] : []));
      const machined = () => cells.reduce((sum, i) => sum + completed[i]!, 0);
      const states = new Uint8Array(n);
      const queues = new Float32Array(n);
      const utilization = new Float32Array(n);
      const completed = new Float64Array(n);
      const control = run.externalControl?.();
      run.sim.runUntil(warm);
      run.synchronise?.(snapshot);
      for (const command of candidate.commands) control?.submit(command);
      view.read(states, queues, utilization, completed);
      const before = machined();
      run.sim.runUntil(warm + horizon);
      view.read(states, queues, utilization, completed);
      outputs[c]!.push(machined() - before);
      run.sim.dispose();
    });
  }
  return candidates.map((candidate, c) => {
    const mean = new Welford();
    const diff = new Welford();
    outputs[c]!.forEach((x, k) => {
      mean.push(x);
      diff.push(x - outputs[0]![k]!);
    });
    return { name: candidate.name, mean: mean.mean, difference: diff.mean, ci95: diff.ci95() };
  });
}
