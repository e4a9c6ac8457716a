/**
 * What a flow line accepts from outside: preventive maintenance of a station that can fail and has a `pmTime` (the same
 * mechanics as the L3 planner's maintenance: the life is cut short, a maintenance time drawn, the repair set aside). A
 * flow line dispatches first in first out and has no setpoints, so rule and setpoint commands are refused.
 */
import { makeControl, type PlantControl } from '../runtime/control.ts';
import type { FlowSimulation } from './flow-simulation.ts';

export function flowControl(flow: FlowSimulation): PlantControl {
  const maintainable = [...flow.maintainOnRequest.keys()];
  return makeControl(
    flow.sim,
    { maintainable, rules: [], setpoints: [] },
    (command) => {
      if (command.kind === 'maintain') flow.maintainOnRequest.get(command.unit)!();
    },
    (command) => {
      if (command.kind !== 'maintain') return undefined;
      const station = flow.stations.find((s) => s.id === command.unit);
      return station?.down ? `maintain: station ${command.unit} is down or already in maintenance` : undefined;
    },
  );
}
