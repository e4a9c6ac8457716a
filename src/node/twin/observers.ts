/**
 * The forecaster and the actor that fit the twin's plant: the petrochemical ones where the twin learns catalyst and
 * fouling (`twin.processLearner`), the 3C ones otherwise. One choice for the CLI and the benchmark; each is loaded when
 * asked for, so a twin that only synchronises does not load the forks.
 */
import type { SendCommand } from './actor.ts';
import type { Forecast, Twin, TwinObserver } from './twin.ts';

export interface ForecastOptions {
  replications: number;
  learn: boolean;
  /** 3C: move the forks' mean to the plant's observed pipeline (default true; false for the benchmark's diagnosis). */
  pipeline?: boolean;
  /** 3C, with `learn`: overrides in place of the learned ones (the benchmark's `--oracle`: the plant's true reality). */
  overrides?: Record<string, number>;
  /** 3C, with `learn`: past this many failures a learned life scale is the point estimate (`Forecaster`). */
  pointEstimateFailures?: number;
  /** 3C, with `learn`: the family's pooled life scale for every cell where the cells agree with it (`Forecaster`). */
  pooledLives?: boolean;
}

/** A forecaster of the twin's plant; `dispose` releases its forks. */
export type TwinForecaster = TwinObserver & { forecasts(): Forecast[]; dispose?(): void };

export async function forecasterFor(twin: Twin, options: ForecastOptions): Promise<TwinForecaster> {
  if (twin.processLearner) {
    const { ProcessForecaster } = await import('./process-forecaster.ts');
    return new ProcessForecaster(twin, options);
  }
  const { Forecaster } = await import('./forecaster.ts');
  return new Forecaster(twin, options);
}

export interface ActOptions {
  /** Petrochemical: forks per candidate setpoint. */
  setpointReplications: number;
  /** 3C: forks per candidate maintenance (0: the failure probability alone), and dispatching rules to compare. */
  maintenanceForks: number;
  rules?: string[];
}

export async function actorFor(twin: Twin, send: SendCommand, options: ActOptions): Promise<TwinObserver> {
  if (twin.processLearner) {
    const { ProcessActor } = await import('./process-actor.ts');
    return new ProcessActor(twin, send, { replications: options.setpointReplications });
  }
  const { Actor } = await import('./actor.ts');
  return new Actor(send, {
    forks: options.maintenanceForks === 0 ? false : { replications: options.maintenanceForks, horizonHours: 12 },
    ...(options.rules ? { rules: options.rules } : {}),
  });
}
