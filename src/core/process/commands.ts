/**
 * What the petrochemical plant accepts from outside: a jacket cleaning of the reactor (`maintain reactor`), the reactor
 * temperature and feed setpoints within the operating window (the optimiser's lower temperature bound to a kelvin under
 * the high alarm; 40 % to 100 % of the pump's maximum flow), and `rto-catalyst-activity`, the catalyst activity the
 * setpoint layer's model assumes (0.05 to 1; the model file's fresh catalyst is 1): a twin that has learned the plant's
 * activity hands it to the RTO, which then optimises (and reads its feed estimate through) the plant as it is. That is
 * decision logic, not physics: the catalyst itself is unchanged. Refused where the setpoint layer runs no model (L1,
 * the operator's procedure). It has no dispatching rule.
 */
import { makeControl, type PlantControl } from '../runtime/control.ts';
import type { PetrochemicalSimulation } from './petrochemical-simulation.ts';

/** The setpoint that sets the catalyst activity of the RTO's model. */
export const RTO_ACTIVITY = 'rto-catalyst-activity';

export interface ProcessCommandLimits {
  minTemperature: number;
  maxTemperature: number;
  minFeed: number;
  maxFeed: number;
}

export function processControl(plant: PetrochemicalSimulation, limits: ProcessCommandLimits): PlantControl {
  return makeControl(
    plant.sim,
    {
      maintainable: ['reactor'],
      rules: [],
      setpoints: [
        { name: 'reactor-temperature', unitId: 'reactor', unit: '°C', min: limits.minTemperature, max: limits.maxTemperature },
        { name: 'feed', unitId: 'feed-pump', unit: 'm³/h', min: limits.minFeed, max: limits.maxFeed },
        { name: RTO_ACTIVITY, unitId: 'reactor', unit: '1', min: 0.05, max: 1 },
      ],
    },
    (command) => {
      if (command.kind === 'maintain') plant.orderCleaning();
      else if (command.kind === 'setpoint' && command.name === RTO_ACTIVITY) plant.setModelActivity(command.value);
      else if (command.kind === 'setpoint') plant.moveSetpoint(command.name as 'reactor-temperature' | 'feed', command.value);
    },
    (command) => {
      if (command.kind === 'maintain' && plant.cleaningNow) return 'maintain: the reactor jacket is being cleaned already';
      if (command.kind === 'setpoint' && command.name === RTO_ACTIVITY && plant.levels.setpoints === 'L1')
        return `setpoint ${RTO_ACTIVITY}: the setpoint layer at L1 (the operator's procedure) runs no model to update`;
      return undefined;
    },
  );
}
