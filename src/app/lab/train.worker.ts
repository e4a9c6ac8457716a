/**
 * The lab's training worker: the core's policy-gradient trainer (`DispatcherTrainer`), stepped in slices of about
 * SLICE_MS so that pause, resume and stop messages get through between updates. Wall-clock time here only paces the
 * slices and reports elapsed time; the training itself is deterministic per seed.
 */
import { DispatcherTrainer } from '../../core/scheduling/train.ts';
import type { FromTrainer, ToTrainer, TrainingChoice } from './train-protocol.ts';

const scope = self as unknown as { postMessage(message: FromTrainer): void; onmessage: ((event: MessageEvent<ToTrainer>) => void) | null };
const post = (message: FromTrainer) => scope.postMessage(message);

const SLICE_MS = 50;

let trainer: DispatcherTrainer | undefined;
let choice: TrainingChoice | undefined;
let paused = false;
let timer: ReturnType<typeof setTimeout> | undefined;
/** Training time so far (paused time excluded). */
let elapsedMs = 0;
let seenPoints = 0;

function finish(stopped: boolean): void {
  if (!trainer) return;
  if (timer !== undefined) clearTimeout(timer);
  timer = undefined;
  const result = trainer.result({ seed: choice?.seed, iterations: trainer.iteration, sizes: choice?.sizes, trainedIn: 'FabTwin scheduling lab' });
  post({ type: 'done', weights: result.weights, stopped, iteration: trainer.iteration, elapsedMs });
  trainer = undefined;
}

function slice(): void {
  timer = undefined;
  if (!trainer || !choice || paused) return;
  const started = performance.now();
  while (trainer.iteration < choice.iterations && performance.now() - started < SLICE_MS) trainer.step();
  elapsedMs += performance.now() - started;
  for (; seenPoints < trainer.curve.length; seenPoints++) post({ type: 'point', point: trainer.curve[seenPoints]!, elapsedMs });
  post({ type: 'progress', iteration: trainer.iteration, elapsedMs });
  if (trainer.iteration >= choice.iterations) finish(false);
  else timer = setTimeout(slice, 0);
}

scope.onmessage = (event) => {
  const message = event.data;
  try {
    switch (message.type) {
      case 'start':
        if (timer !== undefined) clearTimeout(timer);
        choice = message.choice;
        trainer = new DispatcherTrainer({ ...choice, sizes: choice.sizes.map(([j, m]) => [j, m] as const) });
        paused = false;
        elapsedMs = 0;
        seenPoints = 0;
        timer = setTimeout(slice, 0);
        break;
      case 'pause':
        paused = true;
        break;
      case 'resume':
        if (paused && trainer) {
          paused = false;
          timer ??= setTimeout(slice, 0);
        }
        break;
      case 'stop':
        finish(true);
        break;
    }
  } catch (error) {
    post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  }
};
