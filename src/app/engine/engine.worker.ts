/**
 * The engine worker: runs one model replication, paced in real time or as fast as possible, and posts a compact frame
 * at display rate. The kernel inside knows nothing of this pacing (it lives in `Pacer`).
 */
import type { ModelRun, RunnableModel } from '../../core/experiment/runnable.ts';
import { runnable } from '../../core/models.ts';
import { presetLevels } from '../../core/experiment/levels.ts';
import { Pacer } from '../../core/runtime/pacer.ts';
import { RunBudget } from '../../core/runtime/run-budget.ts';
import type { PlantEvent, PlantView } from '../../core/runtime/view.ts';
import type { Subscription } from 'rxjs';
import { validateModel } from '../../core/model/load.ts';
import { findModel } from './catalog.ts';
import type { FromEngine, ToEngine } from './protocol.ts';
import { FastForward, FRAME_MS, kpiArray, readRunFrame, TICK_MS } from './worker-loop.ts';

const clock = () => performance.now();
const pacer = new Pacer({ clock });
const fastForward = new FastForward(clock);
let model: RunnableModel | undefined;
let run: ModelRun | undefined;
/**
 * The run budget of `run` and of `baseline`: a zero-time loop or an event storm stops with a message naming the channel,
 * and no call advances more than `EVENTS_PER_CALL` events, so Pause and Reset are answered between ticks.
 */
let budget: RunBudget | undefined;
let baselineBudget: RunBudget | undefined;
const EVENTS_PER_CALL = 200_000;
/** The same model and seed at L1, advanced in step with `run`, for the cards' change against L1 (common random numbers). */
let baseline: ModelRun | undefined;
let view: PlantView | undefined;
/** Notable events not yet posted, and the subscription that collects them. */
let pendingLog: PlantEvent[] = [];
let logSubscription: Subscription | undefined;
const MAX_LOG_PER_FRAME = 200;
let lastLoad: Extract<ToEngine, { type: 'load' }> | undefined;
let speedFactor = 1;
/** Simulated time to pause at (a `play` with `until`), or Infinity. */
let pauseAt = Infinity;
/** The plant event to pause at (a `play` with `pauseOnEvent`); unit -1 means any unit. */
let pauseOn: { kind: string; unit: number } | undefined;
/** Set by the event observer when `pauseOn` was seen: the kernel has been asked to stop after that event. */
let pausedOnEvent = false;
let lastFrame = 0;

function post(message: FromEngine, transfer: Transferable[] = []): void {
  (self as unknown as Worker).postMessage(message, transfer);
}

function load(message: Extract<ToEngine, { type: 'load' }>): void {
  // Everything is checked before anything changes: a refused load leaves the previous run as it was (and Reset
  // reloads that one, not the refused message).
  const entry = message.custom ? { file: message.custom.file, model: validateModel(message.custom.model, message.custom.file) } : findModel(message.modelId);
  const next = runnable(entry.model);
  if (!next.levels.includes(message.level)) throw new Error(`${entry.file}: level ${message.level} is not implemented`);
  const capabilities = { ...presetLevels(next.capabilities, message.level) };
  for (const [name, level] of Object.entries(message.overrides ?? {})) {
    if (!next.capabilities.includes(name)) throw new Error(`${entry.file}: unknown capability "${name}"`);
    if (!next.levels.includes(level)) throw new Error(`${entry.file}: capability ${name}: level ${level} is not implemented`);
    capabilities[name] = level;
  }
  lastLoad = message;
  pauseAt = Infinity;
  pauseOn = undefined;
  pausedOnEvent = false;
  model = next;
  run = model.start({ seed: message.seed, capabilities });
  const everyL1 = Object.values(capabilities).every((level) => level === 'L1');
  baseline = everyL1 ? undefined : model.start({ seed: message.seed, capabilities: presetLevels(model.capabilities, 'L1') });
  budget = new RunBudget(run.sim, Infinity);
  baselineBudget = baseline && new RunBudget(baseline.sim, Infinity);
  view = run.view?.();
  logSubscription?.unsubscribe();
  pendingLog = [];
  logSubscription = view?.events$?.subscribe((event) => {
    // A burst faster than the display keeps only the newest entries.
    if (pendingLog.length >= MAX_LOG_PER_FRAME) pendingLog.shift();
    pendingLog.push(event);
    if (pauseOn && event.kind === pauseOn.kind && (pauseOn.unit < 0 || event.unit === pauseOn.unit)) {
      pauseOn = undefined;
      pausedOnEvent = true;
      run?.sim.stop();
    }
  });
  pacer.pause();
  applySpeed();
  fastForward.reset(model.unitsPerDay);
  post({
    type: 'loaded',
    modelId: message.modelId,
    level: message.level,
    seed: message.seed,
    name: model.name,
    levels: [...model.levels],
    capabilities,
    kpis: [...model.kpis],
    units: view ? [...view.units] : [],
    ...(view?.signal ? { signal: { ...view.signal } } : {}),
    predictions: view?.predictions ? view.predictions.map((p) => ({ ...p })) : [],
    ...(view?.vehicles ? { vehicles: view.vehicles } : {}),
    unitsPerDay: model.unitsPerDay,
    timeUnit: model.timeUnit,
  });
  postFrame();
}

