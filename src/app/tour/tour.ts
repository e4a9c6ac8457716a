/**
 * Guided tours (`scenes/tours/*.json`): scripted steps a trainer walks a room through. Each step may set the plant,
 * level, capability levels, seed, camera, speed and highlighted units, shows a caption in English and Chinese, and may
 * wait for a condition (simulated time, an event in the plant's log, a KPI crossing a value) before "next" is offered
 * or the tour moves on by itself.
 *
 * Pure: validation (zod, errors that name the file and the JSON path as model files do), the settings each step
 * leaves the app in, and wait conditions compiled against the loaded model and checked against a frame without
 * allocating. The player (`player.ts`) does the rest.
 */
import { FINITE_SPEEDS } from '../speeds.ts';
import { z } from 'zod';
import { LEVELS, type Level } from '../../core/experiment/levels.ts';
import { ModelFileError, problemsFromZod, type ModelProblem } from '../../core/model/errors.ts';
import { DECISION_KINDS, PLANT_EVENT_KINDS, type PlantEvent, type PlantEventKind } from '../../core/runtime/view.ts';

/** Event kinds that reach the plant-wide log (`live.log`); decisions go to the inspector instead. */
export const LOG_EVENT_KINDS = PLANT_EVENT_KINDS.filter((kind) => !DECISION_KINDS.has(kind)) as [PlantEventKind, ...PlantEventKind[]];

/** The app's speed choices, `max` standing for "as fast as possible". */
export const TOUR_SPEEDS = FINITE_SPEEDS;

const text = z.strictObject({ en: z.string().min(1), zh: z.string().min(1) });
const level = z.enum(LEVELS);
type TourSpeedValue = (typeof TOUR_SPEEDS)[number] | 'max';
const speed = z.custom<TourSpeedValue>((value) => value === 'max' || (TOUR_SPEEDS as readonly unknown[]).includes(value), {
  message: `expected one of ${TOUR_SPEEDS.join(', ')}, "max"`,
});

const waitSchema = z.discriminatedUnion('kind', [
  /** Simulated time reached, in days since the plant was loaded. With `play`, the run pauses exactly there. */
  z.strictObject({ kind: z.literal('time'), days: z.number().positive() }),
  /** An event of this kind appears in the plant's event log after the step began (optionally at one unit). */
  z.strictObject({ kind: z.literal('event'), event: z.enum(LOG_EVENT_KINDS), unit: z.string().min(1).optional() }),
  /** A KPI of the loaded model (by its key, in its own unit) rises above or falls below a value. */
  z.strictObject({ kind: z.literal('kpi'), kpi: z.string().min(1), above: z.number().optional(), below: z.number().optional() }),
]);

const stepSchema = z.strictObject({
  title: text.optional(),
  caption: text,
  /** A catalog model id; the tour's `plant` until a step names another. */
  plant: z.string().min(1).optional(),
  /** Preset level; setting it clears the capability overrides unless the step gives its own. */
  level: level.optional(),
  /** Per-capability levels on top of the preset (the capability matrix). */
  overrides: z.record(z.string(), level).optional(),
  seed: z.int().positive().optional(),
  /** A camera preset of the plant's scene layout. */
  camera: z.string().min(1).optional(),
  speed: speed.optional(),
  /** Unit ids the 3D view marks during this step only. */
  highlight: z.array(z.string().min(1)).default([]),
  /** true: run until the wait is met, then pause (exactly at a wait's time); false: pause; absent: leave the run as it is. */
  play: z.boolean().optional(),
  wait: waitSchema.optional(),
  /** `auto`: move on by itself once the wait is met. */
  advance: z.enum(['manual', 'auto']).default('manual'),
});

