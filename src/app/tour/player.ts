/**
 * The tour player: applies a step's settings to the app, starts or pauses the run, and watches the step's wait
 * condition once per animation frame from `live` (through the HUD loop, so only when a new frame arrived). React
 * re-renders only when the step changes or its condition is met, never per frame.
 */
import { create } from 'zustand';
import type { Level } from '../../core/experiment/levels.ts';
import { loadSelected, send } from '../engine/client.ts';
import { registerHudWriter } from '../hud.ts';
import { live, useApp, type AppState } from '../store.ts';
import { compileWait, waitMet, type CompiledWait } from './tour.ts';
import { findTour, type LoadedTour } from './tours.ts';

export interface TourPlayerState {
  /** The tour playing, if any. */
  tourId?: string;
  step: number;
  /** The step's wait is met (or it has none): "next" is offered. */
  ready: boolean;
  /** Full screen, large type, keyboard navigation. */
  presenter: boolean;
}

export const useTour = create<TourPlayerState>(() => ({ step: 0, ready: false, presenter: false }));

/** The run a step needs; its frames are the ones the step's condition reads. */
interface ExpectedRun {
  plant: string;
  level: Level;
  seed: number;
  overrides: Readonly<Record<string, Level>>;
}

/** The step being watched. */
interface Watch {
  tour: LoadedTour;
  index: number;
  expected: ExpectedRun;
  /** `live.frame` when the expected run reported itself loaded (its frames come after); -1 until then. */
  frameAtLoad: number;
  /** Simulated time the step began at (events before it do not count). */
  since: number;
  play?: boolean;
  /** Compiled once the run is loaded (it needs the model's units and KPIs). */
  compiled?: CompiledWait;
  started: boolean;
  done: boolean;
}

let watch: Watch | undefined;
let watching = false;

function sameOverrides(a: Readonly<Record<string, Level>>, b: Readonly<Record<string, Level>>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}

function isExpected(loaded: AppState['loaded'], expected: ExpectedRun): boolean {
  if (!loaded || loaded.modelId !== expected.plant || loaded.level !== expected.level || loaded.seed !== expected.seed) return false;
  return Object.entries(expected.overrides).every(([name, level]) => loaded.capabilities[name] === level);
}

function startWatching(): void {
  if (watching) return;
  watching = true;
  // The run a step asked for has loaded: the frames after this one are its own.
  useApp.subscribe((state, previous) => {
    const w = watch;
    if (!w || state.loaded === previous.loaded || !state.loaded) return;
    if (isExpected(state.loaded, w.expected)) {
      if (w.frameAtLoad < 0) w.frameAtLoad = live.frame;
    } else if (w.started && !w.done) {
      // The presenter loaded another run by hand: this step's condition no longer applies, so "next" is offered.
      w.done = true;
      useTour.setState({ ready: true });
    }
  });
  registerHudWriter(checkStep);
}

/** Once per animation frame with a new engine frame: start the step's run, then check its condition. */
function checkStep(): void {
  const w = watch;
  if (!w || w.done || w.frameAtLoad < 0 || live.frame <= w.frameAtLoad) return;
  const loaded = useApp.getState().loaded;
  if (!loaded) return;
  const step = w.tour.tour.steps[w.index]!;
  if (!w.started) {
    w.started = true;
    if (step.wait) w.compiled = compileWait(step.wait, loaded, w.since);
    const c = w.compiled;
    if (w.play === true) {
      // The engine stops exactly at a time wait, and right after the awaited event; only KPI crossings are caught here.
      send({
        type: 'play',
        ...(c?.kind === 'time' ? { until: c.at } : {}),
        ...(c?.kind === 'event' ? { pauseOnEvent: { kind: c.event, ...(c.unit >= 0 ? { unit: c.unit } : {}) } } : {}),
      });
    } else if (w.play === false) send({ type: 'pause' });
  }
  if (!w.compiled) {
    w.done = true;
    return;
  }
  if (waitMet(w.compiled, live)) {
    w.done = true;
    // A step that ran the plant stops it where its condition was met (a time wait already stopped exactly there), so
    // the room sees the failure or the crossing the caption talks about instead of a run racing on.
    if (w.play === true && w.compiled.kind !== 'time') send({ type: 'pause' });
    useTour.setState({ ready: true });
    if (step.advance === 'auto' && w.index + 1 < w.tour.tour.steps.length) goToStep(w.index + 1);
  }
}

