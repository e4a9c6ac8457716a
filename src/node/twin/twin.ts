/**
 * The twin: a synchroniser fed by a source (live MQTT or a recording), the learner, the forecaster and (with --act)
 * the actor, and the report `{"kpis", "discrepancies", "forecasts", "decisions"}` when it stops.
 */
import { planExperiment, summarizeExperiment, type RunResult } from '../../core/experiment/experiment.ts';
import { presetLevels, type Level } from '../../core/experiment/levels.ts';
import { reportJson } from '../../core/experiment/report-json.ts';
import type { RunnableModel } from '../../core/experiment/runnable.ts';
import type { Discrepancy } from '../../core/twin/estimators.ts';
import { discrepancies, estimateParameters, twinKpis, type Estimate } from './learner.ts';
import { sparkplugId } from '../plant/sparkplug.ts';
import { Synchroniser, type Flag, type TwinMessage } from './synchroniser.ts';
import { ProcessLearner } from './process-learner.ts';

export interface Forecast {
  at: number;
  until: number;
  kpi: string;
  mean: number;
  ci95: [number, number];
  realised: number | null;
}

export interface Decision {
  at: number;
  unit: string;
  command: string;
  reason: string;
}

export interface TwinReport {
  kpis: object;
  /** KPI keys recomputed by the twin from the stream; the others are as the plant reported them. */
  recomputed: string[];
  discrepancies: Discrepancy[];
  estimates: Estimate[];
  forecasts: Forecast[];
  decisions: Decision[];
  flags: Flag[];
  synchronisation: { time: number; startTime: number; births: number; messages: number; skipped: number; online: boolean; stale: boolean };
}

/** Something that looks at the synchronised state after each message (the forecaster, the actor). */
export interface TwinObserver {
  afterMessage(twin: Twin, message: TwinMessage): void;
  forecasts?(): Forecast[];
  decisions?(): Decision[];
}

export class Twin {
  readonly model: RunnableModel;
  /** The model file as JSON (parameter paths are read from it). */
  readonly modelJson: unknown;
  readonly sync: Synchroniser;
  readonly observers: TwinObserver[] = [];
  /** The petrochemical plant's catalyst and fouling learner (undefined for other plants). */
  readonly processLearner: ProcessLearner | undefined;

  constructor(model: RunnableModel, modelJson: unknown, edgeNodeId: string, unitIds: readonly string[], requestRebirth?: (reason: string) => void) {
    this.model = model;
    this.modelJson = modelJson;
    this.sync = new Synchroniser({
      edgeNodeId,
      unitIds,
      ...(requestRebirth ? { requestRebirth } : {}),
      ...(model.measurementStart !== undefined ? { measurementStart: model.measurementStart } : {}),
    });
    this.processLearner = (modelJson as { kind?: unknown }).kind === 'petrochemical' ? new ProcessLearner(modelJson) : undefined;
    if (this.processLearner) this.observers.push(this.processLearner);
  }

  receive(message: TwinMessage): void {
    this.sync.receive(message);
    for (const o of this.observers) o.afterMessage(this, message);
  }

  estimates(): Estimate[] {
    return [...estimateParameters(this.sync, this.modelJson), ...(this.processLearner?.estimates() ?? [])];
  }

  report(): TwinReport {
    const sync = this.sync;
    const { values, recomputed } = twinKpis(
      sync,
      this.model.kpis.map((k) => k.key),
    );
    const level = String(sync.node['Plant/Level'] ?? 'L1') as Level;
    const seed = Number(sync.node['Plant/Seed'] ?? 1);
    const options = { levels: [level], seeds: [seed], until: sync.time };
    const [spec] = planExperiment(this.model, options);
    const result: RunResult = { index: spec!.index, key: spec!.key, seed, kpis: values, events: Number(sync.node['Plant/Events'] ?? 0) };
    const summary = summarizeExperiment(this.model, options, [result]);
    const estimates = this.estimates();
    return {
      kpis: reportJson(summary, { unitsPerDay: this.model.unitsPerDay, timeUnit: this.model.timeUnit, notes: this.model.notes?.(summary) }),
      recomputed,
      discrepancies: discrepancies(estimates),
      estimates,
      forecasts: this.observers.flatMap((o) => o.forecasts?.() ?? []),
      decisions: this.observers.flatMap((o) => o.decisions?.() ?? []),
      flags: sync.flags,
      synchronisation: {
        time: sync.time,
        startTime: sync.startTime,
        births: sync.births,
        messages: sync.messages,
        skipped: sync.skipped,
        online: sync.online,
        stale: sync.stale,
      },
    };
  }
}

/** Whether a message is a node message (NBIRTH, NDATA, NDEATH): the start of a new slice of the stream. */
export function isNodeMessage(topicName: string): boolean {
  const type = topicName.split('/')[2];
  return type === 'NBIRTH' || type === 'NDATA' || type === 'NDEATH';
}

/** The Sparkplug device ids of a model's units (its `PlantView`), as the plant publishes them. */
export function unitIdsOf(model: RunnableModel): string[] {
  const run = model.start({ seed: 1, capabilities: presetLevels(model.capabilities, model.levels[0]!) });
  const ids = run.view?.().units.map((u) => sparkplugId(u.id)) ?? [];
  run.sim.dispose();
  return ids;
}