export const tourSchema = z
  .strictObject({
    $schema: z.string().optional(),
    title: text,
    description: text,
    /** The plant the first step loads (a catalog model id). */
    plant: z.string().min(1),
    /**
     * Where the figures quoted in the captions come from, so they can be re-checked: the command, and the file its
     * output was saved to (a test checks every figure a caption quotes against it).
     */
    source: z.strictObject({ command: z.string().min(1), results: z.string().min(1).optional(), note: z.string().optional() }),
    steps: z.array(stepSchema).min(1),
  })
  .superRefine((tour, context) => {
    tour.steps.forEach((step, i) => {
      if (step.advance === 'auto' && !step.wait) {
        context.addIssue({ code: 'custom', path: ['steps', i, 'advance'], message: 'expected a "wait" condition for "auto"' });
      }
      if (step.wait?.kind === 'kpi' && (step.wait.above === undefined) === (step.wait.below === undefined)) {
        context.addIssue({ code: 'custom', path: ['steps', i, 'wait'], message: 'expected exactly one of "above" and "below"' });
      }
    });
  });

export type Tour = z.infer<typeof tourSchema>;
export type TourStep = Tour['steps'][number];
export type TourWait = NonNullable<TourStep['wait']>;
export type TourSpeed = TourSpeedValue;

export function parseTour(data: unknown, file: string): Tour {
  const result = tourSchema.safeParse(data, { reportInput: true });
  if (!result.success) throw new ModelFileError(file, problemsFromZod(result.error.issues));
  return result.data;
}

/** What the app is set to once a step has been applied: each step inherits what it does not set. */
export interface StepSettings {
  plant: string;
  level: Level;
  overrides: Readonly<Record<string, Level>>;
  seed: number;
  camera?: string;
  /** Undefined until a step sets one: the app's speed is left alone. */
  speed?: TourSpeed;
  highlight: readonly string[];
}

export function resolveSteps(tour: Tour): StepSettings[] {
  let current: StepSettings = { plant: tour.plant, level: 'L1', overrides: {}, seed: 1, highlight: [] };
  return tour.steps.map((step) => {
    const plantChanged = step.plant !== undefined && step.plant !== current.plant;
    current = {
      plant: step.plant ?? current.plant,
      level: step.level ?? current.level,
      overrides: step.overrides ?? (step.level !== undefined || plantChanged ? {} : current.overrides),
      seed: step.seed ?? current.seed,
      // A camera preset belongs to a plant's layout.
      camera: step.camera ?? (plantChanged ? undefined : current.camera),
      speed: step.speed ?? current.speed,
      highlight: step.highlight,
    };
    return current;
  });
}

/** What a tour may refer to in one plant: its scene's units and cameras, its KPIs, capabilities and levels. */
export interface PlantFacts {
  units: readonly string[];
  cameras: readonly string[];
  kpis: readonly string[];
  capabilities: readonly string[];
  levels: readonly Level[];
}

function oneOf(values: readonly string[]): string {
  return values.length > 0 ? `expected one of ${values.map((v) => JSON.stringify(v)).join(', ')}` : 'there are none';
}

