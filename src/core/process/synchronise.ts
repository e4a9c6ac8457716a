/**
 * The petrochemical plant's side of a twin's state hand-over (`ModelRun.synchronise`, runtime/synchronise.ts): after a
 * fork has been advanced to the plant's time, what the twin knows of the plant is written into it, so the fork's
 * remainder starts from the plant's state rather than from its own draws. No random draw is made here (a fork's
 * streams stay those of its seed):
 * - the feed pump: down in the plant but running in the fork, it trips now for the mean repair time (exponential
 *   repairs are memoryless, so the mean remaining repair is the model's MTTR whatever the plant's pump has been down
 *   for); running in the plant but down in the fork, it restarts now (its next trip stays where the fork drew it);
 * - the measured process state: reactor temperature, outlet A and B, jacket temperature, preheater outlet;
 * - the operating point: the measured reactor temperature, feed flow and preheater outlet become the setpoint layer's
 *   target at once (the level's own layer works on from there, as from a moved setpoint);
 * - the jacket cleaning: a reactor in maintenance in the plant but not in the fork starts a full cleaning now;
 * - the twin's estimates (`snapshot.estimated`), each only when given: `catalystActivity` now (it then decays at the
 *   fork's deactivation rate, the learned one where the twin applied it), `foulingResistance` now (the cycle's fouling
 *   rate stays the fork's draw), `feedConcentration` (the feed tank's and the supply's A now; the supply then drifts
 *   from there on the fork's own draws).
 * Not copied (the fork keeps its own): a pump trip or a cleaning in the fork that the plant does not have (the fork's
 * mechanics have them scheduled), the valve's stiction, C and D in the reactor (not measured), the tank contents (the
 * tanks have no working volume: their content is the count of product, which a forecast takes from the stream and adds
 * the fork's increment to), the released grade, and the controllers' and estimators' learned state.
 */
import type { PlantSnapshot, SynchroniseResult, UnitSnapshot } from '../runtime/synchronise.ts';
import type { PetrochemicalSimulation } from './petrochemical-simulation.ts';
import { S } from './plant.ts';

/** Estimate names the process plant takes. */
export const PROCESS_ESTIMATES = ['catalystActivity', 'foulingResistance', 'feedConcentration'] as const;

export function synchroniseProcess(run: PetrochemicalSimulation, snapshot: PlantSnapshot): SynchroniseResult {
  const copied: string[] = [];
  const skipped: string[] = [];
  const now = run.sim.now;
  const y = run.plant.state;
  const unit = (id: string): UnitSnapshot | undefined => snapshot.units.find((u) => u.id === id);
  const value = (u: UnitSnapshot | undefined, name: string): number => {
    const v = u?.measured?.[name];
    return typeof v === 'number' && Number.isFinite(v) ? v : NaN;
  };

  const pump = unit('feed-pump');
  if (pump?.state !== undefined) {
    const forkDown = now < run.feed.pumpTripUntil;
    if (pump.state === 'down' && !forkDown) {
      run.feed.pumpTripUntil = now + run.model.feedPump.mttrHours;
      copied.push('feed-pump: down (for the mean repair time)');
    } else if (pump.state !== 'down' && forkDown) {
      run.feed.pumpTripUntil = now;
      copied.push('feed-pump: running');
    }
  }

  const reactor = unit('reactor');
  const write = (index: number, v: number, what: string, valid: (v: number) => boolean) => {
    if (!Number.isFinite(v)) return;
    if (!valid(v)) {
      skipped.push(`${what} (${v} is not a physical value)`);
      return;
    }
    y[index] = v;
    copied.push(what);
  };
  const temperature = (v: number) => v > -50 && v < 500;
  const concentration = (v: number) => v >= 0 && v < 20;
  write(S.T, value(reactor, 'temperature'), 'reactor: temperature', temperature);
  write(S.cA, value(reactor, 'outlet A'), 'reactor: outlet A', concentration);
  write(S.cB, value(reactor, 'outlet B'), 'reactor: outlet B', concentration);
  write(S.TK, value(reactor, 'jacket temperature'), 'reactor: jacket temperature', temperature);
  const preheater = unit('preheater');
  write(S.T0, value(preheater, 'temperature'), 'preheater: outlet temperature', temperature);

  if (reactor?.state === 'maintenance') {
    if (run.cleaningNow) skipped.push('reactor: maintenance (cleaning in the fork already)');
    else {
      run.orderCleaning();
      copied.push('reactor: cleaning started');
    }
  } else if (reactor?.state !== undefined && run.cleaningNow) skipped.push('reactor: in service (cleaning in the fork)');

  // The operating point, while the feed flows in both.
  const flow = value(pump, 'flow') * 1000; // m3/h to L/h
  const T = value(reactor, 'temperature');
  const T0 = value(preheater, 'temperature');
  if (flow > 0 && Number.isFinite(T) && Number.isFinite(T0) && run.plant.pumpRunning && now >= run.feed.pumpTripUntil) {
    run.decisions.adoptOperatingPoint(T, Math.min(flow, run.plant.spec.maxFlow), T0);
    copied.push('setpoints: operating point');
  }

  const estimated = snapshot.estimated ?? {};
  for (const name of Object.keys(estimated)) {
    if (!(PROCESS_ESTIMATES as readonly string[]).includes(name)) skipped.push(`${name} (not an estimate this plant takes: ${PROCESS_ESTIMATES.join(', ')})`);
  }
  const activity = estimated.catalystActivity;
  if (activity !== undefined) {
    if (activity > 0 && activity <= 2) {
      run.setCatalystActivity(activity);
      copied.push('reactor: catalyst activity');
    } else skipped.push(`reactor: catalyst activity (${activity} is not in (0, 2])`);
  }
  const fouling = estimated.foulingResistance;
  if (fouling !== undefined) {
    if (Number.isFinite(fouling) && fouling >= 0) {
      if (run.cleaningNow) skipped.push('reactor: jacket fouling (cleaning in the fork)');
      else {
        run.jacket.setFouling(fouling);
        copied.push('reactor: jacket fouling');
      }
    } else skipped.push(`reactor: jacket fouling (${fouling} is not a resistance)`);
  }
  const cA0 = estimated.feedConcentration;
  if (cA0 !== undefined) {
    if (cA0 > 0 && cA0 < 20) {
      y[S.tankCA0] = cA0;
      run.plant.env.supplyCA0 = cA0;
      copied.push('feed-pump: feed concentration');
    } else skipped.push(`feed-pump: feed concentration (${cA0} is not in (0, 20) mol/L)`);
  }
  return { copied, skipped };
}
