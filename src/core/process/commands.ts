/**
 * What the petrochemical plant accepts from outside: a jacket cleaning of the reactor (`maintain reactor`), and the
 * reactor temperature and feed setpoints within the operating window (the optimiser's lower temperature bound to a
 * kelvin under the high alarm; 40 % to 100 % of the pump's maximum flow). It has no dispatching rule.
 */
import { makeControl, type PlantControl } from '../runtime/control.ts';
import type { PetrochemicalSimulation } from './petrochemical-simulation.ts';

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
      ],
    },
    (command) => {
      if (command.kind === 'maintain') plant.orderCleaning();
      else if (command.kind === 'setpoint') plant.moveSetpoint(command.name as 'reactor-temperature' | 'feed', command.value);
    },
    (command) => (command.kind === 'maintain' && plant.cleaningNow ? 'maintain: the reactor jacket is being cleaned already' : undefined),
  );
}
