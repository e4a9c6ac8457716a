/** Messages between the lab's training view and its worker (`train.worker.ts`), which runs the policy-gradient training. */
import type { DispatcherWeights } from '../../core/scheduling/learned.ts';
import type { CurvePoint } from '../../core/scheduling/train.ts';

export interface TrainingChoice {
  readonly seed: number;
  readonly iterations: number;
  /** Hidden units of the network (its width). */
  readonly hidden: number;
  /** Training instance sizes [jobs, machines]. */
  readonly sizes: readonly (readonly [number, number])[];
  /** Validation every this many updates. */
  readonly evalEvery: number;
}

export type ToTrainer = { type: 'start'; choice: TrainingChoice } | { type: 'pause' } | { type: 'resume' } | { type: 'stop' };

export type FromTrainer =
  | { type: 'point'; point: CurvePoint; elapsedMs: number }
  | { type: 'progress'; iteration: number; elapsedMs: number }
  /** The weights with the best validation gap seen (training ended or was stopped). */
  | { type: 'done'; weights: DispatcherWeights; stopped: boolean; iteration: number; elapsedMs: number }
  | { type: 'error'; message: string };