/** Checks the names a tour uses against the plants it runs; throws a `ModelFileError` listing every problem. */
export function checkTourReferences(tour: Tour, file: string, facts: (plant: string) => PlantFacts | undefined): void {
  const problems: ModelProblem[] = [];
  const settings = resolveSteps(tour);
  const plants = new Map<string, PlantFacts | undefined>();
  const factsOf = (plant: string) => {
    if (!plants.has(plant)) plants.set(plant, facts(plant));
    return plants.get(plant);
  };
  if (!factsOf(tour.plant)) problems.push({ path: 'plant', message: `unknown plant ${JSON.stringify(tour.plant)}` });
  tour.steps.forEach((step, i) => {
    const at = `steps[${i}]`;
    const plant = factsOf(settings[i]!.plant);
    if (!plant) {
      if (step.plant !== undefined) problems.push({ path: `${at}.plant`, message: `unknown plant ${JSON.stringify(step.plant)}` });
      return;
    }
    if (step.level && !plant.levels.includes(step.level)) {
      problems.push({ path: `${at}.level`, message: `level ${step.level} is not implemented; ${oneOf(plant.levels)}` });
    }
    for (const [name, l] of Object.entries(step.overrides ?? {})) {
      if (!plant.capabilities.includes(name)) {
        problems.push({ path: `${at}.overrides.${name}`, message: `unknown capability; ${oneOf(plant.capabilities)}` });
      } else if (!plant.levels.includes(l)) {
        problems.push({ path: `${at}.overrides.${name}`, message: `level ${l} is not implemented; ${oneOf(plant.levels)}` });
      }
    }
    if (step.camera && !plant.cameras.includes(step.camera)) {
      problems.push({ path: `${at}.camera`, message: `unknown camera preset ${JSON.stringify(step.camera)}; ${oneOf(plant.cameras)}` });
    }
    step.highlight.forEach((unit, j) => {
      if (!plant.units.includes(unit)) {
        problems.push({ path: `${at}.highlight[${j}]`, message: `unknown unit ${JSON.stringify(unit)}; ${oneOf(plant.units)}` });
      }
    });
    const wait = step.wait;
    if (wait?.kind === 'kpi' && !plant.kpis.includes(wait.kpi)) {
      problems.push({ path: `${at}.wait.kpi`, message: `unknown KPI ${JSON.stringify(wait.kpi)}; ${oneOf(plant.kpis)}` });
    }
    if (wait?.kind === 'event' && wait.unit !== undefined && !plant.units.includes(wait.unit)) {
      problems.push({ path: `${at}.wait.unit`, message: `unknown unit ${JSON.stringify(wait.unit)}; ${oneOf(plant.units)}` });
    }
  });
  if (problems.length > 0) throw new ModelFileError(file, problems);
}

/** A wait resolved against the loaded model: indices instead of names, model time units instead of days. */
export type CompiledWait =
  | { kind: 'time'; at: number }
  | { kind: 'event'; event: PlantEventKind; unit: number; since: number }
  | { kind: 'kpi'; index: number; above: number; below: number };

export interface LoadedFacts {
  unitsPerDay: number;
  kpis: readonly { key: string }[];
  units: readonly { id: string }[];
}

/** `since`: simulated time the step began at; events before it do not count. */
export function compileWait(wait: TourWait, loaded: LoadedFacts, since: number): CompiledWait {
  switch (wait.kind) {
    case 'time':
      return { kind: 'time', at: wait.days * loaded.unitsPerDay };
    case 'event':
      return { kind: 'event', event: wait.event, unit: wait.unit === undefined ? -1 : loaded.units.findIndex((u) => u.id === wait.unit), since };
    case 'kpi':
      return {
        kind: 'kpi',
        index: loaded.kpis.findIndex((k) => k.key === wait.kpi),
        above: wait.above ?? Infinity,
        below: wait.below ?? -Infinity,
      };
  }
}

/** What a frame shows (the fields of `live` a condition reads). */
export interface FrameFacts {
  time: number;
  log: readonly PlantEvent[];
  kpis: ArrayLike<number>;
}

/** Whether the frame meets the wait. Called once per animation frame; allocates nothing. */
export function waitMet(wait: CompiledWait, frame: FrameFacts): boolean {
  switch (wait.kind) {
    case 'time':
      return frame.time >= wait.at;
    case 'event':
      for (let i = frame.log.length - 1; i >= 0; i--) {
        const event = frame.log[i]!;
        if (event.time < wait.since) break; // the log is oldest first
        if (event.kind === wait.event && (wait.unit < 0 || event.unit === wait.unit)) return true;
      }
      return false;
    case 'kpi': {
      const value = wait.index >= 0 ? frame.kpis[wait.index] : undefined;
      if (value === undefined || !Number.isFinite(value)) return false;
      return value > wait.above || value < wait.below;
    }
  }
}
