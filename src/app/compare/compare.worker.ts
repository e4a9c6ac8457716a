/**
 * The comparison worker: L1, L2 and L3 of the same plant and the same seed, advanced in lockstep so that all three
 * always stand at the same simulated time, paced by one `Pacer` (real time x speed, or as fast as possible within a
 * wall-time budget per tick). One message per display frame carries the three lanes' arrays. The kernels inside know
 * nothing of this pacing; common random numbers make the three runs differ only by their decision logic.
 */
import { presetLevels, LEVELS } from '../../core/experiment/levels.ts';
import { runnable, type ModelRun, type RunnableModel } from '../../core/experiment/runnable.ts';
import { validateModel } from '../../core/model/load.ts';
import { Pacer, runForBudget } from '../../core/runtime/pacer.ts';
import type { PlantView } from '../../core/runtime/view.ts';
import { findModel } from '../engine/catalog.ts';
import type { FromCompare, LaneFrame, ToCompare } from './protocol.ts';

const TICK_MS = 15;
const FRAME_MS = 33;
/** As in the engine worker: under half a core on machines with two cores or fewer, most of one otherwise. */
const FAST_BUDGET_MS = (self.navigator?.hardwareConcurrency ?? 4) <= 2 ? 6 : 12;

const clock = () => performance.now();
const pacer = new Pacer({ clock });
let model: RunnableModel | undefined;
let runs: ModelRun[] = [];
let views: (PlantView | undefined)[] = [];
let lastLoad: Extract<ToCompare, { type: 'load' }> | undefined;
let speedFactor = 60;
let pauseAt = Infinity;
let lastFrame = 0;
/** Simulated time per lockstep slice in fast mode, adapted so that a slice of all three runs takes about 1 ms. */
let fastSlice = 1;

function post(message: FromCompare, transfer: Transferable[] = []): void {
  (self as unknown as Worker).postMessage(message, transfer);
}

/** The shared clock: every run has been advanced to the same time. */
function now(): number {
  return runs[0]?.sim.now ?? 0;
}

/** Advances every run to `until` (all at the same simulated time afterwards). */
function advanceAll(until: number): void {
  for (const run of runs) run.sim.runUntil(until);
}

function load(message: Extract<ToCompare, { type: 'load' }>): void {
  lastLoad = message;
  pauseAt = Infinity;
  for (const run of runs) run.sim.dispose();
  const entry = message.custom
    ? { file: message.custom.file, model: validateModel(message.custom.model, message.custom.file) }
    : findModel(message.modelId);
  model = runnable(entry.model);
  const lanes = LEVELS.filter((level) => model!.levels.includes(level));
  const capabilities = lanes.map((level) => ({ ...presetLevels(model!.capabilities, level) }));
  runs = capabilities.map((levels) => model!.start({ seed: message.seed, capabilities: levels }));
  views = runs.map((run) => run.view?.());
  pacer.pause();
  applySpeed();
  fastSlice = model.unitsPerDay / 1440;
  post({
    type: 'loaded',
    modelId: message.modelId,
    seed: message.seed,
    name: model.name,
    lanes: [...lanes],
    capabilities,
    kpis: [...model.kpis],
    units: views[0] ? [...views[0].units] : [],
    unitsPerDay: model.unitsPerDay,
  });
  postFrame();
}

function applySpeed(): void {
  if (!model || runs.length === 0) return;
  pacer.setSpeed(speedFactor === Infinity ? Infinity : (speedFactor * model.unitsPerDay) / 86_400, now());
}

function laneFrame(run: ModelRun, view: PlantView | undefined, transfer: Transferable[]): LaneFrame {
  const values = run.kpis();
  const kpis = new Float64Array(model!.kpis.length);
  model!.kpis.forEach((k, i) => (kpis[i] = values[k.key] ?? NaN));
  const n = view?.units.length ?? 0;
  const states = new Uint8Array(n);
  const queues = new Float32Array(n);
  const utilization = new Float32Array(n);
  const completed = new Float64Array(n);
  const signals = new Float32Array(n).fill(NaN);
  const predictions = new Float32Array(n).fill(NaN);
  const energy = new Float64Array(n).fill(NaN);
  view?.read(states, queues, utilization, completed);
  view?.readSignals?.(signals);
  view?.readPredictions?.(predictions);
  view?.readEnergy?.(energy);
  transfer.push(kpis.buffer, states.buffer, queues.buffer, utilization.buffer, completed.buffer, signals.buffer, predictions.buffer, energy.buffer);
  return { kpis, states, queues, utilization, completed, signals, predictions, energy, events: run.sim.eventCount };
}

function postFrame(): void {
  if (!model || runs.length === 0) return;
  lastFrame = clock();
  // Fresh arrays per frame, transferred (a few hundred bytes per lane at 30 Hz).
  const transfer: Transferable[] = [];
  const lanes = runs.map((run, i) => laneFrame(run, views[i], transfer));
  post({ type: 'frame', time: now(), running: pacer.isRunning, lanes }, transfer);
}

function tick(): void {
  try {
    if (runs.length > 0 && pacer.isRunning) {
      if (pacer.currentSpeed === Infinity) {
        runForBudget(clock, FAST_BUDGET_MS, () => {
          const started = clock();
          advanceAll(Math.min(now() + fastSlice, pauseAt));
          if (now() >= pauseAt) return false;
          const took = clock() - started;
          fastSlice = took < 0.5 ? fastSlice * 2 : took > 2 ? fastSlice / 2 : fastSlice;
          return true;
        });
      } else {
        advanceAll(Math.min(pacer.target(now()), pauseAt));
      }
      if (now() >= pauseAt) {
        pauseAt = Infinity;
        pacer.pause();
        postFrame();
      }
    }
    // Paused, nothing changes: load, pause and the pause at `until` post their frame themselves.
    if (runs.length > 0 && pacer.isRunning && clock() - lastFrame >= FRAME_MS) postFrame();
  } catch (error) {
    pacer.pause();
    post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  }
  setTimeout(tick, TICK_MS);
}

self.onmessage = (event: MessageEvent<ToCompare>) => {
  const message = event.data;
  try {
    switch (message.type) {
      case 'load':
        load(message);
        break;
      case 'play':
        pauseAt = message.until ?? Infinity;
        if (runs.length > 0 && now() < pauseAt) pacer.start(now());
        break;
      case 'pause':
        pauseAt = Infinity;
        pacer.pause();
        postFrame();
        break;
      case 'speed':
        speedFactor = message.factor;
        applySpeed();
        break;
      case 'reset':
        if (lastLoad) load(lastLoad);
        break;
    }
  } catch (error) {
    pacer.pause();
    post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  }
};

setTimeout(tick, TICK_MS);
