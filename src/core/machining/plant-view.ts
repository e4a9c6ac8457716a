/**
 * The 3C plant as the app's views see it (`PlantView`): the units (CNC cells, then deburring, anodizing, laser marking,
 * inspection and packing) and their live state, read from the plant without changing it.
 */
import { UnitState, type PlantView, type UnitInfo } from '../runtime/view.ts';
import type { MachiningPlant } from './plant.ts';
import type { CellState } from './types.ts';

/**
 * Cell states map the plant's own: cutting is running, set-up is setup, failed is down, preventive maintenance is
 * maintenance, waiting for an operator is blocked, idle with nothing to run is starved. The queue of a cell is the
 * lots planned for it; of a station, the lots waiting in front of it.
 */
export function machiningView(plant: MachiningPlant): PlantView {
  const stations = [plant.deburr, null, plant.laser, plant.inspection, plant.packing] as const;
  const units: UnitInfo[] = [
    ...plant.cells.map((c) => ({ id: `cnc-${c.index + 1}`, name: `CNC cell ${c.index + 1}`, kind: 'cnc', next: ['deburr'] })),
    { id: 'deburr', name: 'Deburring / polishing', kind: 'deburr', next: ['anodize'] },
    { id: 'anodize', name: 'Anodizing line', kind: 'anodize', next: ['laser'] },
    { id: 'laser', name: 'Laser marking', kind: 'laser', next: ['inspection'] },
    { id: 'inspection', name: 'CMM / vision inspection', kind: 'inspection', next: ['packing'] },
    { id: 'packing', name: 'Packing', kind: 'packing' },
  ];
  const cellStates: Record<CellState, number> = {
    busy: UnitState.running,
    setup: UnitState.setup,
    down: UnitState.down,
    pm: UnitState.maintenance,
    'waiting-operator': UnitState.blocked,
    idle: UnitState.idle,
    standby: UnitState.idle,
    warmup: UnitState.setup,
  };
  // The last hourly vibration reading of each cell, kept by an observer of the sensor channel.
  const vibration = new Float32Array(units.length).fill(NaN);
  plant.vibration.events$.subscribe(({ cell, value }) => (vibration[cell.index] = value));
  return {
    units,
    events$: plant.notable.events$,
    signal: { name: 'vibration', unit: 'mm/s' },
    readSignals: (out) => out.set(vibration),
    predictions: [
      { name: 'remaining-life', unit: '%', decimals: 0 },
      { name: 'defect-rate', unit: '%', decimals: 2 },
    ],
    readPredictions: (out) => {
      out.fill(NaN);
      const n = units.length;
      for (let i = 0; i < plant.predictedLife.length; i++) out[i] = 100 * plant.predictedLife[i]!;
      for (let i = 0; i < plant.cells.length; i++) out[n + i] = 100 * plant.predictedDefect(plant.cells[i]!);
    },
    readWear: (out) => {
      // The tool-life counter (nominal wear since the last tool change), not the hidden true wear of this tool.
      out.fill(NaN);
      for (let i = 0; i < plant.cells.length; i++) out[i] = 100 * plant.cells[i]!.nominalWear;
    },
    readScrapped: (out) => out.set(plant.scrappedAt),
    readEnergy: (out) => {
      const now = plant.sim.now;
      const cells = plant.cells;
      for (let i = 0; i < cells.length; i++) out[i] = cells[i]!.meter.energyAt(now);
      for (let k = 0; k < stations.length; k++) {
        const station = stations[k];
        out[cells.length + k] = station ? station.meters.reduce((sum, m) => sum + m.energyAt(now), 0) : plant.anodize.meter.energyAt(now);
      }
    },
    read: (states, queues, utilization, completed) => {
      const hours = Math.max(plant.sim.now, 1e-9);
      const cells = plant.cells;
      for (let i = 0; i < cells.length; i++) {
        const cell = cells[i]!;
        let planned = 0;
        for (const lot of plant.cnc.queue) if (lot.plannedCell === i) planned++;
        const state = cellStates[cell.state];
        states[i] = state === UnitState.idle && plant.cnc.queue.length === 0 ? UnitState.starved : state;
        queues[i] = planned;
        utilization[i] = plant.cnc.runHoursNow(cell) / hours;
        if (completed) completed[i] = cell.unitsMade;
      }
      for (let k = 0; k < stations.length; k++) {
        const at = cells.length + k;
        const station = stations[k];
        if (station) {
          states[at] = station.busy > 0 ? UnitState.running : station.queue.length > 0 ? UnitState.idle : UnitState.starved;
          queues[at] = station.queue.length;
          utilization[at] = station.busyHours / (station.servers * hours);
          if (completed) completed[at] = station.unitsDone;
        } else {
          states[at] = plant.anodize.busy ? UnitState.running : UnitState.idle;
          queues[at] = plant.anodize.queue.length;
          utilization[at] = plant.anodize.busyHours / hours;
          if (completed) completed[at] = plant.anodize.unitsDone;
        }
      }
    },
  };
}
