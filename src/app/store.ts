/**
 * App state outside React (zustand), as in pmndrs' racing-game: `useApp` holds what the controls show and changes
 * rarely; `live` is a plain mutable object that the engine client overwrites on every frame and that renderers read in
 * `useFrame` or a rAF loop without subscribing. Nothing re-renders React per simulation tick.
 */
import { create } from 'zustand';
import type { Level } from '../core/experiment/levels.ts';
import type { PlantEvent } from '../core/runtime/view.ts';
import type { FrameMessage, LoadedMessage } from './engine/protocol.ts';
import { detectLanguage, type Language } from './i18n.ts';

export interface AppState {
  modelId: string;
  level: Level;
  /** Capabilities set apart from the preset level. */
  overrides: Record<string, Level>;
  seed: number;
  /** Times real time; Infinity = as fast as possible. */
  speed: number;
  running: boolean;
  language: Language;
  /** Set when the worker has loaded the model: what it reported. */
  loaded?: Omit<LoadedMessage, 'type'>;
  error?: string;
  /** Index of the unit shown in the inspector. */
  selectedUnit?: number;
  /** Camera preset from the scene layout. */
  cameraId?: string;
  /** What the 3D labels show beside each unit's name. */
  overlay: 'none' | 'utilization' | 'queue' | 'signal' | 'prediction';
}

export const useApp = create<AppState>(() => ({
  modelId: 'teaching/tandem5',
  level: 'L1',
  overrides: {},
  overlay: 'none',
  seed: 1,
  speed: 60,
  running: false,
  language: detectLanguage(typeof navigator === 'undefined' ? undefined : navigator.language),
}));

/** Fast-changing values, written by the engine client, read without subscribing. Mutated in place. */
/** The per-frame arrays as the worker posts them (see `FrameMessage` for what each holds). */
type FrameArrays = Pick<
  FrameMessage,
  'time' | 'events' | 'kpis' | 'states' | 'queues' | 'utilization' | 'signals' | 'predictions' | 'energy' | 'completed'
>;

export const live: FrameArrays & {
  /** Increments on every frame from the worker. */
  frame: number;
  /** L1 values at the same time, or empty when the run is L1. */
  baselineKpis: Float64Array;
  /** The newest notable events, oldest first, at most `LOG_LENGTH`. Replaced (not mutated) when entries arrive. */
  log: readonly PlantEvent[];
  /** The newest decisions per unit (dispatching, maintenance orders), at most `DECISIONS_PER_UNIT` each. */
  decisions: Map<number, readonly PlantEvent[]>;
} = {
  frame: 0,
  time: 0,
  events: 0,
  kpis: new Float64Array(0),
  baselineKpis: new Float64Array(0),
  states: new Uint8Array(0),
  queues: new Float32Array(0),
  utilization: new Float32Array(0),
  signals: new Float32Array(0),
  predictions: new Float32Array(0),
  energy: new Float64Array(0),
  completed: new Float64Array(0),
  log: [],
  decisions: new Map(),
};

export const DECISIONS_PER_UNIT = 6;

export const LOG_LENGTH = 50;
