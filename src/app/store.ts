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

/** The app's views: the live twin, and the tools built on it. */
export const VIEW_IDS = ['twin', 'compare', 'lab', 'experiments', 'editor'] as const;
export type ViewId = (typeof VIEW_IDS)[number];

/**
 * A model that is not in the shipped catalog: a layout from the editor, an imported file or a shared link. It is sent
 * to the engine worker whole and validated there with the same schemas as the CLI.
 */
export interface CustomModel {
  /** The id the app selects it by; never one of the catalog's ids. */
  id: string;
  /** Where it came from, for error messages (`editor`, `my-line.json`). */
  file: string;
  /** The model file's content (validated by the worker). */
  model: unknown;
  /** Its scene layout (`scenes/*.json` format), if it has one. */
  scene?: unknown;
}

export interface AppState {
  /** The view shown. */
  view: ViewId;
  modelId: string;
  /** The model selected when `modelId` names it instead of a catalog entry. */
  custom?: CustomModel;
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
  /** Units the 3D view marks (a guided tour's step points at them), by unit id. */
  highlightedUnits: readonly string[];
  /**
   * What the 3D labels show beside each unit's name; `prediction:<name>` shows that one of `loaded.predictions`, plain
   * `prediction` the first.
   */
  overlay: 'none' | 'utilization' | 'queue' | 'signal' | 'prediction' | `prediction:${string}`;
}

export const useApp = create<AppState>(() => ({
  view: 'twin',
  // A trainer's first view: the 3C plant at L1, paused (the tour invitation offers the way on).
  modelId: '3c-machining',
  level: 'L1',
  overrides: {},
  highlightedUnits: [],
  overlay: 'none',
  seed: 1,
  speed: 60,
  running: false,
  language: detectLanguage(typeof navigator === 'undefined' ? undefined : navigator.language),
}));

/** The per-frame arrays as the worker posts them (see `FrameMessage` for what each holds). */
type FrameArrays = Pick<
  FrameMessage,
  'time' | 'events' | 'kpis' | 'states' | 'queues' | 'utilization' | 'signals' | 'predictions' | 'wear' | 'levels' | 'energy' | 'completed' | 'vehicles'
>;

/**
 * Fast-changing values of one running model, mutated in place by whoever feeds them and read without subscribing.
 * `live` is the main twin's; a view that runs engines of its own (the paradigm comparison) makes one per scene with
 * `createLiveFrame` and hands it to `PlantScene` as its `source`.
 */
export type LiveFrame = FrameArrays & {
  /** Increments on every frame from the worker. */
  frame: number;
  /** L1 values at the same time, or empty when the run is L1. */
  baselineKpis: Float64Array;
  /** The newest notable events, oldest first, at most `LOG_LENGTH`. Replaced (not mutated) when entries arrive. */
  log: readonly PlantEvent[];
  /** The newest decisions per unit (dispatching, maintenance orders), at most `DECISIONS_PER_UNIT` each. */
  decisions: Map<number, readonly PlantEvent[]>;
};

/** An empty frame: nothing loaded yet (every per-unit array empty). */
export function createLiveFrame(): LiveFrame {
  return {
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
    wear: new Float32Array(0),
    levels: new Float32Array(0),
    energy: new Float64Array(0),
    completed: new Float64Array(0),
    vehicles: new Float64Array(0),
    log: [],
    decisions: new Map(),
  };
}

/** The main twin's frame, written by the engine client (`engine/client.ts`). */
export const live: LiveFrame = createLiveFrame();

export const DECISIONS_PER_UNIT = 6;

export const LOG_LENGTH = 50;
