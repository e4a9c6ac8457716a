/**
 * The scheduling lab's worker: runs one method on one instance per `run` message. Tabu search runs as the core's anytime
 * stream (slices on the worker's event loop), so `stop` messages get through while it runs; several runs may overlap.
 */
import type { Subscription } from 'rxjs';
import { checkWeights, runLearned, type DispatcherWeights } from '../../core/scheduling/learned.ts';
import { runRule } from '../../core/scheduling/rules.ts';
import { compileRule, runExpressionRule } from '../../core/scheduling/expression.ts';
import { contestantKey, contestantMakespan, gapPercentTo } from '../../core/scheduling/leaderboard.ts';
import { lowerBounds } from '../../core/scheduling/bounds.ts';
import { tabuSearch$, type TabuImprovement, type TabuResult } from '../../core/scheduling/tabu.ts';
import weightsJson from '../../core/scheduling/dispatcher-weights.json';
import type { FromLab, ToLab } from './protocol.ts';

const scope = self as unknown as { postMessage(message: FromLab): void; onmessage: ((event: MessageEvent<ToLab>) => void) | null };
const post = (message: FromLab) => scope.postMessage(message);

let weights: DispatcherWeights | undefined;
/** A running tabu search: its subscription and best schedule so far (the answer to `stop`). */
interface RunningTabu {
  subscription?: Subscription;
  best?: TabuImprovement;
  readonly startedAt: number;
  /** When progress was last posted, and the timer that will post the latest improvement. */
  postedAt: number;
  timer?: ReturnType<typeof setTimeout>;
}

/**
 * Early on, tabu search improves almost every iteration; the UI needs the latest best a few times a second, not each.
 * Progress is posted at most every PROGRESS_INTERVAL_MS; the last improvement always follows.
 */
const PROGRESS_INTERVAL_MS = 100;

function postProgress(runId: number, run: RunningTabu): void {
  const best = run.best;
  if (!best) return;
  run.postedAt = performance.now();
  post({ type: 'progress', runId, makespan: best.makespan, iteration: best.iteration, elapsedMs: run.postedAt - run.startedAt, starts: [...best.starts] });
}

function clearTimer(run: RunningTabu): void {
  if (run.timer !== undefined) clearTimeout(run.timer);
  run.timer = undefined;
}
/** The running tabu searches by run id. */
const running = new Map<number, RunningTabu>();

function runTabu(message: Extract<ToLab, { type: 'run' }>): void {
  const clock = () => performance.now();
  const run: RunningTabu = { startedAt: clock(), postedAt: -Infinity };
  running.set(message.runId, run);
  // The stream starts on the next turn of the event loop (asyncScheduler), so `run` is registered before any value.
  run.subscription = tabuSearch$(message.instance, {
    seed: message.seed,
    clock,
    ...(message.limit.kind === 'iterations' ? { maxIterations: message.limit.value } : { timeLimitMs: message.limit.ms }),
    ...(message.target !== undefined ? { target: message.target } : {}),
    // Small slices: a stop request waits at most one slice.
    sliceIterations: 200,
  }).subscribe({
    next: (value) => {
      if ('stop' in value) {
        const result = value as TabuResult;
        clearTimer(run);
        running.delete(message.runId);
        post({
          type: 'done',
          runId: message.runId,
          makespan: result.makespan,
          starts: [...result.starts],
          iterations: result.iterations,
          elapsedMs: clock() - run.startedAt,
          stop: result.stop,
        });
      } else {
        run.best = value;
        if (clock() - run.postedAt >= PROGRESS_INTERVAL_MS) postProgress(message.runId, run);
        else
          run.timer ??= setTimeout(() => {
            run.timer = undefined;
            if (running.has(message.runId)) postProgress(message.runId, run);
          }, PROGRESS_INTERVAL_MS);
      }
    },
    error: (error: unknown) => {
      clearTimer(run);
      running.delete(message.runId);
      post({ type: 'error', runId: message.runId, message: error instanceof Error ? error.message : String(error) });
    },
  });
}

function stop(runId: number): void {
  const run = running.get(runId);
  if (!run) return;
  run.subscription?.unsubscribe();
  clearTimer(run);
  running.delete(runId);
  if (run.best) {
    post({
      type: 'done',
      runId,
      makespan: run.best.makespan,
      starts: [...run.best.starts],
      iterations: run.best.iteration,
      elapsedMs: performance.now() - run.startedAt,
      stop: 'stopped',
    });
  } else post({ type: 'error', runId, message: 'stopped before the first schedule', code: 'stopped-early' });
}

/** Boards still running, by id; a stopped board leaves the set and its remaining steps are dropped. */
const boards = new Set<number>();

function runBoard(message: Extract<ToLab, { type: 'board' }>): void {
  const { boardId, instances, contestants } = message;
  boards.add(boardId);
  const failed = new Set<string>();
  let step = 0;
  const total = instances.length * contestants.length;
  // One contestant on one instance per turn of the event loop, instance by instance, so rows fill in evenly.
  const next = () => {
    if (!boards.has(boardId)) return;
    if (step >= total) {
      boards.delete(boardId);
      post({ type: 'board-done', boardId, stopped: false });
      return;
    }
    const i = Math.floor(step / contestants.length);
    const contestant = contestants[step % contestants.length]!;
    step++;
    const key = contestantKey(contestant);
    if (!failed.has(key)) {
      const { instance, bound } = instances[i]!;
      try {
        post({ type: 'board-result', boardId, key, instance: i, gap: gapPercentTo(contestantMakespan(instance, contestant, bound), bound) });
      } catch (error) {
        failed.add(key);
        post({ type: 'board-result', boardId, key, instance: i, error: error instanceof Error ? error.message : String(error) });
      }
    }
    setTimeout(next, 0);
  };
  setTimeout(next, 0);
}

scope.onmessage = (event) => {
  const message = event.data;
  if (message.type === 'stop') return stop(message.runId);
  if (message.type === 'board') return runBoard(message);
  if (message.type === 'stop-board') {
    if (boards.delete(message.boardId)) post({ type: 'board-done', boardId: message.boardId, stopped: true });
    return;
  }
  if (message.type === 'bounds') return post({ type: 'bounds', instanceId: message.instanceId, lowerBound: lowerBounds(message.instance).value });
  try {
    if (message.method === 'tabu') return runTabu(message);
    const startedAt = performance.now();
    let result;
    if (message.method === 'rl') {
      weights ??= checkWeights(weightsJson, 'dispatcher-weights.json');
      result = runLearned(message.instance, weights);
    } else if (message.method === 'trained') {
      if (!message.weights) throw new Error('a run of the trained policy needs its weights');
      result = runLearned(message.instance, checkWeights(message.weights, 'trained policy'));
    } else if (message.method === 'own') {
      if (!message.rule) throw new Error('a run of your own rule needs the rule');
      result = runExpressionRule(message.instance, compileRule(message.rule.expression, { highestFirst: message.rule.highestFirst }));
    } else result = runRule(message.instance, message.method, { seed: message.seed });
    post({
      type: 'done',
      runId: message.runId,
      makespan: result.makespan,
      starts: [...result.starts],
      iterations: 1,
      elapsedMs: performance.now() - startedAt,
      stop: 'complete',
    });
  } catch (error) {
    post({ type: 'error', runId: message.runId, message: error instanceof Error ? error.message : String(error) });
  }
};
