/**
 * The generic flow model as a runnable model (experiment/runnable.ts): its KPIs and levels, and one replication.
 */
import type { RunnableModel } from '../experiment/runnable.ts';
import type { KpiDefinition } from '../experiment/kpi.ts';
import { unitsPerDay, type FlowModel } from '../model/flow-model.ts';
import { FlowSimulation, hasBreakdowns } from './flow-simulation.ts';

function flowKpis(model: FlowModel): KpiDefinition[] {
  const afterWarmup = 'no simulated time after the warmup yet';
  const short = { second: 's', minute: 'min', hour: 'h', day: 'd' }[model.timeUnit];
  return [
    { key: 'throughput', label: 'Throughput', unit: 'jobs/h', better: 'higher', noData: afterWarmup },
    { key: 'wip', label: 'Work in process', unit: 'jobs', better: 'lower', noData: afterWarmup },
    { key: 'timeInSystem', label: 'Time in system', unit: short, better: 'lower', noData: 'no job left the line after the warmup yet' },
    { key: 'utilization', label: 'Mean station utilisation', unit: '%', better: 'neither', noData: afterWarmup },
    ...(hasBreakdowns(model)
      ? [{ key: 'availability', label: 'Mean availability of stations that break down', unit: '%', better: 'higher', noData: afterWarmup } as const]
      : []),
    ...(model.fleets?.length
      ? ([
          { key: 'vehicleUtilization', label: 'AGV utilisation', unit: '%', better: 'neither' },
          { key: 'emptyTravel', label: 'AGV empty travel (share of driving)', unit: '%', better: 'lower' },
          { key: 'transportWait', label: 'Transport waiting time (call to vehicle)', unit: short, better: 'lower' },
        ] as const)
      : []),
  ];
}

/** The runnable form of a validated flow model. */
export function flowRunnable(model: FlowModel): RunnableModel {
  return {
    name: model.name,
    timeUnit: model.timeUnit,
    unitsPerDay: unitsPerDay(model.timeUnit),
    defaultDays: model.defaultDays,
    // Dispatching is local FIFO everywhere (level 1). A line with `maintenance` has one capability: at L1 breakdowns
    // wait for the operator's patrol, at L2 the station alarms the MES at once, and where a station can be
    // maintained (`pmTime`) L3 adds a planner that learns from the station's lives when maintaining first pays.
    // A line with AGV fleets has a transport capability: the fleet's own rule at L1 and L2, look-ahead at L3.
    levels:
      model.fleets?.length || (model.maintenance && model.stations.some((s) => s.pmTime !== undefined))
        ? ['L1', 'L2', 'L3']
        : model.maintenance
          ? ['L1', 'L2']
          : ['L1'],
    capabilities: [...(model.maintenance ? ['maintenance'] : []), ...(model.fleets?.length ? ['transport'] : [])],
    kpis: flowKpis(model),
    start: ({ seed, capabilities }) => {
      const level = capabilities.maintenance ?? 'L1';
      return new FlowSimulation(model, seed, {
        detection: model.maintenance && level === 'L1' ? 'patrol' : 'alarm',
        preventive: level === 'L3',
        lookAhead: capabilities.transport === 'L3',
      });
    },
  };
}
