/** The speeds a run can go at, in times real time, for every view and tour; a tour file names "as fast as possible" `max`. */
export const FINITE_SPEEDS = [1, 10, 60, 600, 3600, 10_000] as const;

/** The speed choices of the run controls; Infinity is "as fast as possible". */
export const SPEEDS: readonly number[] = [...FINITE_SPEEDS, Infinity];
