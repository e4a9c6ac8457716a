import { describe, expect, it } from 'vitest';
import { equipmentInstances, partsOf } from '../src/app/scene/equipment.ts';

const MACHINING = ['cnc', 'cnc', 'cnc', 'cnc', 'cnc', 'cnc', 'deburr', 'anodize', 'laser', 'inspection', 'packing'];
const PROCESS = ['pump', 'heater', 'reactor', 'column', 'tank', 'tank'];

describe('procedural equipment', () => {
  it('gives every unit a part painted in its state colour (also what a click selects) and a floor plate', () => {
    for (const kind of [...new Set([...MACHINING, ...PROCESS]), 'robot', 'separator', 'source', 'something-new']) {
      const parts = partsOf(kind);
      expect(
        parts.some((p) => p.paint === 'state'),
        kind,
      ).toBe(true);
      expect(parts[0]!.key).toBe('plate');
    }
  });

  it('draws by part type, not by machine: a plant with ten times the cells needs no more draw calls', () => {
    const plant = equipmentInstances(MACHINING);
    const large = equipmentInstances([...Array.from({ length: 60 }, () => 'cnc'), ...MACHINING.slice(6)]);
    expect(large.length).toBe(plant.length);
    expect(large.find((g) => g.part.key === 'cnc-spindle')!.units.length).toBe(60);
    // Each part type lists its units once, in unit order.
    for (const { units } of plant) expect([...units]).toEqual([...units].sort((a, b) => a - b));
  });

  it('has what makes each piece of equipment read as itself, with the motion the live state drives', () => {
    const motions = (kind: string) => Object.fromEntries(partsOf(kind).map((p) => [p.key, p.motion]));
    expect(motions('cnc')).toMatchObject({ 'cnc-door': 'door', 'cnc-spindle': 'spin-y', 'robot-arm': 'arm' });
    expect(motions('heater')).toMatchObject({ 'heater-flame': 'flame' });
    expect(motions('tank')).toMatchObject({ 'tank-content': 'level' });
    expect(motions('anodize')).toMatchObject({ 'anodize-hoist': 'shuttle-x' });
    expect(motions('inspection')).toMatchObject({ 'inspection-bridge': 'shuttle-z' });
    expect(motions('reactor')).toMatchObject({ 'reactor-agitator': 'spin-y' });
    expect(motions('pump')).toMatchObject({ 'pump-coupling': 'spin-x' });
    // The merged geometries build (primitives that move together are one mesh).
    for (const kind of [...MACHINING, ...PROCESS]) for (const part of partsOf(kind)) expect(part.geometry().getAttribute('position').count).toBeGreaterThan(0);
  });
});
