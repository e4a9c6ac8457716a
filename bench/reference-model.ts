/**
 * The engine benchmark's reference model (shared/reference/performance.md): 10 single-server exponential stations in
 * series, unlimited buffers, Poisson arrivals with mean 1.0, service means 0.9 (rho = 0.9), a fixed number of jobs.
 * Theory: mean time in system = 10 * 0.9 / (1 - 0.9) = 90.
 */
import { flowModelSchema, type FlowModel } from '../src/core/model/flow-model.ts';

export const STATIONS = 10;
export const SERVICE_MEAN = 0.9;
export const INTERARRIVAL_MEAN = 1.0;
export const THEORY_TIME_IN_SYSTEM = Math.round(((STATIONS * SERVICE_MEAN) / (1 - SERVICE_MEAN / INTERARRIVAL_MEAN)) * 1e9) / 1e9;

export function referenceModel(jobs: number): FlowModel {
  const ids = Array.from({ length: STATIONS }, (_, i) => `s${i + 1}`);
  return flowModelSchema.parse({
    kind: 'flow',
    name: `Reference tandem line, ${STATIONS} M/M/1 stations`,
    timeUnit: 'minute',
    sources: [{ id: 'arrivals', interarrival: { dist: 'exponential', mean: INTERARRIVAL_MEAN }, routing: 'line', limit: jobs }],
    stations: ids.map((id) => ({ id, serviceTime: { dist: 'exponential', mean: SERVICE_MEAN } })),
    routings: [{ id: 'line', steps: ids, sink: 'done' }],
    sinks: [{ id: 'done' }],
  });
}
