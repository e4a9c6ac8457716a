/**
 * Fired preheater. Physics (`plant.ts`): a lumped coil with a holdup, an efficiency and a casing loss to ambient. Here:
 * its outlet thermocouple and the fuel loop, a PI controller tuned per level (`loop-tuning.ts`); interlocked while the
 * feed is stopped, tracking so that it restarts bumplessly.
 */
import { Pid, type Fopdt } from '../control.ts';
import { standardNormal } from '../../random/distributions.ts';
import type { Rng } from '../../random/stream.ts';
import { S } from '../plant.ts';
import { RHO_CP } from '../setup.ts';
import type { ProcessContext } from './context.ts';
import { loopTuning } from './loop-tuning.ts';

export class Heater {
  readonly pid: Pid;
  private readonly noise: Rng;

  constructor(
    private readonly ctx: ProcessContext,
    commissioning: Fopdt,
    fuel: number,
  ) {
    const spec = ctx.p.spec;
    this.pid = new Pid(loopTuning(ctx, commissioning), fuel, 0, spec.heaterMaxDuty / spec.heaterEfficiency);
    this.noise = ctx.streams.stream('noise:TT-preheater');
  }

  /** Measured outlet temperature, deg C. */
  measureOutlet(): number {
    return this.ctx.plant.state[S.T0]! + this.ctx.model.disturbances.temperatureNoise * standardNormal(this.noise);
  }

  /** Fuel for the next period; no firing while the feed is stopped. */
  fuel(setpoint: number, measured: number, flowSetpoint: number, flowing: boolean, dt: number): number {
    if (flowing) return this.pid.update(setpoint, measured, dt);
    const env = this.ctx.plant.env;
    this.pid.reset((RHO_CP * flowSetpoint * Math.max(0, setpoint - env.feedTemperature)) / this.ctx.p.spec.heaterEfficiency);
    return 0;
  }
}
