import { describe, expect, it } from 'vitest';
import { createShadowLive } from '../../src/app/connect/shadow-state.ts';
import { ShiftCounter } from '../../src/app/connect/shift-counter.ts';
import { bandExtent, drawable, ShiftSeries, type BandForecast } from '../../src/app/dashboard/shadow-band.ts';

const forecast = (at: number, until: number, low: number, high: number, realised: number | null = null): BandForecast => ({
  at,
  until,
  mean: (low + high) / 2,
  ci95: [low, high],
  realised,
});

describe('Shadow mode on the KPI chart', () => {
  it('counts a shift’s output from its first report, by the forecaster’s rule', () => {
    const state = createShadowLive();
    const counter = new ShiftCounter(12, 1);
    // Joined mid-shift (hour 5 of shift 0): that shift's start was not seen.
    counter.update(5, 100, state);
    expect(state.shift).toBe(0);
    expect(state.soFar).toBeNaN();
    counter.update(11.5, 130, state);
    expect(state.soFar).toBeNaN();
    // The next shift's first report starts its count, even a slice after the boundary.
    counter.update(12.25, 133, state);
    expect([state.shift, state.soFar, state.shiftLength, state.time]).toEqual([1, 0, 12, 12.25]);
    counter.update(20, 170, state);
    expect(state.soFar).toBe(37);
    // A gap over a whole shift: shift 3 is unknown, unless its report comes within two minutes of its start.
    counter.update(40, 300, state);
    expect([state.shift, state.soFar]).toEqual([3, NaN]);
    const late = new ShiftCounter(12, 1);
    late.update(24 + 1 / 60, 50, state);
    late.update(30, 80, state);
    expect(state.soFar).toBe(30);
    expect(() => new ShiftCounter(0, 1)).toThrow(/shift length must be positive, got 0/);
  });

  it('draws a gap between shifts and thins points to cover a few shifts', () => {
    const series = new ShiftSeries(40, 2);
    // 40 points over 2 shifts of 12 h: at most one point per 0.6 h.
    const at = (time: number, soFar: number) => series.add({ time, shiftLength: 12, shift: Math.floor(time / 12), soFar });
    expect(at(1, 5)).toBe(true);
    expect(at(1.3, 6)).toBe(false);
    expect(at(1, 7)).toBe(false);
    expect(at(1.6, 8)).toBe(true);
    expect(at(11.9, 60)).toBe(true);
    // The shift change is always drawn, with a gap at the boundary so the drop to zero is not a line.
    expect(at(12.1, 1)).toBe(true);
    expect(series.xs).toEqual([1, 1.6, 11.9, 12, 12.1]);
    expect(series.ys).toEqual([5, 8, 60, null, 1]);
    // An unknown count is a gap too.
    at(13, NaN);
    expect(series.ys.at(-1)).toBeNull();
    expect(series.realisedPoints()).toBe(4);
    for (let t = 14; t < 100; t += 0.7) at(t, t);
    expect(series.xs.length).toBe(40);
    expect(series.xs.every((x, i) => i === 0 || x > series.xs[i - 1]!)).toBe(true);
    expect(series.add({ time: NaN, shiftLength: 12, shift: 0, soFar: 1 })).toBe(false);
    // The chart shows the last two shifts, and scales to what it shows.
    expect(series.windowStart()).toBeCloseTo(series.xs.at(-1)! - 24, 9);
    // Over what the window shows: an earlier, larger value does not count.
    const peak = new ShiftSeries(200, 2);
    peak.add({ time: 1, shiftLength: 12, shift: 0, soFar: 500 });
    for (let t = 2; t < 60; t += 1) peak.add({ time: t, shiftLength: 12, shift: Math.floor(t / 12), soFar: t % 12 });
    expect(peak.xs[0]).toBe(1);
    expect(peak.windowStart()).toBe(59 - 24);
    expect(peak.maxFrom(peak.windowStart())).toBe(11);
    expect(peak.maxFrom(0)).toBe(500);
    expect(series.maxFrom(1000)).toBe(-Infinity);
    expect(new ShiftSeries().windowStart()).toBe(0);
  });

  it('scales the chart to hold the bands in view and the shift end ahead', () => {
    const forecasts = [forecast(6, 12, 40, 60, 55), forecast(18, 24, 45, 70), forecast(30, 36, 50, 90)];
    expect(bandExtent(forecasts, 0)).toEqual({ maxY: 90, maxX: 36 });
    expect(bandExtent(forecasts.slice(0, 2), 13)).toEqual({ maxY: 70, maxX: 24 });
    // A realised value above its band counts too; a band off the left edge does not.
    expect(bandExtent([forecast(6, 12, 40, 60, 75)], 0).maxY).toBe(75);
    expect(bandExtent([forecast(6, 12, 40, 60, 75)], 13).maxY).toBe(-Infinity);
    expect(drawable(forecast(6, 12, NaN, 60))).toBe(false);
    expect(drawable(forecast(12, 12, 40, 60))).toBe(false);
    expect(bandExtent([forecast(6, 12, NaN, 99)], 0).maxY).toBe(-Infinity);
    // The forecaster's day-ahead forecasts (24 h from mid-shift) are not shift bands: neither drawn nor scaled to.
    expect(drawable({ ...forecast(6, 12, 40, 60), kpi: 'shiftOutput' })).toBe(true);
    expect(drawable({ ...forecast(6, 30, 400, 600), kpi: 'dayOutput' })).toBe(false);
    expect(bandExtent([forecast(6, 12, 40, 60), { ...forecast(6, 30, 400, 600), kpi: 'dayOutput' }], 0)).toEqual({ maxY: 60, maxX: 12 });
  });
});
