/**
 * The petrochemical plant's state hand-over (`ModelRun.synchronise`, core/process/synchronise.ts) and the twin's
 * snapshot of it (`processSnapshot`): a fork handed a snapshot holds the snapshot's values, an empty hand-over changes
 * nothing, two forks of one seed handed one snapshot stay identical, and the twin's snapshot carries its estimates only
 * with learning on; on a plant whose catalyst deactivates fast (the model file: not at all), forecasts with learning on
 * follow the plant and those with learning off over-forecast it.
 */
import { describe, expect, it } from 'vitest';
import { applyParameters } from '../../src/core/experiment/parameters.ts';
import { presetLevels } from '../../src/core/experiment/levels.ts';
import type { PetrochemicalModel } from '../../src/core/model/petrochemical-model.ts';
import { runnable } from '../../src/core/models.ts';
import { PROCESS_CAPABILITIES, PetrochemicalSimulation } from '../../src/core/process/petrochemical-simulation.ts';
import { S } from '../../src/core/process/plant.ts';
import type { PlantSnapshot } from '../../src/core/runtime/synchronise.ts';
import { UnitState } from '../../src/core/runtime/view.ts';
import { loadModelFile } from '../../src/node/model-file.ts';
import { ProcessForecaster } from '../../src/node/twin/process-forecaster.ts';
import { processSnapshot, startForks, synchroniseAt } from '../../src/node/twin/process-forks.ts';
import { Twin, unitIdsOf } from '../../src/node/twin/twin.ts';
import { PETRO, processStream } from './process-stream.ts';

const loaded = loadModelFile(PETRO);
const deactivating = applyParameters(loaded, { 'reactor.catalyst.deactivationPerDay': 0.1 }, PETRO) as PetrochemicalModel;
const L2 = presetLevels(PROCESS_CAPABILITIES, 'L2');

const snapshot: PlantSnapshot = {
  units: [
    { id: 'feed-pump', state: 'down', measured: { flow: 0 } },
    { id: 'preheater', state: 'idle', measured: { temperature: 101.5 } },
    { id: 'reactor', state: 'idle', measured: { temperature: 112.25, 'outlet A': 1.875, 'outlet B': 0.9625, 'jacket temperature': 108.5 } },
  ],
  estimated: { catalystActivity: 0.7, foulingResistance: 2.5e-5, feedConcentration: 5.35 },
};

