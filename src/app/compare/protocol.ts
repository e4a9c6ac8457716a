/**
 * Messages between the comparison view and its worker (`compare.worker.ts`), which runs L1, L2 and L3 of one plant and
 * one seed in lockstep under one clock. A frame carries one lane per level, each with the same typed arrays as the
 * engine worker's frame (transferred, not copied).
 */
import type { KpiDefinition } from '../../core/experiment/kpi.ts';
import type { Level } from '../../core/experiment/levels.ts';
import type { UnitInfo } from '../../core/runtime/view.ts';
import type { RunFrame } from '../engine/worker-loop.ts';

export type ToCompare =
  | {
      type: 'load';
      modelId: string;
      /** A model outside the catalog: its content and where it came from (validated in the worker). */
      custom?: { model: unknown; file: string };
      seed: number;
    }
  /** Runs on; with `until`, pauses when the shared clock reaches that time (model units) exactly. */
  | { type: 'play'; until?: number }
  | { type: 'pause' }
  | { type: 'speed'; factor: number }
  | { type: 'reset' };

export interface CompareLoaded {
  type: 'loaded';
  modelId: string;
  seed: number;
  name: string;
  /** The levels run side by side (those the model implements, in order). */
  lanes: Level[];
  /** Per lane: the level of every capability (the preset). */
  capabilities: Record<string, Level>[];
  kpis: KpiDefinition[];
  units: UnitInfo[];
  /** AGVs each lane's 3D view draws; absent where the model has none. */
  vehicles?: number;
  unitsPerDay: number;
}

/** What one level's replication shows in a frame: the engine frame's per-unit arrays and KPIs. */
export type LaneFrame = RunFrame;

export interface CompareFrame {
  type: 'frame';
  /** The one simulated clock every lane has reached. */
  time: number;
  running: boolean;
  lanes: LaneFrame[];
}

export type FromCompare = CompareLoaded | CompareFrame | { type: 'error'; message: string };
