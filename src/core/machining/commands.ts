/**
 * What the 3C plant accepts from outside. `maintain cnc-k`: the cell gets a preventive maintenance as soon as it is
 * free (at once if it is idle; after its lot otherwise; after a repair if it is down), done by an operator as any PM.
 * `dispatching-rule`: the cells choose their next lot by that library rule (with the true set-up times) instead of the
 * level's own dispatcher; `default` hands dispatching back.
 */
import { makeControl, type PlantControl } from '../runtime/control.ts';
import type { MachiningPlant } from './plant.ts';

/** Rules a cell can choose its next lot by (single-machine rules of the library, and its learned dispatcher). */
export const MACHINING_COMMAND_RULES = ['default', 'fifo', 'spt', 'lpt', 'edd', 'cr', 'atc', 'learned'] as const;

export function machiningControl(plant: MachiningPlant): PlantControl {
  const cellOf = (unit: string) => plant.cells[Number(unit.slice('cnc-'.length)) - 1]!;
  return makeControl(
    plant.sim,
    { maintainable: plant.cells.map((c) => `cnc-${c.index + 1}`), rules: MACHINING_COMMAND_RULES, setpoints: [] },
    (command) => {
      if (command.kind === 'maintain') {
        const cell = cellOf(command.unit);
        plant.maintenanceOrders.add(cell.index);
        plant.cnc.cellFree(cell);
      } else if (command.kind === 'dispatching-rule') {
        plant.dispatchingRule = command.rule === 'default' ? null : (command.rule as Exclude<(typeof MACHINING_COMMAND_RULES)[number], 'default'>);
        // Idle cells look again under the new rule.
        for (const cell of plant.cells) plant.cnc.cellFree(cell);
      }
    },
    (command) => {
      if (command.kind !== 'maintain') return undefined;
      const cell = cellOf(command.unit);
      if (plant.maintenanceOrders.has(cell.index) || plant.pmPending(cell)) return `maintain: ${command.unit} already has a maintenance under way or ordered`;
      return undefined;
    },
  );
}
