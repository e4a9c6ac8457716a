import { describe, expect, it } from 'vitest';
import { checkLayout, connect, emptyDocument, fromModel, placeUnit, setFleet, toModel, type LayoutDocument } from '../../src/app/editor/document.ts';
import { runnable } from '../../src/core/models.ts';
import { FlowSimulation } from '../../src/core/flow/flow-simulation.ts';
import type { FlowModel } from '../../src/core/model/flow-model.ts';
import { validateModel } from '../../src/core/model/load.ts';

/** source -> cnc-1 -> (AGV route, 6 m) -> cnc-2 -> sink. */
function agvLine(): LayoutDocument {
  let doc = emptyDocument('AGV line');
  doc = placeUnit(doc, 'source', 0, 0).doc;
  doc = placeUnit(doc, 'cnc', 4, 0).doc;
  doc = placeUnit(doc, 'cnc', 10, 0).doc;
  doc = placeUnit(doc, 'sink', 14, 0).doc;
  for (const [from, to, kind] of [
    ['source-1', 'cnc-1', 'direct'],
    ['cnc-1', 'cnc-2', 'agv'],
    ['cnc-2', 'sink-1', 'direct'],
  ] as const) {
    const result = connect(doc, from, to, kind);
    if ('refused' in result) throw new Error(result.refused);
    doc = result.doc;
  }
  return doc;
}

describe('the editor sets the AGV fleet', () => {
  it('without a fleet an AGV route stays a plain delay; with one, the model has the fleet and the route names it', () => {
    const plain = toModel(agvLine()).model;
    expect(plain.fleets).toBeUndefined();
    expect(plain.conveyors?.[0]).not.toHaveProperty('fleet');
    const doc = setFleet(agvLine(), { vehicles: 2, speed: 30, loadTime: 0.5, unloadTime: 0.25, dispatching: 'fcfs' });
    const model = validateModel(toModel(doc).model, 'edited') as FlowModel;
    expect(model.fleets).toEqual([{ id: 'agv-fleet', vehicles: 2, speed: 30, loadTime: 0.5, unloadTime: 0.25, dispatching: 'fcfs' }]);
    expect(model.conveyors[0]!.fleet).toBe('agv-fleet');
    const run = new FlowSimulation(model, 1);
    run.sim.runUntil(2000);
    expect(run.kpis().vehicleUtilization).toBeGreaterThan(0);
    expect(runnable(model).capabilities).toContain('transport');
  });

  it('the fleet round-trips through a layout file and can be removed', () => {
    const doc = setFleet(agvLine(), { vehicles: 3, speed: 45, loadTime: 0.2, unloadTime: 0.2, dispatching: 'nearest' });
    const back = fromModel(validateModel(toModel(doc).model, 'edited') as FlowModel);
    expect(back.fleet).toEqual(doc.fleet);
    expect(setFleet(back, undefined).fleet).toBeUndefined();
  });

  it('the battery round-trips through a layout file, and a charger off the AGV routes is reported', () => {
    const battery = { capacity: 60, chargeTime: 15, threshold: 0.4, charger: 'cnc-2' };
    const doc = setFleet(agvLine(), { vehicles: 1, speed: 30, loadTime: 0.5, unloadTime: 0.5, dispatching: 'nearest', battery });
    expect(checkLayout(doc)).toEqual([]);
    const model = validateModel(toModel(doc).model, 'edited') as FlowModel;
    expect(model.fleets![0]!.battery).toEqual(battery);
    expect(fromModel(model).fleet).toEqual(doc.fleet);
    const run = new FlowSimulation(model, 1);
    run.sim.runUntil(2000);
    expect(run.fleets[0]!.statistics(run.sim.now).charging).toBeGreaterThan(0);
    // The source is no station at an AGV route's end: the check names it, as the model's schema would refuse it.
    const off = setFleet(doc, { ...doc.fleet!, battery: { ...battery, charger: 'source-1' } });
    expect(checkLayout(off).filter((p) => p.code === 'chargerOffRoute')).toEqual([
      { code: 'chargerOffRoute', units: ['source-1'], links: [], names: ['source-1'] },
    ]);
    expect(() => validateModel(toModel(off).model, 'edited')).toThrow(/charger/);
  });
});
