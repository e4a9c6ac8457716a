/**
 * The twin on the shipped recordings (no broker): synchronisation exact against the plant's own KPI report for the
 * same period, and discovery of an altered parameter (the CNC cells' Weibull scale 30 h in "reality", 110 h in the
 * model file) without flagging what was not altered.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { main } from '../../src/cli/twin.ts';

type Report = {
  kpis: { levels: Record<string, { kpis: Record<string, { mean: number | null }> }> };
  recomputed: string[];
  discrepancies: { unit: string; parameter: string; observed: number; ci95: [number, number]; model: number }[];
  estimates: { unit: string; parameter: string; differs: boolean }[];
  flags: unknown[];
};

async function twin(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

const cases = [
  { model: 'factory-models/3c-machining.json', recording: 'data/recordings/3c-machining-L2-seed7-2d', hours: 48, level: 'L2' },
  { model: 'factory-models/petrochemical.json', recording: 'data/recordings/petrochemical-L2-seed5-3d', hours: 72, level: 'L2' },
];

describe('twin replaying a shipped recording', () => {
  for (const c of cases) {
    it(`${c.recording}: every KPI equals the plant's own report for the period, bit for bit`, async () => {
      const { code, out, err } = await twin([c.model, '--replay', `${c.recording}.jsonl.gz`, '--for', String(c.hours), '--format', 'json']);
      expect(code, err).toBe(0);
      const report = JSON.parse(out) as Report;
      const plant = JSON.parse(readFileSync(`${c.recording}.plant.json`, 'utf8')) as Report['kpis'];
      const ours = report.kpis.levels[c.level]!.kpis;
      const theirs = plant.levels[c.level]!.kpis;
      expect(Object.keys(ours).sort()).toEqual(Object.keys(theirs).sort());
      for (const key of Object.keys(theirs)) expect([key, ours[key]!.mean]).toEqual([key, theirs[key]!.mean]);
      expect(report.flags).toEqual([]);
      if (c.model.includes('3c')) expect(report.recomputed).toEqual(['throughput', 'efficiency', 'failures', 'mttr']);
      expect(report.discrepancies).toEqual([]);
    });
  }

  it('a recording of a plant whose CNC cells wear out 3.7 times faster flags the Weibull scale, not the repair time', async () => {
    const { code, out, err } = await twin([
      'factory-models/3c-machining.json',
      '--replay',
      'data/recordings/3c-machining-L1-seed3-2d-weibullScale30.jsonl.gz',
      '--for',
      '48',
      '--format',
      'json',
    ]);
    expect(code, err).toBe(0);
    const report = JSON.parse(out) as Report;
    const pooled = report.discrepancies.find((d) => d.unit === 'cnc' && d.parameter === 'cnc.health.weibullScaleHours');
    expect(pooled).toBeDefined();
    expect(pooled!.model).toBe(110);
    expect(pooled!.ci95[1]).toBeLessThan(110);
    expect(pooled!.ci95[0]).toBeLessThanOrEqual(30);
    expect(pooled!.ci95[1]).toBeGreaterThanOrEqual(30);
    // The repair times were not altered: estimated, and not flagged.
    expect(report.estimates.some((e) => e.parameter === 'cnc.health.repairHours.mean' && e.unit === 'cnc' && !e.differs)).toBe(true);
    expect(report.discrepancies.some((d) => d.parameter === 'cnc.health.repairHours.mean')).toBe(false);
  });

  it('bad invocations and files exit with 2 and say what is wrong', async () => {
    expect((await twin(['factory-models/3c-machining.json'])).code).toBe(2);
    const missing = await twin(['factory-models/3c-machining.json', '--replay', 'no/such.jsonl']);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('no/such.jsonl: file not found');
  });
});

describe('twin forecasts on a recording', () => {
  it('at each mid-shift it forecasts the shift output with a 95 % interval, and fills in what was realised', async () => {
    const { code, out, err } = await twin([
      'factory-models/3c-machining.json',
      '--replay',
      'data/recordings/3c-machining-L1-seed3-2d-weibullScale30.jsonl.gz',
      '--for',
      '48',
      '--format',
      'json',
      '--forecast',
      '--replications',
      '4',
    ]);
    expect(code, err).toBe(0);
    const forecasts = (
      JSON.parse(out) as { forecasts: { at: number; until: number; kpi: string; mean: number; ci95: [number, number]; realised: number | null }[] }
    ).forecasts.filter((f) => f.kpi === 'shiftOutput');
    // Shifts of 12 h: mid-shift at 6, 18, 30, 42 h (each forecast made at the first report at or after it).
    expect(forecasts.map((f) => f.until)).toEqual([12, 24, 36, 48]);
    for (const f of forecasts) {
      expect(f.kpi).toBe('shiftOutput');
      expect(f.at).toBeGreaterThanOrEqual(f.until - 6);
      expect(f.at).toBeLessThan(f.until - 5.9);
      expect(f.ci95[0]).toBeLessThanOrEqual(f.mean);
      expect(f.ci95[1]).toBeGreaterThanOrEqual(f.mean);
      expect(f.realised).not.toBeNull();
    }
    // After the first shift (whose first parts are still on their way through anodizing) the forks disagree.
    expect(forecasts.slice(1).every((f) => f.ci95[1] > f.mean && f.realised! > 0)).toBe(true);
    // Beside each, the next 24 h's output from the same instant (realised only where the 48 h stream reaches its end).
    const days = (JSON.parse(out) as { forecasts: { at: number; until: number; kpi: string; realised: number | null }[] }).forecasts.filter(
      (f) => f.kpi === 'dayOutput',
    );
    expect(days.map((f) => f.at)).toEqual(forecasts.map((f) => f.at));
    for (const f of days) expect(f.until - f.at).toBeCloseTo(24, 9);
    expect(days.map((f) => f.realised !== null)).toEqual([true, true, false, false]);
  });
});
