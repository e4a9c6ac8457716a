/**
 * The L3 twin's decisions (`--act`), 3C plant: preventive maintenance of a CNC cell when the expected downtime of
 * waiting exceeds that of maintaining now. For each cell the twin knows the running time since its last renewal (from
 * the stream) and the Weibull life it has learned (the pooled estimate where the data contradict the model file, else
 * the file's); the probability p that the cell fails within the next `horizon` running hours given its age is
 * 1 - exp((a/eta)^k - ((a + h)/eta)^k). Maintaining now costs the PM time; waiting costs p times the mean
 * failure-to-repair time observed (the file's repair time before any repair was seen). When p * repair > PM, it sends
 * NCMD `Command/Maintain` = the cell id, once per life. Not built: evaluating candidates on forks of the model (the
 * forks do not share the plant's cell ages, so they could not tell a worn cell from a new one); dispatching rules and
 * the petrochemical setpoints.
 */
import { readParameter } from '../../core/experiment/parameters.ts';
import { exp, pow } from '../../core/math/index.ts';
import type { Decision, Twin, TwinObserver } from './twin.ts';

export type SendCommand = (metrics: { name: string; type: 'Boolean' | 'String' | 'Double'; value: boolean | string | number }[], device?: string) => void;

export interface ActorOptions {
  /** Running hours ahead the risk is assessed over. */
  horizonHours?: number;
}

export class Actor implements TwinObserver {
  private readonly send: SendCommand;
  private readonly list: Decision[] = [];
  private readonly horizon: number;
  /** Per cell: the life (count of renewals seen) a maintenance was already ordered in. */
  private readonly orderedInLife = new Map<string, number>();
  private lastCheck = -Infinity;

  constructor(send: SendCommand, options: ActorOptions = {}) {
    this.send = send;
    this.horizon = options.horizonHours ?? 12;
  }

  decisions(): Decision[] {
    return this.list;
  }

  afterMessage(twin: Twin): void {
    const sync = twin.sync;
    const perHour = sync.unitsPerDay / 24;
    if (sync.stale || sync.time - this.lastCheck < 0.25 * perHour) return;
    this.lastCheck = sync.time;
    const model = twin.modelJson;
    const shape = readParameter(model, 'cnc.health.weibullShape');
    if (shape === undefined) return;
    const pm = readParameter(model, 'cnc.health.pmHours') ?? 1.5;
    const estimates = twin.estimates();
    const learnedScale = estimates.find((e) => e.unit === 'cnc' && e.parameter === 'cnc.health.weibullScaleHours' && e.differs)?.observed;
    const scale = learnedScale ?? readParameter(model, 'cnc.health.weibullScaleHours')!;
    const repairs = estimates.find((e) => e.unit === 'cnc' && e.parameter === 'cnc.health.repairHours.mean');
    const repair = repairs?.observed ?? readParameter(model, 'cnc.health.repairHours.mean') ?? 6;
    for (const unit of sync.units.values()) {
      if (unit.kind !== 'cnc' || !unit.ageKnown || unit.state === 'down' || unit.state === 'maintenance') continue;
      const life = unit.lives.length;
      if (this.orderedInLife.get(unit.id) === life) continue;
      const a = unit.age / perHour;
      const p = 1 - exp(pow(a / scale, shape) - pow((a + this.horizon) / scale, shape));
      if (p * repair <= pm) continue;
      this.orderedInLife.set(unit.id, life);
      this.send([{ name: 'Command/Maintain', type: 'String', value: unit.id }]);
      this.list.push({
        at: sync.time,
        unit: unit.id,
        command: `NCMD Command/Maintain=${unit.id}`,
        reason: `age ${a.toFixed(1)} running h; P(failure within ${this.horizon} h) = ${p.toFixed(2)} under Weibull scale ${scale.toFixed(1)} h${learnedScale !== undefined ? ' (learned)' : ' (model)'}; expected downtime waiting ${(p * repair).toFixed(2)} h > PM ${pm} h`,
      });
    }
  }
}
