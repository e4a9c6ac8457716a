import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runnable } from '../../src/core/models.ts';
import { validateModel } from '../../src/core/model/load.ts';
import type { PlantEvent } from '../../src/core/runtime/view.ts';
import { parseSceneLayout } from '../../src/app/scene/layout.ts';
import { checkTourReferences, compileWait, parseTour, resolveSteps, waitMet, type PlantFacts, type Tour } from '../../src/app/tour/tour.ts';

const TOURS = 'scenes/tours';

/** What a tour may name in a plant, read from the model and scene files as the app bundles them. */
function facts(plant: string): PlantFacts | undefined {
  let text: string;
  try {
    text = readFileSync(`factory-models/${plant}.json`, 'utf8');
  } catch {
    return undefined;
  }
  const model = runnable(validateModel(JSON.parse(text), plant));
  const layout = parseSceneLayout(JSON.parse(readFileSync(`scenes/${plant}.json`, 'utf8')), plant);
  return {
    units: Object.keys(layout.units),
    cameras: (layout.cameras ?? []).map((c) => c.id),
    kpis: model.kpis.map((k) => k.key),
    capabilities: model.capabilities,
    levels: model.levels,
  };
}

function errorOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  throw new Error('no error thrown');
}

/**
 * Every number in a recorded result (means, CIs, percentages, shares, and figures inside its notes) as a caption may
 * quote it: rounded to 1, 2 or 3 decimals, without sign, shares also as percentages.
 */
function recordedFigures(results: unknown): Set<string> {
  const figures = new Set<string>();
  const add = (x: number) => {
    for (const value of [Math.abs(x), Math.abs(x * 100)]) for (const digits of [1, 2, 3]) figures.add(value.toFixed(digits));
  };
  const walk = (node: unknown): void => {
    if (typeof node === 'number') add(node);
    else if (typeof node === 'string') for (const figure of node.match(/\d+\.\d+/g) ?? []) figures.add(figure);
    else if (node && typeof node === 'object') Object.values(node).forEach(walk);
  };
  walk(results);
  return figures;
}

const minimal = {
  title: { en: 'T', zh: '导' },
  description: { en: 'D', zh: '述' },
  plant: '3c-machining',
  source: { command: 'npx tsx src/cli/sim.ts ...' },
  steps: [{ caption: { en: 'one', zh: '一' } }],
};