/**
 * Applies step `index` of the tour. `fresh`: load the step's run even if the app shows the same settings (a tour
 * starts from simulated time 0). `reproduce`: the run was set up by a shared link (it is loading or loaded already),
 * so only the step's camera and highlights are applied and its condition watched on that run.
 */
function applyStep(tour: LoadedTour, index: number, { fresh = false, reproduce }: { fresh?: boolean; reproduce?: ExpectedRun } = {}): void {
  startWatching();
  const settings = tour.settings[index]!;
  const step = tour.tour.steps[index]!;
  const app = useApp.getState();
  const patch: Partial<AppState> = { highlightedUnits: settings.highlight };
  if (app.view !== 'twin') {
    patch.view = 'twin';
    history.replaceState(null, '', location.pathname + location.search);
  }
  let reload = false;
  if (!reproduce) {
    const samePlant = app.modelId === settings.plant;
    reload =
      fresh ||
      !samePlant ||
      app.level !== settings.level ||
      app.seed !== settings.seed ||
      !sameOverrides(app.overrides, settings.overrides) ||
      app.error !== undefined;
    Object.assign(patch, { modelId: settings.plant, level: settings.level, overrides: settings.overrides, seed: settings.seed });
    if (!samePlant) Object.assign(patch, { cameraId: undefined, overlay: 'none', selectedUnit: undefined });
    if (settings.speed !== undefined) patch.speed = settings.speed === 'max' ? Infinity : settings.speed;
  }
  const expected: ExpectedRun = reproduce ?? settings;
  if (settings.camera) patch.cameraId = settings.camera;
  useApp.setState(patch);
  if (reload)
    loadSelected(); // sends the speed too
  else if (patch.speed !== undefined) send({ type: 'speed', factor: patch.speed });

  const loaded = useApp.getState().loaded;
  watch = {
    tour,
    index,
    expected,
    frameAtLoad: !reload && isExpected(loaded, expected) ? live.frame - 1 : -1,
    since: reload || reproduce ? 0 : live.time,
    play: reproduce ? undefined : step.play,
    started: false,
    done: false,
  };
  useTour.setState({ tourId: tour.id, step: index, ready: step.wait === undefined });
}

/** Starts a tour at a step; returns false when there is no such tour or step. */
export function startTour(id: string, step = 0, reproduce?: ExpectedRun): boolean {
  const tour = findTour(id);
  if (!tour || !Number.isInteger(step) || step < 0 || step >= tour.tour.steps.length) return false;
  applyStep(tour, step, reproduce ? { reproduce } : { fresh: true });
  return true;
}

export function goToStep(index: number): void {
  const id = useTour.getState().tourId;
  const tour = id === undefined ? undefined : findTour(id);
  if (!tour || index < 0 || index >= tour.tour.steps.length) return;
  applyStep(tour, index);
}

/** "Next" is offered only once the step's condition is met. */
export function nextStep(): void {
  const { ready, step } = useTour.getState();
  if (ready) goToStep(step + 1);
}

export function previousStep(): void {
  goToStep(useTour.getState().step - 1);
}

export function exitTour(): void {
  watch = undefined;
  setPresenter(false);
  useTour.setState({ tourId: undefined, step: 0, ready: false });
  useApp.setState({ highlightedUnits: [] });
}

/** Whether presenter mode took the screen (so leaving full screen by the browser's own key leaves it too). */
let tookFullscreen = false;

export function setPresenter(on: boolean): void {
  if (on === useTour.getState().presenter) return;
  useTour.setState({ presenter: on });
  const root = document.documentElement;
  if (on) {
    // The Fullscreen API may be missing (some embedded browsers) or refused: presenter mode works without it.
    if (typeof root.requestFullscreen === 'function' && !document.fullscreenElement) {
      try {
        root.requestFullscreen().then(
          () => (tookFullscreen = true),
          () => (tookFullscreen = false),
        );
      } catch {
        tookFullscreen = false;
      }
    }
  } else if (document.fullscreenElement && typeof document.exitFullscreen === 'function') {
    tookFullscreen = false;
    document.exitFullscreen().catch(() => undefined);
  }
}

/** The browser left full screen on its own (its Escape never reaches the page): leave presenter mode with it. */
export function onFullscreenChange(): void {
  if (!document.fullscreenElement && tookFullscreen) {
    tookFullscreen = false;
    setPresenter(false);
  }
}
