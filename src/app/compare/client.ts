/**
 * The UI side of the comparison worker: a small zustand store for what the controls show, and one mutable live
 * object per level, shaped like the twin's `live`, overwritten on every frame and read by the three scenes and the
 * KPI headlines without subscribing (no React re-render per tick).
 */
import { create } from 'zustand';
import { createLiveFrame, type LiveFrame } from '../store.ts';
import { compareSource, isComparable } from './plants.ts';
import type { CompareLoaded, FromCompare, ToCompare } from './protocol.ts';

export interface CompareState {
  modelId: string;
  seed: number;
  /** Times real time; Infinity = as fast as possible. */
  speed: number;
  running: boolean;
  loaded?: Omit<CompareLoaded, 'type'>;
  error?: string;
}

export const useCompare = create<CompareState>(() => ({
  modelId: '3c-machining',
  seed: 1,
  speed: 3600,
  running: false,
}));

/** One live object per level (L1, L2, L3), mutated in place; `compareClock.frame` counts frames from the worker. */
export const laneLives: readonly LiveFrame[] = [createLiveFrame(), createLiveFrame(), createLiveFrame()];
export const compareClock = { frame: 0, time: 0 };

let worker: Worker | undefined;

function compareWorker(): Worker {
  if (!worker) {
    worker = new Worker(new URL('./compare.worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (event: MessageEvent<FromCompare>) => receive(event.data);
    worker.onerror = (event) => useCompare.setState({ error: event.message, running: false });
  }
  return worker;
}

export function sendCompare(message: ToCompare): void {
  compareWorker().postMessage(message);
}

/** Stops the worker (when the view closes): three runs should not keep a core busy behind another view. */
export function stopCompare(): void {
  worker?.terminate();
  worker = undefined;
  useCompare.setState({ loaded: undefined, running: false });
}

function receive(message: FromCompare): void {
  switch (message.type) {
    case 'loaded': {
      const { type: _type, ...loaded } = message;
      useCompare.setState({ loaded, error: undefined, running: false });
      break;
    }
    case 'frame': {
      compareClock.time = message.time;
      message.lanes.forEach((lane, i) => {
        const target = laneLives[i];
        if (!target) return;
        Object.assign(target, lane);
        target.time = message.time;
        target.frame++;
      });
      compareClock.frame++;
      if (useCompare.getState().running !== message.running) useCompare.setState({ running: message.running });
      break;
    }
    case 'error':
      useCompare.setState({ error: message.message, running: false });
      break;
  }
}

/** Loads the selected plant and seed at every level it implements, paused at time zero. */
export function loadComparison(): void {
  // The rule plant picked before may have gone (another custom model replaced it): back to the catalog's first.
  if (!isComparable(useCompare.getState().modelId)) useCompare.setState({ modelId: '3c-machining' });
  const { modelId, seed, speed } = useCompare.getState();
  useCompare.setState({ loaded: undefined, error: undefined });
  const { custom } = compareSource(modelId);
  sendCompare({ type: 'load', modelId, seed, ...(custom ? { custom } : {}) });
  sendCompare({ type: 'speed', factor: speed });
}
