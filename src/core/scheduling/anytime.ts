/**
 * The anytime stream shared by the optimisers: a search that can run a slice of iterations at a time is turned into an
 * Observable that emits every improvement, then the final result, then completes. Slices run on `scheduler`, so the
 * search never blocks an event loop or a worker for long, and unsubscribing stops it.
 */
import { Observable, asyncScheduler, type SchedulerLike } from 'rxjs';

export interface SlicedSearch<Improvement, Result> {
  /** Runs up to `iterations` more; true when the search has stopped (limit, target or optimum reached). */
  run(iterations: number): boolean;
  /** Improvements found since the last call. */
  takeImprovements(): Improvement[];
  result(): Result;
}

/** `start` is called on subscription, so each subscriber gets its own search and errors reach the subscriber. */
export function anytime$<Improvement, Result>(
  start: () => SlicedSearch<Improvement, Result>,
  sliceIterations: number,
  scheduler: SchedulerLike = asyncScheduler,
): Observable<Improvement | Result> {
  return new Observable<Improvement | Result>((subscriber) => {
    const search = start();
    const sub = scheduler.schedule(function tick() {
      try {
        const stopped = search.run(sliceIterations);
        for (const improvement of search.takeImprovements()) subscriber.next(improvement);
        if (stopped) {
          subscriber.next(search.result());
          subscriber.complete();
        } else this.schedule();
      } catch (error) {
        subscriber.error(error);
      }
    });
    return () => sub.unsubscribe();
  });
}
