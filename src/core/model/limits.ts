/**
 * The domain limits of model files, in one place: the CLI, the app's engine worker, the editor's imports and share
 * links all validate through the model schemas, and the schemas take their bounds from here.
 *
 * Why limits at all: zod's `z.number()` already refuses NaN and Infinity, but a finite 1e308 still overflows the first
 * product it enters (a price times a quantity), and a count of 1e9 servers allocates until the host runs out of memory.
 * Every limit below is far beyond any plant this project models and is named in the message that enforces it, so a
 * user who hits one knows which limit it was.
 */
import type { z } from 'zod';

export const LIMITS = {
  /** Largest magnitude of any number in a model file: durations, rates, prices, sizes (in the file's own units). */
  magnitude: 1e9,
  /** Longest run a model may ask for by default, and the CLI and links accept: 100 years. */
  runDays: 36_525,
  /** Parallel servers of one station (each server is an object with its own state). */
  servers: 1_000,
  /** Jobs a finite buffer may hold. */
  bufferCapacity: 1_000_000,
  /** Sources, stations, routings, sinks or conveyors of one flow model. */
  parts: 1_000,
  /** Values of an empirical distribution. */
  empiricalValues: 10_000,
  /** Largest coefficient of variation (sd / mean) of a lognormal: beyond it the log-space sigma overflows. */
  lognormalCv: 1_000,
  /** Range of a Weibull shape: below it (x)^(1/shape) overflows, above it the distribution is a constant. */
  weibullShape: { min: 0.1, max: 100 },
  /** 3C plant: CNC cells, products, servers of a station, units per order or lot, lots on the floor. */
  cncCells: 200,
  products: 100,
  stationServers: 100,
  unitsPerOrder: 100_000,
  unitsPerLot: 10_000,
  lots: 10_000,
  blanks: 10_000_000,
  /** 3C plant: a shift lasts between one hour and a day (shorter ones turn the shift clock into an event storm). */
  shiftHours: { min: 1, max: 24 },
  /** Petrochemical plant: highest temperature anywhere, deg C (above it nothing in the plant is liquid). */
  temperatureC: 2_000,
} as const;

type Context = z.core.$RefinementCtx<unknown>;
type Path = (string | number)[];

/** `1000000000` → `1e9`, small numbers as they are: limits read as a user would write them. */
export function formatLimit(value: number): string {
  if (Math.abs(value) >= 1e6) return value.toExponential().replace('e+', 'e');
  return String(value);
}

/** Adds an issue at `path` (a custom message always starts with "expected", see `problemsFromZod`). */
export function refuse(ctx: Context, path: Path, message: string): void {
  ctx.addIssue({ code: 'custom', path, message });
}

/**
 * Refuses every number in `value` (walked recursively) whose magnitude exceeds `LIMITS.magnitude`. Run as a refinement
 * on a whole model, so that no field of any schema, present or future, lets a 1e308 through.
 */
export function checkMagnitudes(value: unknown, ctx: Context, path: Path = []): void {
  if (typeof value === 'number') {
    if (Math.abs(value) > LIMITS.magnitude) {
      refuse(
        ctx,
        path,
        `expected a number of magnitude at most ${formatLimit(LIMITS.magnitude)} (the limit on any number in a model file), got ${formatLimit(value)}`,
      );
    }
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => checkMagnitudes(item, ctx, [...path, i]));
    return;
  }
  // The scene (positions drawn in the editor) is never simulated; it has its own schema.
  if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) if (!(path.length === 0 && key === 'scene')) checkMagnitudes(item, ctx, [...path, key]);
  }
}

/** Refuses `value` above `limit`, naming the limit: "expected at most 1000 (the limit on servers of a station), got 1e9". */
export function checkAtMost(ctx: Context, path: Path, value: number, limit: number, what: string): void {
  if (value > limit) refuse(ctx, path, `expected at most ${formatLimit(limit)} (the limit on ${what}), got ${formatLimit(value)}`);
}

/** Refuses a value outside [min, max], naming the limit. */
export function checkWithin(ctx: Context, path: Path, value: number, range: { min: number; max: number }, what: string): void {
  if (value < range.min || value > range.max) {
    refuse(ctx, path, `expected a value from ${formatLimit(range.min)} to ${formatLimit(range.max)} (the limit on ${what}), got ${formatLimit(value)}`);
  }
}

/** Refuses `min > max` for a pair given as `{ min, max }` at `path`. */
export function checkOrdered(ctx: Context, path: Path, pair: { min: number; max: number }): void {
  if (pair.min > pair.max) refuse(ctx, [...path, 'max'], `expected max >= min (${pair.min}), got ${pair.max}`);
}

/** Refuses a duplicate among `ids` (each with its path), naming where the first one is. */
export function checkUnique(ctx: Context, ids: readonly { id: string; path: Path }[], what: string): void {
  const seen = new Map<string, Path>();
  for (const { id, path } of ids) {
    const first = seen.get(id);
    if (first) refuse(ctx, path, `expected a unique ${what} id; "${id}" is already used at ${pathText(first)}`);
    else seen.set(id, path);
  }
}

function pathText(path: Path): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}
