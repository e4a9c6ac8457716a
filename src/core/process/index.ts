/**
 * The petrochemical plant as a runnable model: its capabilities, its KPIs and how to start one replication.
 */
import type { KpiDefinition } from '../experiment/kpi.ts';
import type { CapabilityLevels } from '../experiment/levels.ts';
import type { RunnableModel } from '../experiment/runnable.ts';
import { petrochemicalNotes } from './findings.ts';
import type { PetrochemicalModel } from '../model/petrochemical-model.ts';
import { PROCESS_CAPABILITIES, PetrochemicalSimulation } from './petrochemical-simulation.ts';
import { PETROCHEMICAL_TUNING } from './tuning.ts';

export { PROCESS_CAPABILITIES, PetrochemicalSimulation } from './petrochemical-simulation.ts';

/** KPIs of the process plant; the five survey keys come first. */
/** Why a petrochemical KPI can have no value yet (a ratio whose denominator is still zero), shown as "no data: <reason>". */
function processNoData(key: string): string {
  if (/^(operatingCost|energyUtilization|energyPerTonne|efficiency|profit)$/.test(key)) return 'no on-spec product yet';
  if (key === 'yield') return 'no reactant used yet';
  if (key === 'defectRate') return 'no product yet';
  if (key === 'changeoverTime' || key === 'gradeChangeOffSpec') return 'no grade change yet';
  if (key.startsWith('development')) return 'new grade not released yet';
  return 'warm-up not over';
}

const PROCESS_KPI_LIST: readonly KpiDefinition[] = [
  { key: 'efficiency', label: 'Production efficiency: on-spec B per calendar hour', unit: 't/h', better: 'higher' },
  { key: 'energyUtilization', label: 'Energy utilisation: on-spec B per GJ of fuel and steam', unit: 't/GJ', better: 'higher' },
  { key: 'operatingCost', label: 'Operating cost per tonne of on-spec B', unit: '$/t', better: 'lower' },
  { key: 'developmentCycle', label: 'New-grade development: plant trials until a grade of unknown operating window is qualified', unit: 'h', better: 'lower' },
  { key: 'defectRate', label: 'Off-spec share of B produced', unit: '%', better: 'lower' },
  { key: 'yield', label: 'On-spec B per A consumed', unit: 'mol %', better: 'higher' },
  { key: 'energyPerTonne', label: 'Fuel and steam per tonne of on-spec B', unit: 'GJ/t', better: 'lower' },
  { key: 'profit', label: 'Operating margin', unit: '$/h', better: 'higher' },
  {
    key: 'changeoverTime',
    label: 'Grade changeover: release of a known grade to steady on-spec production, hours with feed (changes cut off by the run end censored)',
    unit: 'h',
    better: 'lower',
  },
  { key: 'developmentCost', label: "Cost of the new grade's trials: production sold as off-spec and lab analyses", unit: 'k$', better: 'lower' },
  { key: 'developmentTrials', label: 'Plant trials to qualify the new grade', unit: '1', better: 'lower' },
  { key: 'gradeChangeOffSpec', label: 'Off-spec B made per grade change', unit: 't', better: 'lower' },
  { key: 'qualityError', label: 'Mean error of the quality the decisions see (vs the true composition)', unit: 'mol/L', better: 'lower' },
  { key: 'iaeReactorT', label: 'IAE of the reactor temperature', unit: 'K h/d', better: 'lower' },
  { key: 'sdReactorT', label: 'Reactor temperature sd about setpoint', unit: 'K', better: 'lower' },
  { key: 'alarms', label: 'High-temperature alarms', unit: '1/d', better: 'lower' },
  { key: 'violations', label: 'Time above the alarm or the separator limit', unit: '%', better: 'lower' },
  { key: 'availability', label: 'Time with feed flowing', unit: '%', better: 'higher' },
  { key: 'cleanings', label: 'Jacket cleanings', unit: 'per 30 d', better: 'neither' },
];

export const PROCESS_KPIS: readonly KpiDefinition[] = PROCESS_KPI_LIST.map((kpi) => ({ noData: processNoData(kpi.key), ...kpi }));

export function startPetrochemical(model: PetrochemicalModel, seed: number, capabilities: CapabilityLevels): PetrochemicalSimulation {
  return new PetrochemicalSimulation(model, seed, capabilities);
}

/** The runnable form of a petrochemical model file: hours as the time unit, three levels, five capabilities. */
export function petrochemicalRunnable(model: PetrochemicalModel): RunnableModel {
  return {
    name: model.name,
    timeUnit: 'hour',
    unitsPerDay: 24,
    defaultDays: model.defaultDays,
    levels: ['L1', 'L2', 'L3'],
    capabilities: PROCESS_CAPABILITIES,
    kpis: PROCESS_KPIS,
    start: ({ seed, capabilities }) => startPetrochemical(model, seed, capabilities),
    notes: petrochemicalNotes,
    tuning: PETROCHEMICAL_TUNING,
  };
}
