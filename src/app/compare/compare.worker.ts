/**
 * The comparison worker: L1, L2 and L3 of the same plant and the same seed, advanced in lockstep so that all three
 * always stand at the same simulated time, paced by one `Pacer` (real time x speed, or as fast as possible within a
 * wall-time budget per tick). One message per display frame carries the three lanes' arrays. The kernels inside know
 * nothing of this pacing; common random numbers make the three runs differ only by their decision logic.
 */
import { presetLevels, LEVELS } from '../../core/experiment/levels.ts';
import type { ModelRun, RunnableModel } from '../../core/experiment/runnable.ts';
import { runnable } from '../../core/models.ts';
import { validateModel } from '../../core/model/load.ts';
import { Pacer } from '../../core/runtime/pacer.ts';
import { RunBudget } from '../../core/runtime/run-budget.ts';
import type { PlantView } from '../../core/runtime/view.ts';
import { findModel } from '../engine/catalog.ts';
import { FastForward, FRAME_MS, readRunFrame, TICK_MS } from '../engine/worker-loop.ts';
import type { FromCompare, ToCompare } from './protocol.ts';

const clock = () => performance.now();
const pacer = new Pacer({ clock });
const fastForward = new FastForward(clock);
let model: RunnableModel | undefined;
let runs: ModelRun[] = [];
let views: (PlantView | undefined)[] = [];
let lastLoad: Extract<ToCompare, { type: 'load' }> | undefined;
let speedFactor = 60;
let pauseAt = Infinity;
let lastFrame = 0;

function post(message: FromCompare, transfer: Transferable[] = []): void {
  (self as unknown as Worker).postMessage(message, transfer);
}

/**
 * The shared clock: the time every run has reached. Runs are advanced to the same time; only a call cut short by the
 * event cap leaves one behind, and the next call brings it up before any run moves on.
 */
function now(): number {
  let time = Infinity;
  for (const run of runs) time = Math.min(time, run.sim.now);
  return runs.length === 0 ? 0 : time;
}

/** At most this many events per run per call, so Pause and Reset are answered between ticks even on a heavy model. */
const EVENTS_PER_CALL = 200_000;

/**
 * Advances every run to `until` (all at the same simulated time afterwards, unless the event cap cut a call short),
 * each under a run budget: a zero-time loop stops with a message naming the channel instead of freezing the worker.
 */
function advanceAll(until: number): void {
  budgets.forEach((budget, i) => {
    // A run already there (the others were catching up after a capped call) waits.
    if (runs[i]!.sim.now < until) budget.advance(until, EVENTS_PER_CALL);
  });
}
let budgets: RunBudget[] = [];

function load(message: Extract<ToCompare, { type: 'load' }>): void {
  lastLoad = message;
  pauseAt = Infinity;
  for (const run of runs) run.sim.dispose();
  const entry = message.custom ? { file: message.custom.file, model: validateModel(message.custom.model, message.custom.file) } : findModel(message.modelId);
  model = runnable(entry.model);
  const lanes = LEVELS.filter((level) => model!.levels.includes(level));
  const capabilities = lanes.map((level) => ({ ...presetLevels(model!.capabilities, level) }));
  runs = capabilities.map((levels) => model!.start({ seed: message.seed, capabilities: levels }));
  views = runs.map((run) => run.view?.());
  budgets = runs.map((run) => new RunBudget(run.sim, Infinity));
  pacer.pause();
  applySpeed();
  fastForward.reset(model.unitsPerDay);
  post({
    type: 'loaded',
    modelId: message.modelId,
    seed: message.seed,
    name: model.name,
    lanes: [...lanes],
    capabilities,
    kpis: [...model.kpis],
    units: views[0] ? [...views[0].units] : [],
    ...(views[0]?.vehicles ? { vehicles: views[0].vehicles } : {}),
    unitsPerDay: model.unitsPerDay,
  });
  postFrame();
}

function applySpeed(): void {
  if (!model || runs.length === 0) return;
  pacer.setSpeed(speedFactor === Infinity ? Infinity : (speedFactor * model.unitsPerDay) / 86_400, now());
}

function postFrame(): void {
  if (!model || runs.length === 0) return;
  lastFrame = clock();
  // Fresh arrays per frame, transferred (a few hundred bytes per lane at 30 Hz).
  const transfer: Transferable[] = [];
  const lanes = runs.map((run, i) => readRunFrame(model!, run, views[i], transfer));
  post({ type: 'frame', time: now(), running: pacer.isRunning, lanes }, transfer);
}

function tick(): void {
  try {
    if (runs.length > 0 && pacer.isRunning) {
      if (pacer.currentSpeed === Infinity) {
        // One slice advances all three runs, so the adapted slice is that of the lockstep.
        fastForward.run(now, advanceAll, pauseAt);
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
