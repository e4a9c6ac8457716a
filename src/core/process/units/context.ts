/**
 * What every unit of the petrochemical plant shares: the kernel, the plant's physics (`plant.ts`, the same at every
 * level), the parameters, the level of each capability and the event log. Each unit file holds what physics its
 * equipment adds on the event side (disturbances, faults, fouling) and what each level decides about it.
 */
import type { Simulation } from '../../kernel/simulation.ts';
import type { Level } from '../../experiment/levels.ts';
import type { PetrochemicalModel } from '../../model/petrochemical-model.ts';
import type { RandomStreams } from '../../random/stream.ts';
import type { PlantEventKind } from '../../runtime/view.ts';
import type { Plant } from '../plant.ts';
import type { ProcessParameters } from '../setup.ts';

export const PROCESS_CAPABILITIES = ['control', 'setpoints', 'quality', 'maintenance', 'gradeChange'] as const;
export type ProcessCapability = (typeof PROCESS_CAPABILITIES)[number];

/** Indices of the units in `view()`. */
export const UNIT = { feedPump: 0, preheater: 1, reactor: 2, separator: 3, productTank: 4, offSpecTank: 5 } as const;

export interface ProcessContext {
  readonly sim: Simulation;
  readonly plant: Plant;
  readonly p: ProcessParameters;
  readonly model: PetrochemicalModel;
  readonly levels: Readonly<Record<ProcessCapability, Level>>;
  readonly streams: RandomStreams;
  /** Whether the warm-up is over (what happens now counts in the KPIs). */
  measuring(): boolean;
  /** Records a notable event for the event log. */
  note(unit: number, kind: PlantEventKind): void;
}