describe('shipped guided tours', () => {
  const files = readdirSync(TOURS).filter((f) => f.endsWith('.json'));
  const tours = files.map((f) => ({ file: `${TOURS}/${f}`, tour: parseTour(JSON.parse(readFileSync(`${TOURS}/${f}`, 'utf8')), `${TOURS}/${f}`) }));

  it('cover both plants', () => {
    expect(tours.map((t) => t.tour.plant).sort()).toEqual(['3c-machining', 'petrochemical']);
  });

  // A KPI wait only where the KPI really crosses for a reason the caption gives (the petrochemical L3 yield); the 3C
  // plant's OEE passes 80 % only while the start-up backlog is worked off, at every level, so its tour waits on time.
  it('wait, between them, on time, an event and a KPI', () => {
    const kinds = tours.flatMap((t) => t.tour.steps.flatMap((s) => (s.wait ? [s.wait.kind] : [])));
    expect(new Set(kinds)).toEqual(new Set(['time', 'event', 'kpi']));
  });

  it("reach every KPI wait in 30 simulated days with the step's settings, and not at L1 with the same seed", () => {
    let checked = 0;
    for (const { tour } of tours) {
      resolveSteps(tour).forEach((settings, i) => {
        const wait = tour.steps[i]!.wait;
        if (wait?.kind !== 'kpi') return;
        const model = runnable(validateModel(JSON.parse(readFileSync(`factory-models/${settings.plant}.json`, 'utf8')), settings.plant));
        const reachedBy = (capabilities: Record<string, string>): number | undefined => {
          const run = model.start({ seed: settings.seed, capabilities: capabilities as never });
          const compiled = compileWait(wait, { unitsPerDay: model.unitsPerDay, kpis: model.kpis, units: [] }, 0);
          const hour = model.unitsPerDay / 24;
          for (let t = hour; t <= 30 * model.unitsPerDay; t += hour) {
            run.sim.runUntil(t);
            const values = run.kpis();
            if (waitMet(compiled, { time: t, log: [], kpis: model.kpis.map((k) => values[k.key] ?? NaN) })) return t;
          }
          return undefined;
        };
        const levelOf = (level: string) => Object.fromEntries(model.capabilities.map((c) => [c, level]));
        expect(reachedBy({ ...levelOf(settings.level), ...settings.overrides }), `${tour.plant} steps[${i}]`).toBeDefined();
        expect(reachedBy(levelOf('L1')), `${tour.plant} steps[${i}] at L1`).toBeUndefined();
        checked++;
      });
    }
    expect(checked).toBeGreaterThan(0);
  }, 120_000);

  for (const f of files) {
    describe(f, () => {
      const { file, tour } = tours.find((t) => t.file.endsWith(f))!;

      it('names only units, cameras, KPIs, capabilities and levels its plant has', () => {
        expect(() => checkTourReferences(tour, file, facts)).not.toThrow();
      });

      it('walks the room from L1 through L2 to L3, with attribution steps (one capability raised) between', () => {
        const settings = resolveSteps(tour);
        const presets = settings.map((s) => s.level).filter((l, i, all) => i === 0 || all[i - 1] !== l);
        expect(presets.slice(0, 2)).toEqual(['L1', 'L2']);
        expect(presets.at(-1)).toBe('L3');
        const attribution = settings.filter((s) => s.level === 'L1' && Object.keys(s.overrides).length === 1);
        expect(attribution.length).toBeGreaterThanOrEqual(3);
        expect(new Set(attribution.map((s) => Object.keys(s.overrides)[0])).size).toBe(attribution.length);
      });

      it('records the command its figures come from, and waits on time and an event', () => {
        expect(tour.source.command).toMatch(new RegExp(`sim\\.ts factory-models/${tour.plant}\\.json .*--attribution`));
        const kinds = new Set(tour.steps.map((s) => s.wait?.kind));
        expect(kinds.has('time') && kinds.has('event')).toBe(true);
      });

      it('quotes only figures found in the recorded output of its source command', () => {
        const results = JSON.parse(readFileSync(tour.source.results!, 'utf8')) as { model: string; days: number; seeds: number[]; attribution?: unknown };
        // The recorded output is the command's: same model, run length, seeds, attribution.
        const option = (name: string) => new RegExp(`--${name} (\\S+)`).exec(tour.source.command)?.[1];
        expect(results.model).toBe(validateModel(JSON.parse(readFileSync(`factory-models/${tour.plant}.json`, 'utf8')), tour.plant).name);
        expect(results.days).toBe(Number(option('days')));
        expect(results.seeds).toHaveLength(Number(option('seeds')));
        expect(results.attribution).toBeDefined();
        const figures = recordedFigures(results);
        for (const [i, step] of tour.steps.entries()) {
          for (const language of ['en', 'zh'] as const) {
            const quoted = step.caption[language].match(/\d+\.\d+/g) ?? [];
            const unknown = quoted.filter((figure) => !figures.has(figure));
            expect(unknown, `steps[${i}].caption.${language}`).toEqual([]);
          }
        }
      });

      it('has every caption in English and Chinese', () => {
        for (const step of tour.steps) {
          expect(step.caption.en).not.toMatch(/[\u4e00-\u9fff]/);
          expect(step.caption.zh).toMatch(/[\u4e00-\u9fff]/);
        }
      });
    });
  }
});

describe('tour files', () => {
  it('report errors with the file and the path inside it', () => {
    const bad = {
      ...minimal,
      steps: [
        { caption: { en: 'one' } },
        { caption: { en: 'two', zh: '二' }, wait: { kind: 'weather' } },
        { caption: { en: 'five', zh: '五' }, speed: 7, level: 'L4' },
      ],
    };
    const message = errorOf(() => parseTour(bad, 'scenes/tours/bad.json'));
    expect(message).toContain('scenes/tours/bad.json: steps[0].caption.zh: missing; expected a string');
    expect(message).toContain('scenes/tours/bad.json: steps[1].wait.kind: expected one of "time", "event", "kpi", got "weather"');
    expect(message).toContain('scenes/tours/bad.json: steps[2].level: expected one of "L1", "L2", "L3", got "L4"');
    expect(message).toContain('scenes/tours/bad.json: steps[2].speed: expected one of 1, 10, 60, 600, 3600, 10000, "max"');
  });

  it('report steps whose fields do not fit together', () => {
    const bad = {
      ...minimal,
      steps: [
        { caption: { en: 'one', zh: '一' }, advance: 'auto' },
        { caption: { en: 'two', zh: '二' }, wait: { kind: 'kpi', kpi: 'oee', above: 1, below: 2 } },
        { caption: { en: 'three', zh: '三' }, wait: { kind: 'kpi', kpi: 'oee' } },
      ],
    };
    const message = errorOf(() => parseTour(bad, 'scenes/tours/bad.json'));
    expect(message).toContain('scenes/tours/bad.json: steps[0].advance: expected a "wait" condition for "auto"');
    expect(message).toContain('scenes/tours/bad.json: steps[1].wait: expected exactly one of "above" and "below"');
    expect(message).toContain('scenes/tours/bad.json: steps[2].wait: expected exactly one of "above" and "below"');
  });

  it('report names a plant does not have', () => {
    const tour = parseTour(
      {
        ...minimal,
        steps: [
          { caption: { en: 'a', zh: '甲' }, camera: 'roof', highlight: ['cnc-9'], overrides: { teleport: 'L3' } },
          { caption: { en: 'b', zh: '乙' }, wait: { kind: 'kpi', kpi: 'happiness', above: 1 } },
          { caption: { en: 'c', zh: '丙' }, plant: 'moon-base' },
        ],
      },
      'x.json',
    );
    const message = errorOf(() => checkTourReferences(tour, 'x.json', facts));
    expect(message).toContain('x.json: steps[0].camera: unknown camera preset "roof"; expected one of "overview", "cnc", "finishing"');
    expect(message).toContain('x.json: steps[0].highlight[0]: unknown unit "cnc-9"');
    expect(message).toContain('x.json: steps[0].overrides.teleport: unknown capability; expected one of "dispatching"');
    expect(message).toContain('x.json: steps[1].wait.kpi: unknown KPI "happiness"');
    expect(message).toContain('x.json: steps[2].plant: unknown plant "moon-base"');
  });
});