describe('petrochemical hand-over', () => {
  it('writes the snapshot into the fork: measured states, pump down for the mean repair, activity, fouling, feed', () => {
    const run = new PetrochemicalSimulation(deactivating, 3, L2);
    run.runUntil(30);
    const result = run.synchronise(snapshot);
    const y = run.plant.state;
    expect([y[S.T], y[S.cA], y[S.cB], y[S.TK], y[S.T0], y[S.tankCA0]]).toEqual([112.25, 1.875, 0.9625, 108.5, 101.5, 5.35]);
    expect(run.plant.env.activity).toBe(0.7);
    expect(run.plant.env.fouling).toBe(2.5e-5);
    expect(run.plant.env.supplyCA0).toBe(5.35);
    expect(run.feed.pumpTripUntil).toBe(30 + deactivating.feedPump.mttrHours);
    expect(result.copied).toContain('feed-pump: down (for the mean repair time)');
    expect(result.copied).toContain('reactor: catalyst activity');
    expect(result.skipped).toEqual([]);
    const view = run.view();
    const states = new Uint8Array(6);
    view.read(states, new Float32Array(6), new Float32Array(6));
    expect(states[0]).toBe(UnitState.down);
    // From the hand-over on, the activity decays from 0.7 at the model's rate (0.1/day), not from the fresh catalyst.
    run.runUntil(36);
    expect(run.plant.env.activity).toBeCloseTo(0.7 * Math.exp((-0.1 * 6) / 24), 12);
    // The pump restarts after the mean repair time.
    expect(run.plant.applied.flow).toBeGreaterThan(0);
  });

  it('refuses values that are not physical, naming them', () => {
    const run = new PetrochemicalSimulation(loaded as PetrochemicalModel, 3, L2);
    run.runUntil(2);
    const before = run.plant.env.activity;
    const result = run.synchronise({
      units: [{ id: 'reactor', measured: { 'outlet B': -1 } }],
      estimated: { catalystActivity: 0, foulingResistance: Number.NaN, activity: 0.5 },
    });
    expect(run.plant.env.activity).toBe(before);
    expect(result.skipped.join('; ')).toMatch(/outlet B \(-1 is not a physical value\).*catalyst activity \(0 is not in/);
    expect(result.skipped.join('; ')).toMatch(/activity \(not an estimate this plant takes/);
    expect(result.skipped.join('; ')).toMatch(/jacket fouling \(NaN is not a resistance\)/);
  });

  it('an empty hand-over changes nothing; one seed handed one snapshot gives one result', () => {
    const kpisAfter = (hand: PlantSnapshot | undefined) => {
      const run = new PetrochemicalSimulation(deactivating, 7, L2);
      run.runUntil(26);
      if (hand) run.synchronise(hand);
      run.runUntil(40);
      return { kpis: run.kpis(), state: Array.from(run.plant.state) };
    };
    expect(kpisAfter({ units: [] })).toEqual(kpisAfter(undefined));
    const a = kpisAfter(snapshot);
    expect(a).toEqual(kpisAfter(snapshot));
    expect(a).not.toEqual(kpisAfter(undefined));
  });
});

describe("petrochemical twin's snapshot", () => {
  it('carries the learned activity and fouling only with learning on, and forks take it', () => {
    const model = runnable(loaded);
    const twin = new Twin(model, loaded, 'petrochemical', unitIdsOf(model));
    processStream({ level: 'L2', seed: 2, hours: 30, reality: { 'reactor.catalyst.deactivationPerDay': 0.1 }, follow: (m) => twin.receive(m) });
    const on = processSnapshot(twin, true, {});
    const off = processSnapshot(twin, false, {});
    // The plant's activity at 30 h is exp(-0.1 * 30 / 24) = 0.8825; the learner's last hourly block, carried to now.
    expect(on.estimated!.catalystActivity).toBeGreaterThan(0.87);
    expect(on.estimated!.catalystActivity).toBeLessThan(0.895);
    expect(Number.isFinite(on.estimated!.foulingResistance)).toBe(true);
    expect(off.estimated!.catalystActivity).toBeUndefined();
    expect(off.estimated!.foulingResistance).toBeUndefined();
    // The feed the model needs to reproduce the outlet A: richer with the fresh catalyst's kinetics than with the
    // deactivated one (fresh kinetics would consume more A than the plant does).
    expect(off.estimated!.feedConcentration).toBeGreaterThan(on.estimated!.feedConcentration!);
    const reactor = on.units.find((u) => u.id === 'reactor')!;
    expect(reactor.measured!['outlet B']).toBe(twin.sync.units.get('reactor')!.metrics['Measured/outlet B']);
    const [fork] = startForks(twin, 'L2', {}, 1);
    expect(synchroniseAt(fork!, twin.sync.time, on)).toEqual([]);
    const sim = fork!.run as unknown as PetrochemicalSimulation;
    expect(sim.plant.env.activity).toBe(on.estimated!.catalystActivity);
    expect(sim.plant.state[S.cB]).toBe(reactor.measured!['outlet B']);
    fork!.run.sim.dispose();
  });
});

describe('petrochemical forecasts from the handed state', () => {
  it('with learning on follow a fast-deactivating plant that the model file says is fresh; with learning off they miss', () => {
    const model = runnable(loaded);
    const twins = [true, false].map((learn) => {
      const twin = new Twin(model, loaded, 'petrochemical', unitIdsOf(model));
      const forecaster = new ProcessForecaster(twin, { replications: 4, learn });
      twin.observers.push(forecaster);
      return { twin, forecaster };
    });
    processStream({
      level: 'L2',
      seed: 1,
      hours: 96,
      reality: { 'reactor.catalyst.deactivationPerDay': 0.1 },
      follow: (m) => twins.forEach(({ twin }) => twin.receive(m)),
    });
    const [on, off] = twins.map(({ forecaster }) => forecaster.forecasts().filter((f) => f.realised! > 0));
    expect(on!.map((f) => f.at)).toEqual(off!.map((f) => f.at));
    expect(on!.length).toBeGreaterThanOrEqual(8);
    const ape = (list: typeof on) => list!.map((f) => Math.abs(f.mean - f.realised!) / f.realised!);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    // The model file's fresh catalyst makes on-spec B the deactivated plant no longer makes: learning off over-forecasts.
    expect(off!.filter((f) => f.mean > f.realised!).length).toBe(off!.length);
    expect(mean(ape(on))).toBeLessThan(0.5 * mean(ape(off)));
    const covered = on!.filter((f) => f.ci95[0] <= f.realised! && f.realised! <= f.ci95[1]).length;
    expect(covered).toBeGreaterThanOrEqual(on!.length - 2);
    twins.forEach(({ forecaster }) => forecaster.dispose());
  });
});
