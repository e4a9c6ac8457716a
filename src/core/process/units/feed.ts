/**
 * Feed tank and feed pump. Physics on the event side: the supply's concentration and the feed-tank temperature drift
 * (Ornstein-Uhlenbeck), the ambient temperature swings daily, and the pump trips at random (exponential MTBF and MTTR).
 * The tank's mixing and the pump's capacity are in `plant.ts`. No level decides anything here: the disturbances and the
 * trips are the same draws at every level (named streams).
 */
import type { Channel } from '../../kernel/channel.ts';
import { exponential, standardNormal } from '../../random/distributions.ts';
import type { Rng } from '../../random/stream.ts';
import { exp, sin } from '../../math/index.ts';
import { UNIT, type ProcessContext } from './context.ts';

/** Ornstein-Uhlenbeck step with the exact discretisation. */
function ouStep(rng: Rng, x: number, mean: number, sd: number, tau: number, dt: number): number {
  const a = exp(-dt / tau);
  return mean + a * (x - mean) + sd * Math.sqrt(1 - a * a) * standardNormal(rng);
}

export class Feed {
  private readonly rng: { cA0: Rng; feedT: Rng; ambient: Rng; pump: Rng };
  /** The pump is down until this time, h. */
  pumpTripUntil = -Infinity;
  private trip?: Channel<null>;

  constructor(private readonly ctx: ProcessContext) {
    const s = (name: string) => ctx.streams.stream(name);
    this.rng = { cA0: s('disturbance:cA0'), feedT: s('disturbance:feed-temperature'), ambient: s('disturbance:ambient'), pump: s('fault:feed-pump') };
  }

  /** One control period of the supply: feed concentration (clipped to its range), feed-tank temperature, ambient. */
  disturb(t: number, dt: number): void {
    const env = this.ctx.plant.env;
    const d = this.ctx.model.disturbances;
    env.supplyCA0 = Math.min(
      d.feedConcentration.max,
      Math.max(
        d.feedConcentration.min,
        ouStep(this.rng.cA0, env.supplyCA0, d.feedConcentration.mean, d.feedConcentration.sd, d.feedConcentration.correlationHours, dt),
      ),
    );
    env.feedTemperature = ouStep(this.rng.feedT, env.feedTemperature, d.feedTemperature.mean, d.feedTemperature.sd, d.feedTemperature.correlationHours, dt);
    env.ambient = d.ambient.mean + d.ambient.dailyAmplitude * sin((2 * Math.PI * (t - 9)) / 24) + 0.5 * standardNormal(this.rng.ambient);
  }

  pumpRunning(t: number): boolean {
    return t >= this.pumpTripUntil;
  }

  /** Trips: exponential time to the next trip, exponential time to restart. */
  scheduleTrips(): void {
    const f = this.ctx.model.feedPump;
    const sim = this.ctx.sim;
    this.trip = sim.channel<null>('fault:feed-pump-trip', () => {
      const repair = exponential(this.rng.pump, f.mttrHours);
      this.pumpTripUntil = sim.now + repair;
      this.ctx.note(UNIT.feedPump, 'trip');
      sim.schedule(repair + exponential(this.rng.pump, f.mtbfHours), this.trip!, null);
    });
    sim.schedule(exponential(this.rng.pump, f.mtbfHours), this.trip, null);
  }
}
