import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  checkLayout,
  connect,
  copy,
  deleteItems,
  editParams,
  emptyDocument,
  fromModel,
  fromPlantScene,
  layoutFile,
  moveUnits,
  paste,
  placeUnit,
  plantScene,
  record,
  redo,
  renameUnit,
  rotateUnits,
  setPatrolInterval,
  startHistory,
  toModel,
  transportTime,
  undo,
  unitsInRect,
  type LayoutDocument,
  type LinkKind,
  type StationParams,
} from '../../src/app/editor/document.ts';
import { runnable } from '../../src/core/models.ts';
import { FlowSimulation } from '../../src/core/flow/flow-simulation.ts';
import type { FlowModel } from '../../src/core/model/flow-model.ts';
import { parseModel, validateModel } from '../../src/core/model/load.ts';
import { parseSceneLayout } from '../../src/core/model/scene.ts';

const root = join(import.meta.dirname, '../..');

function linked(doc: LayoutDocument, from: string, to: string, kind: LinkKind = 'conveyor'): LayoutDocument {
  const result = connect(doc, from, to, kind);
  if ('refused' in result) throw new Error(`refused: ${result.refused}`);
  return result.doc;
}

/** source -> cnc-1 -> (belt) -> cnc-2 -> sink, laid out left to right 4 m apart. */
function twoMachineLine(): LayoutDocument {
  let doc = emptyDocument('Two machines');
  doc = placeUnit(doc, 'source', 0, 0).doc;
  doc = placeUnit(doc, 'cnc', 4, 0).doc;
  doc = placeUnit(doc, 'cnc', 10, 0).doc;
  doc = placeUnit(doc, 'sink', 14, 0).doc;
  doc = linked(doc, 'source-1', 'cnc-1');
  doc = linked(doc, 'cnc-1', 'cnc-2');
  doc = linked(doc, 'cnc-2', 'sink-1');
  return doc;
}