describe('step settings', () => {
  it('inherit what a step does not set; a new level clears overrides; highlights last one step', () => {
    const tour: Tour = parseTour(
      {
        ...minimal,
        steps: [
          { caption: { en: '1', zh: '一' }, level: 'L1', seed: 4, camera: 'cnc', speed: 'max', highlight: ['cnc-1'] },
          { caption: { en: '2', zh: '二' }, overrides: { quality: 'L3' } },
          { caption: { en: '3', zh: '三' } },
          { caption: { en: '4', zh: '四' }, level: 'L3' },
          { caption: { en: '5', zh: '五' }, plant: 'petrochemical' },
        ],
      },
      't.json',
    );
    const s = resolveSteps(tour);
    expect(s[0]).toEqual({ plant: '3c-machining', level: 'L1', overrides: {}, seed: 4, camera: 'cnc', speed: 'max', highlight: ['cnc-1'] });
    expect(s[1]).toMatchObject({ level: 'L1', overrides: { quality: 'L3' }, seed: 4, camera: 'cnc', highlight: [] });
    expect(s[2]!.overrides).toEqual({ quality: 'L3' });
    expect(s[3]).toMatchObject({ level: 'L3', overrides: {}, camera: 'cnc', speed: 'max' });
    // A camera preset belongs to a plant's layout: a new plant starts from its default camera.
    expect(s[4]).toMatchObject({ plant: 'petrochemical', level: 'L3', overrides: {}, camera: undefined });
  });
});

describe('wait conditions', () => {
  const loaded = {
    unitsPerDay: 24,
    kpis: [{ key: 'efficiency' }, { key: 'oee' }],
    units: [{ id: 'cnc-1' }, { id: 'cnc-2' }],
  };
  const event = (time: number, kind: PlantEvent['kind'], unit = 0): PlantEvent => ({ time, kind, unit });
  const frame = (time: number, log: PlantEvent[] = [], kpis: number[] = [NaN, NaN]) => ({ time, log, kpis: Float64Array.from(kpis) });

  it('simulated time: reached at the day, in model units', () => {
    const wait = compileWait({ kind: 'time', days: 2 }, loaded, 0);
    expect(wait).toEqual({ kind: 'time', at: 48 });
    expect(waitMet(wait, frame(47.999))).toBe(false);
    expect(waitMet(wait, frame(48))).toBe(true);
  });

  it('an event: of that kind (and unit), since the step began', () => {
    const any = compileWait({ kind: 'event', event: 'failure' }, loaded, 10);
    expect(waitMet(any, frame(20, [event(5, 'failure'), event(12, 'repair')]))).toBe(false); // the failure came before the step
    expect(waitMet(any, frame(20, [event(5, 'failure'), event(12, 'repair'), event(15, 'failure', 1)]))).toBe(true);
    const atCell2 = compileWait({ kind: 'event', event: 'failure', unit: 'cnc-2' }, loaded, 0);
    expect(waitMet(atCell2, frame(20, [event(15, 'failure', 0)]))).toBe(false);
    expect(waitMet(atCell2, frame(20, [event(15, 'failure', 0), event(16, 'failure', 1)]))).toBe(true);
  });

  it('a KPI crossing a value, not before it has one', () => {
    const above = compileWait({ kind: 'kpi', kpi: 'oee', above: 80 }, loaded, 0);
    expect(waitMet(above, frame(1, [], [0, NaN]))).toBe(false);
    expect(waitMet(above, frame(1, [], [0, 80]))).toBe(false);
    expect(waitMet(above, frame(1, [], [0, 80.1]))).toBe(true);
    const below = compileWait({ kind: 'kpi', kpi: 'efficiency', below: 5 }, loaded, 0);
    expect(waitMet(below, frame(1, [], [5, 0]))).toBe(false);
    expect(waitMet(below, frame(1, [], [4.9, 0]))).toBe(true);
  });
});
