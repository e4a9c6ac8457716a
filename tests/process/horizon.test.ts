/**
 * Measures that do not depend on where the run ends: grade changes cut off by the end are censored (Kaplan-Meier), not
 * counted at their elapsed time; grade releases are not phase-locked to the shift hand-over; a jacket cleaning deferred
 * past the end is charged for the fouling it leaves.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { presetLevels, type Level } from '../../src/core/experiment/levels.ts';
import { parseModel } from '../../src/core/model/load.ts';
import type { PetrochemicalModel } from '../../src/core/model/petrochemical-model.ts';
import { PROCESS_CAPABILITIES, PetrochemicalSimulation } from '../../src/core/process/petrochemical-simulation.ts';
import { restrictedMean } from '../../src/core/process/survival.ts';

const file = 'factory-models/petrochemical.json';
const model = parseModel(readFileSync(join(import.meta.dirname, '../..', file), 'utf8'), file) as PetrochemicalModel;

function run(m: PetrochemicalModel, level: Level, seed: number, hours: number): PetrochemicalSimulation {
  const s = new PetrochemicalSimulation(m, seed, presetLevels(PROCESS_CAPABILITIES, level));
  s.runUntil(hours);
  return s;
}

describe('restricted mean of censored durations (Kaplan-Meier)', () => {
  it('is the plain mean when every duration finished', () => {
    expect(restrictedMean([3, 5, 10].map((time) => ({ time, finished: true })))).toBeCloseTo(6, 12);
  });
  it('ignores a duration cut off at zero instead of counting it as 0 h', () => {
    const finished = [17, 17].map((time) => ({ time, finished: true }));
    expect(restrictedMean([...finished, { time: 0, finished: false }])).toBeCloseTo(17, 12);
  });
  it('matches the product-limit estimate by hand with a censored duration in the middle', () => {
    // Times 2, 4+, 6, 8: S = 1 on [0,2), 3/4 on [2,6), 3/4 x 1/2 on [6,8), 0 after: area 2 + 3 + 0.75 = 5.75.
    const durations = [
      { time: 2, finished: true },
      { time: 4, finished: false },
      { time: 6, finished: true },
      { time: 8, finished: true },
    ];
    expect(restrictedMean(durations)).toBeCloseTo(5.75, 12);
  });
  it('has no value without any information', () => {
    expect(restrictedMean([])).toBeNaN();
    expect(restrictedMean([{ time: 0, finished: false }])).toBeNaN();
  });
});

describe('petrochemical measures without end-of-run artefacts', () => {
  it('releases grades at hours of the day drawn per release, not on shift hand-overs, the same at every level', () => {
    const hours = 60 * 24;
    const l1 = run(model, 'L1', 4, hours).gradeReleases();
    const l3 = run(model, 'L3', 4, hours).gradeReleases();
    expect(l1).toEqual(l3);
    expect(l1.length).toBe(5);
    const shift = model.decisions.shiftHours;
    const phases = l1.map((t) => t % shift);
    expect(phases.every((p) => p > 1e-6 && p < shift - 1e-6)).toBe(true);
    expect(new Set(phases.map((p) => p.toFixed(3))).size).toBe(phases.length);
    // Each release stays within its campaign's day: the grade cycle is kept.
    l1.forEach((t, i) => expect(t - (i + 1) * model.gradeChangeEveryDays * 24).toBeGreaterThanOrEqual(0));
    l1.forEach((t, i) => expect(t - (i + 1) * model.gradeChangeEveryDays * 24).toBeLessThan(24));
  });

  it('a grade released just before the end does not pull the changeover time down', () => {
    const second = run(model, 'L1', 2, 25 * 24).gradeReleases()[1]!;
    const before = run(model, 'L1', 2, second - 1 / 60);
    const after = run(model, 'L1', 2, second + 1 / 60);
    expect(before.gradeReleases()).toHaveLength(1);
    expect(after.gradeReleases()).toHaveLength(2);
    // The change a minute old is censored at a minute: it tells nothing about how long changes take.
    expect(before.kpis().changeoverTime).toBeGreaterThan(2);
    expect(after.kpis().changeoverTime).toBeCloseTo(before.kpis().changeoverTime!, 9);
  });

  it('a cleaning deferred past the end is charged for the fouling it leaves', () => {
    // No cleaning within the run (calendar beyond the horizon): the owed share shows in the cleanings per 30 d.
    const never = { ...model, decisions: { ...model.decisions, calendarCleaningDays: 1000 } };
    const s = run(never, 'L1', 1, 20 * 24);
    expect(s.kpis().cleanings).toBeGreaterThan(0.3);
    expect(s.cleaningOwed()).toBeGreaterThan(0.3);
    // Deferring a cleaning from just inside the horizon to just after it no longer buys production: the run that
    // skips it gets the 12 h of flow, and owes their worth.
    const days = 20;
    const inside = run({ ...model, decisions: { ...model.decisions, calendarCleaningDays: days - 1.5 } }, 'L1', 1, days * 24);
    const after = run({ ...model, decisions: { ...model.decisions, calendarCleaningDays: days + 0.5 } }, 'L1', 1, days * 24);
    const flowing = (x: PetrochemicalSimulation) => x.kpis().availability!;
    expect(Math.abs(flowing(after) - flowing(inside))).toBeLessThan(1.5);
    expect(after.cleaningOwed()).toBeGreaterThan(0.5);
    expect(inside.cleaningOwed()).toBeLessThan(0.2);
  });
});