describe('layout editor document', () => {
  it('places units on the grid with fresh ids and default parameters', () => {
    const { doc, id } = placeUnit(emptyDocument(), 'cnc', 1.26, -0.74);
    expect(id).toBe('cnc-1');
    expect(doc.units[0]).toMatchObject({ id: 'cnc-1', kind: 'cnc', x: 1.5, z: -0.5, rotation: 0, params: { servers: 1 } });
    expect(placeUnit(doc, 'cnc', 5, 5).id).toBe('cnc-2');
  });

  it('moves and rotates with snapping, and a move that lands on the same cell changes nothing', () => {
    const doc = twoMachineLine();
    const moved = moveUnits(doc, ['cnc-1', 'cnc-2'], 1.1, 0.2);
    expect(moved.units.find((u) => u.id === 'cnc-1')).toMatchObject({ x: 5, z: 0 });
    expect(moved.units.find((u) => u.id === 'cnc-2')).toMatchObject({ x: 11, z: 0 });
    expect(moveUnits(doc, ['cnc-1'], 0.1, 0.1)).toBe(doc);
    const turned = rotateUnits(rotateUnits(rotateUnits(rotateUnits(doc, ['cnc-1']), ['cnc-1']), ['cnc-1']), ['cnc-1'], 90);
    expect(turned.units.find((u) => u.id === 'cnc-1')!.rotation).toBe(0);
    expect(rotateUnits(doc, ['cnc-1'], -90).units.find((u) => u.id === 'cnc-1')!.rotation).toBe(270);
  });

  it('connects units; links out of a source or into a sink are direct; refuses self, duplicate and backwards links', () => {
    const doc = twoMachineLine();
    expect(doc.links.map((l) => [l.id, l.kind])).toEqual([
      ['link-1', 'direct'],
      ['belt-1', 'conveyor'],
      ['link-2', 'direct'],
    ]);
    expect(connect(doc, 'cnc-1', 'cnc-1', 'conveyor')).toEqual({ refused: 'self' });
    expect(connect(doc, 'cnc-1', 'cnc-2', 'agv')).toEqual({ refused: 'duplicate' });
    expect(connect(doc, 'cnc-1', 'source-1', 'conveyor')).toEqual({ refused: 'intoSource' });
    expect(connect(doc, 'sink-1', 'cnc-1', 'conveyor')).toEqual({ refused: 'outOfSink' });
    // Belt length is the distance on the plan: 6 m at 6 m/min is one minute.
    expect(transportTime(doc, doc.links[1]!)).toBe(1);
  });

  it('undo and redo step through every command; a new command drops the redo branch', () => {
    let history = startHistory(emptyDocument());
    const steps: LayoutDocument[] = [history.present];
    const apply = (next: LayoutDocument) => {
      history = record(history, next);
      steps.push(history.present);
    };
    apply(placeUnit(history.present, 'source', 0, 0).doc);
    apply(placeUnit(history.present, 'cnc', 4, 0).doc);
    apply(linked(history.present, 'source-1', 'cnc-1'));
    apply(moveUnits(history.present, ['cnc-1'], 2, 0));
    apply(rotateUnits(history.present, ['cnc-1']));
    apply(editParams(history.present, 'cnc-1', { servers: 2, serviceTime: { dist: 'constant', value: 1 }, bufferCapacity: 3 }));
    apply(paste(history.present, copy(history.present, ['cnc-1'])).doc);
    apply(deleteItems(history.present, ['source-1']));
    expect(history.past).toHaveLength(8);
    for (let i = steps.length - 2; i >= 0; i--) {
      history = undo(history);
      expect(history.present).toBe(steps[i]);
    }
    expect(undo(history)).toBe(history);
    for (let i = 1; i < steps.length; i++) {
      history = redo(history);
      expect(history.present).toBe(steps[i]);
    }
    history = undo(undo(history));
    history = record(history, placeUnit(history.present, 'sink', 20, 0).doc);
    expect(history.future).toHaveLength(0);
    expect(record(history, history.present)).toBe(history);
  });

  it('copy and paste give fresh ids, shift the copies and remap the links among them', () => {
    const doc = twoMachineLine();
    const { doc: pasted, ids } = paste(doc, copy(doc, ['cnc-1', 'cnc-2']), 0, 4);
    expect(ids).toEqual(['cnc-3', 'cnc-4']);
    expect(pasted.units.find((u) => u.id === 'cnc-3')).toMatchObject({ x: 4, z: 4 });
    const belts = pasted.links.filter((l) => l.from === 'cnc-3');
    expect(belts).toEqual([{ id: 'belt-2', kind: 'conveyor', from: 'cnc-3', to: 'cnc-4', speed: 6 }]);
    // Links to units left out of the copy are not copied.
    expect(pasted.links).toHaveLength(4);
  });

  it('deleting a unit deletes the links that touch it; rubber-band selection picks units by centre', () => {
    const doc = deleteItems(twoMachineLine(), ['cnc-2']);
    expect(doc.units.map((u) => u.id)).toEqual(['source-1', 'cnc-1', 'sink-1']);
    expect(doc.links.map((l) => l.id)).toEqual(['link-1']);
    expect(unitsInRect(twoMachineLine(), 11, -1, 3, 1)).toEqual(['cnc-1', 'cnc-2']);
  });

  it('a connected line has no problems; the checks name overlapping, unfed and dead-end units and dangling links', () => {
    expect(checkLayout(twoMachineLine())).toEqual([]);
    expect(checkLayout(emptyDocument()).map((p) => p.code)).toEqual(['empty']);

    let doc = placeUnit(twoMachineLine(), 'inspection', 4.5, 0.5).doc; // on top of cnc-1, joined to nothing
    const problems = checkLayout(doc);
    expect(problems).toContainEqual(expect.objectContaining({ code: 'overlap', units: ['cnc-1', 'inspection-1'] }));
    expect(problems).toContainEqual(expect.objectContaining({ code: 'unfed', units: ['inspection-1'] }));
    expect(problems).toContainEqual(expect.objectContaining({ code: 'leadsNowhere', units: ['inspection-1'] }));
    doc = moveUnits(doc, ['inspection-1'], 15, 0);
    expect(checkLayout(doc).filter((p) => p.code === 'overlap')).toEqual([]);
    // Two 2.4 x 2 m cells 2 m apart overlap side by side, and not once both are turned a quarter turn.
    let pair = placeUnit(placeUnit(emptyDocument(), 'cnc', 0, 0).doc, 'cnc', 2, 0).doc;
    expect(checkLayout(pair).filter((p) => p.code === 'overlap')).toHaveLength(1);
    pair = rotateUnits(pair, ['cnc-1', 'cnc-2']);
    expect(checkLayout(pair).filter((p) => p.code === 'overlap')).toHaveLength(0);

    const dangling: LayoutDocument = {
      ...twoMachineLine(),
      links: [...twoMachineLine().links, { id: 'x', kind: 'conveyor', from: 'cnc-2', to: 'ghost', speed: 1 }],
    };
    expect(checkLayout(dangling)).toContainEqual({ code: 'danglingLink', units: ['cnc-2'], links: ['x'], names: ['x', 'ghost'] });

    const looped = linked(twoMachineLine(), 'cnc-2', 'cnc-1');
    expect(checkLayout(looped)).toContainEqual(expect.objectContaining({ code: 'cycle', units: ['cnc-1', 'cnc-2'] }));
  });

  it('toModel gives a valid flow model with the belt as a conveyor of measured length; it runs and the belt adds its time', () => {
    const doc = twoMachineLine();
    const { model, scene } = toModel(doc);
    expect(model.routings).toEqual([{ id: 'route-1', steps: ['cnc-1', 'cnc-2'], sink: 'sink-1' }]);
    expect(model.conveyors).toEqual([{ id: 'belt-1', from: 'cnc-1', to: 'cnc-2', kind: 'belt', length: 6, speed: 6 }]);
    expect(scene.units['cnc-2']).toEqual({ position: [10, 0], rotation: 0, kind: 'cnc' });
    const file = layoutFile(doc);
    const validated = validateModel(JSON.parse(JSON.stringify(file)), 'line.json') as FlowModel;
    expect(validated.scene?.units['sink-1']?.kind).toBe('sink');

    // Deterministic times: arrivals every 10 min, service 2 and 3, belt 6 m at 6 m/min: every job takes 2 + 1 + 3.
    let fixed = editParams(doc, 'source-1', { interarrival: { dist: 'constant', value: 10 }, onBlocked: 'wait' });
    fixed = editParams(fixed, 'cnc-1', { servers: 1, serviceTime: { dist: 'constant', value: 2 }, bufferCapacity: null });
    fixed = editParams(fixed, 'cnc-2', { servers: 1, serviceTime: { dist: 'constant', value: 3 }, bufferCapacity: null });
    const run = new FlowSimulation(validateModel(layoutFile(fixed), 'line.json') as FlowModel, 1);
    run.sim.runUntil(1000);
    expect(run.kpis().timeInSystem).toBe(6);
    const closer = moveUnits(fixed, ['cnc-2'], -3, 0); // 3 m of belt: half a minute
    const shorter = new FlowSimulation(validateModel(layoutFile(closer), 'line.json') as FlowModel, 1);
    shorter.sim.runUntil(1000);
    expect(shorter.kpis().timeInSystem).toBe(5.5);
  });

  it('a source with two paths sends jobs down each (equal weights)', () => {
    let doc = twoMachineLine();
    doc = placeUnit(doc, 'cnc', 7, 4).doc; // cnc-3 in parallel with cnc-2's path
    doc = linked(doc, 'cnc-1', 'cnc-3', 'agv');
    doc = linked(doc, 'cnc-3', 'sink-1');
    const { model } = toModel(doc);
    expect(model.sources[0]).toMatchObject({
      mix: [
        { routing: 'route-1', weight: 1 },
        { routing: 'route-2', weight: 1 },
      ],
    });
    expect(model.conveyors?.map((c) => [c.id, c.kind])).toEqual([
      ['belt-1', 'belt'],
      ['agv-1', 'agv'],
    ]);
    expect(() => validateModel(layoutFile(doc), 'line.json')).not.toThrow();
  });

  it('fromModel reads a shipped model and its scene; toModel gives the same routing and a file that validates', () => {
    const model = parseModel(readFileSync(join(root, 'factory-models/teaching/tandem5.json'), 'utf8'), 'tandem5.json') as FlowModel;
    const scene = parseSceneLayout(JSON.parse(readFileSync(join(root, 'scenes/teaching/tandem5.json'), 'utf8')), 'tandem5 scene');
    const doc = fromModel(model, scene);
    expect(doc.units.find((u) => u.id === 's3')).toMatchObject({ x: 6, z: 0, kind: 'station', name: 'Station 3' });
    // The Chinese label survives the round trip until the unit is renamed.
    expect(toModel(doc).scene.units.s3!.label).toEqual({ en: 'Station 3', zh: '工位 3' });
    expect(toModel(renameUnit(doc, 's3', 'Wash')).scene.units.s3!.label).toEqual({ en: 'Wash', zh: 'Wash' });
    const back = validateModel(layoutFile(doc), 'back.json') as FlowModel;
    expect(back.routings.map((r) => [r.steps, r.sink])).toEqual(model.routings.map((r) => [r.steps, r.sink]));
    expect(back.stations.map((s) => s.serviceTime)).toEqual(model.stations.map((s) => s.serviceTime));
  });

  it('default speeds follow the model time unit (a belt at 0.1 m/s)', () => {
    const hourly = { ...emptyDocument(), timeUnit: 'hour' as const };
    let doc = placeUnit(placeUnit(hourly, 'cnc', 0, 0).doc, 'cnc', 6, 0).doc;
    doc = linked(doc, 'cnc-1', 'cnc-2');
    expect(doc.links[0]!.speed).toBe(360);
    expect(transportTime(doc, doc.links[0]!)).toBeCloseTo(1 / 60, 12);
  });

  it('a patrol interval gives the saved line levels L1 and L2', () => {
    const doc = setPatrolInterval(twoMachineLine(), 45);
    const file = validateModel(layoutFile(doc), 'line.json') as FlowModel;
    expect(file.maintenance).toEqual({ patrolInterval: 45 });
    expect(runnable(file).levels).toEqual(['L1', 'L2']);
    expect(setPatrolInterval(doc, 45)).toBe(doc);
    expect(setPatrolInterval(doc, undefined)).toEqual(twoMachineLine());
  });

  it('a layout file round-trips: fromModel(toModel(doc)) is the document', () => {
    const doc = setPatrolInterval(rotateUnits(twoMachineLine(), ['cnc-2']), 30);
    const file = validateModel(JSON.parse(JSON.stringify(layoutFile(doc))), 'line.json') as FlowModel;
    expect(fromModel(file, file.scene)).toEqual(doc);
  });

  it('a wearing, maintainable station keeps its wear shape and maintenance time through the file, and the line offers L3', () => {
    const line = setPatrolInterval(twoMachineLine(), 60);
    const cnc = line.units.find((u) => u.kind === 'cnc')!;
    const doc = editParams(line, cnc.id, { ...(cnc.params as StationParams), mtbf: 480, mttr: 60, wearShape: 3, pmTime: 15 });
    const file = validateModel(JSON.parse(JSON.stringify(layoutFile(doc))), 'line.json') as FlowModel;
    expect(file.stations.find((s) => s.id === cnc.id)).toMatchObject({ wearShape: 3, pmTime: 15 });
    expect(fromModel(file, file.scene)).toEqual(doc);
    expect(runnable(file).levels).toEqual(['L1', 'L2', 'L3']);
  });

  it("layout only: a shipped plant's units move in its scene; labels, kinds and cameras stay as they were", () => {
    const scene = parseSceneLayout(JSON.parse(readFileSync(join(root, 'scenes/petrochemical.json'), 'utf8')), 'petrochemical scene');
    const doc = fromPlantScene('petrochemical', 'Petrochemical', scene, { reactor: 'reactor', 'feed-pump': 'pump', separator: 'mystery' });
    expect(doc.units.find((u) => u.id === 'reactor')).toMatchObject({ kind: 'reactor', x: 7.5, z: 2, label: { zh: '反应釜' } });
    expect(doc.units.find((u) => u.id === 'separator')!.kind).toBe('station'); // a kind the plan cannot draw
    const moved = rotateUnits(moveUnits(doc, ['reactor'], 0, 3), ['reactor']);
    const out = parseSceneLayout(plantScene(moved), 'out');
    expect(out.units.reactor).toEqual({ ...scene.units.reactor, position: [7.5, 5], rotation: 90 });
    expect(out.units['feed-pump']).toEqual(scene.units['feed-pump']);
    expect(out.cameras).toEqual(scene.cameras);
    expect(out.description).toBe(scene.description);
    // Only where units stand is checked: no source or sink is expected of a process plant.
    expect(checkLayout(doc).filter((p) => p.code !== 'overlap')).toEqual([]);
    expect(checkLayout(moveUnits(doc, ['reactor'], -4, 0)).map((p) => p.code)).toContain('overlap');
  });
});