function applySpeed(): void {
  if (!model || !run) return;
  // speedFactor is "times real time": model units per wall second = factor x units per second.
  pacer.setSpeed(speedFactor === Infinity ? Infinity : (speedFactor * model.unitsPerDay) / 86_400, run.sim.now);
}

function postFrame(): void {
  if (!model || !run) return;
  lastFrame = clock();
  const log = pendingLog;
  pendingLog = [];
  const transfer: Transferable[] = [];
  const frame = readRunFrame(model, run, view, transfer);
  let baselineKpis: Float64Array | undefined;
  if (baseline) {
    // Catch the baseline up to the same simulated time before comparing.
    if (baseline.sim.now < run.sim.now) baselineBudget!.advance(run.sim.now, EVENTS_PER_CALL);
    baselineKpis = kpiArray(model, baseline);
    transfer.push(baselineKpis.buffer);
  }
  post({ type: 'frame', time: run.sim.now, running: pacer.isRunning, ...frame, baselineKpis, log }, transfer);
}

function tick(): void {
  try {
    if (run && pacer.isRunning) {
      const sim = run.sim;
      if (pacer.currentSpeed === Infinity) {
        fastForward.run(
          () => sim.now,
          (until) => budget!.advance(until, EVENTS_PER_CALL),
          pauseAt,
          () => pausedOnEvent,
        );
      } else {
        budget!.advance(Math.min(pacer.target(sim.now), pauseAt), EVENTS_PER_CALL);
      }
      if (sim.now >= pauseAt || pausedOnEvent) {
        pauseAt = Infinity;
        pausedOnEvent = false;
        pacer.pause();
        postFrame();
      }
    }
    if (run && clock() - lastFrame >= FRAME_MS) postFrame();
  } catch (error) {
    pacer.pause();
    post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  }
  setTimeout(tick, TICK_MS);
}

self.onmessage = (event: MessageEvent<ToEngine>) => {
  const message = event.data;
  try {
    switch (message.type) {
      case 'load':
        load(message);
        break;
      case 'play':
        pauseAt = message.until ?? Infinity;
        pauseOn = message.pauseOnEvent ? { kind: message.pauseOnEvent.kind, unit: message.pauseOnEvent.unit ?? -1 } : undefined;
        pausedOnEvent = false;
        // A run to a set time is budgeted over that horizon (a link's `time: 1e308` stops with a message, not a hang).
        if (budget) budget.horizon = pauseAt;
        if (run && run.sim.now < pauseAt) pacer.start(run.sim.now);
        break;
      case 'pause':
        pauseAt = Infinity;
        pauseOn = undefined;
        pacer.pause();
        postFrame();
        break;
      case 'step':
        if (run) {
          pacer.pause();
          run.sim.step();
          postFrame();
        }
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
    post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  }
};

setTimeout(tick, TICK_MS);
