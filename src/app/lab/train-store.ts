/**
 * The lab's training view state: the run in the training worker (status, learning curve), and the trained policy, which
 * the lab can run at once (method `trained`, a leaderboard contestant), export as JSON and import again.
 */
import { create } from 'zustand';
import { checkWeights, type DispatcherWeights } from '../../core/scheduling/learned.ts';
import type { CurvePoint } from '../../core/scheduling/train.ts';
import type { FromTrainer, ToTrainer, TrainingChoice } from './train-protocol.ts';

export interface TrainState {
  readonly status: 'idle' | 'running' | 'paused' | 'done' | 'stopped' | 'error';
  readonly choice?: TrainingChoice;
  readonly curve: readonly CurvePoint[];
  readonly iteration: number;
  readonly elapsedMs: number;
  /** The policy the lab uses as "trained": from the last training, or imported. */
  readonly trained?: DispatcherWeights;
  readonly trainedFrom?: 'training' | 'file';
  readonly error?: string;
}

export const useTraining = create<TrainState>(() => ({ status: 'idle', curve: [], iteration: 0, elapsedMs: 0 }));

let worker: Worker | undefined;

function send(message: ToTrainer): void {
  if (!worker) {
    worker = new Worker(new URL('./train.worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (event: MessageEvent<FromTrainer>) => receive(event.data);
  }
  worker.postMessage(message);
}

function receive(message: FromTrainer): void {
  const state = useTraining.getState();
  switch (message.type) {
    case 'point':
      useTraining.setState({ curve: [...state.curve, message.point], elapsedMs: message.elapsedMs });
      break;
    case 'progress':
      useTraining.setState({ iteration: message.iteration, elapsedMs: message.elapsedMs });
      break;
    case 'done':
      useTraining.setState({
        status: message.stopped ? 'stopped' : 'done',
        iteration: message.iteration,
        elapsedMs: message.elapsedMs,
        trained: message.weights,
        trainedFrom: 'training',
      });
      break;
    case 'error':
      useTraining.setState({ status: 'error', error: message.message });
      break;
  }
}

export function startTraining(choice: TrainingChoice): void {
  useTraining.setState({ status: 'running', choice, curve: [], iteration: 0, elapsedMs: 0, error: undefined });
  send({ type: 'start', choice });
}

export function pauseTraining(): void {
  if (useTraining.getState().status !== 'running') return;
  send({ type: 'pause' });
  useTraining.setState({ status: 'paused' });
}

export function resumeTraining(): void {
  if (useTraining.getState().status !== 'paused') return;
  send({ type: 'resume' });
  useTraining.setState({ status: 'running' });
}

/** Ends the training; the worker answers with the best weights so far. */
export function stopTraining(): void {
  const { status } = useTraining.getState();
  if (status === 'running' || status === 'paused') send({ type: 'stop' });
}

/** The trained policy as a JSON file's text. */
export function exportTrained(): string | undefined {
  const { trained } = useTraining.getState();
  return trained ? JSON.stringify(trained, null, 1) + '\n' : undefined;
}

/** Reads a policy exported before (or the shipped weights file); a bad file changes nothing but the error shown. */
export function importTrained(text: string, file: string): boolean {
  try {
    const weights = checkWeights(JSON.parse(text), file);
    useTraining.setState({ trained: weights, trainedFrom: 'file', error: undefined });
    return true;
  } catch (error) {
    const message = error instanceof SyntaxError ? `${file}: not valid JSON (${error.message})` : error instanceof Error ? error.message : String(error);
    useTraining.setState({ error: message });
    return false;
  }
}
