/**
 * The L3 twin's decisions (`--act`), 3C plant. Maintenance: for each CNC cell the twin knows the running time since its
 * last renewal (from the stream) and the Weibull life it has learned (the cell's own estimate where its data
 * contradict the model file, else the shared one, learned or the file's); the probability p that the cell fails within
 * the next `horizon` running hours given its age is 1 - exp((a/eta)^k - ((a + h)/eta)^k), reported in the reason. A
 * cell older than the optimal age-replacement age of that life (core/twin/replacement.ts: the long-run share of time
 * down minimised, with the mean failure-to-repair time observed against the PM time) is at risk. With
 * fork evaluation (the default) the twin then compares "maintain now" with "later" (no command) on forks of the model
 * started from its synchronised state with common random numbers (decisions.ts) and sends NCMD `Command/Maintain`
 * when maintaining now machines more over the fork horizon; without it (`forks: false`) it maintains at that age. A
 * cell is evaluated at most every `reevaluateHours` and ordered once per life.
 * Dispatching rules (`rules`, opt-in: each evaluation costs a fork per rule and seed): at each shift start the rules
 * are compared with the one in force on forks over the shift, and the best sent as NCMD `Command/Dispatching rule`
 * when its paired 95 % interval lies above zero. The petrochemical setpoints are process-actor.ts's.
 */
import { readParameter } from '../../core/experiment/parameters.ts';
import { exp, pow } from '../../core/math/index.ts';
import { ageReplacement } from '../../core/twin/replacement.ts';
import { evaluateCandidates, type CandidateResult, type EvaluationOptions } from './decisions.ts';
import { learnedLifeOverrides } from './learner.ts';
import type { Decision, Twin, TwinObserver } from './twin.ts';

export type SendCommand = (metrics: { name: string; type: 'Boolean' | 'String' | 'Double'; value: boolean | string | number }[], device?: string) => void;

export interface ActorOptions {
  /** Running hours ahead the risk is assessed over. */
  horizonHours?: number;
  /** Evaluate candidates on forks (default: 4 seeds over 12 h); false: the rule on p alone. */
  forks?: EvaluationOptions | false;
  /** Plant hours between two evaluations of one cell in one life. */
  reevaluateHours?: number;
  /** Dispatching rules to evaluate at each shift start (`default`, `spt`, ...); none by default. */
  rules?: readonly string[];
  /** Failures behind a flagged life estimate from which its point estimate replaces the interval's end (default 10). */
  pointEstimateFailures?: number;
}

export class Actor implements TwinObserver {
  private readonly send: SendCommand;
  private readonly list: Decision[] = [];
  private readonly horizon: number;
  private readonly forks: EvaluationOptions | false;
  private readonly reevaluate: number;
  private readonly rules: readonly string[];
  private readonly pointEstimateFailures: number;
  /** Per cell: the life (count of renewals seen) a maintenance was already ordered in. */
  private readonly orderedInLife = new Map<string, number>();
  /** Per cell: the life and plant time of its last evaluation. */
  private readonly evaluatedAt = new Map<string, { life: number; time: number }>();
  private lastCheck = -Infinity;
  private lastRuleShift = -1;
  /** Evaluations on forks, sent or not (how many, for reports). */
  evaluations = 0;

  constructor(send: SendCommand, options: ActorOptions = {}) {
    this.send = send;
    this.horizon = options.horizonHours ?? 12;
    this.forks = options.forks === undefined ? { replications: 4, horizonHours: 12 } : options.forks;
    this.reevaluate = options.reevaluateHours ?? 4;
    this.rules = options.rules ?? [];
    this.pointEstimateFailures = options.pointEstimateFailures ?? 10;
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
    const learned = learnedLifeOverrides(sync, model, estimates);
    const shared = learned['cnc.health.weibullScaleHours'] ?? readParameter(model, 'cnc.health.weibullScaleHours')!;
    const repairs = estimates.find((e) => e.unit === 'cnc' && e.parameter === 'cnc.health.repairHours.mean');
    const repair = repairs?.observed ?? readParameter(model, 'cnc.health.repairHours.mean') ?? 6;
    for (const unit of sync.units.values()) {
      if (unit.kind !== 'cnc' || !unit.ageKnown || unit.state === 'down' || unit.state === 'maintenance') continue;
      const life = unit.lives.length;
      if (this.orderedInLife.get(unit.id) === life) continue;
      const ownPath = `cnc.health.cellWeibullScaleHours.${unit.id}`;
      // The learned value is the interval's end nearest the model (learner.ts): safe for a flag on one or two failures,
      // but with many failures it keeps the replacement age too long (measured: a third of the orders at the optimum of
      // the true life). Past `pointEstimateFailures` failures the decision takes the point estimate instead.
      const own = estimates.find((e) => e.differs && e.parameter === ownPath && e.unit === unit.id && e.n >= this.pointEstimateFailures);
      const pooled = estimates.find(
        (e) => e.differs && e.parameter === 'cnc.health.weibullScaleHours' && e.unit === 'cnc' && e.n >= this.pointEstimateFailures,
      );
      const sharedNow = learned['cnc.health.weibullScaleHours'] !== undefined && pooled ? pooled.observed : shared;
      const scale = learned[ownPath] !== undefined ? (own?.observed ?? learned[ownPath]!) : (readParameter(model, ownPath) ?? sharedNow);
      const source =
        learned[ownPath] !== undefined
          ? `learned for this cell${own ? ', point estimate' : ''}`
          : learned['cnc.health.weibullScaleHours'] !== undefined
            ? `learned, shared${pooled ? ', point estimate' : ''}`
            : 'model';
      const a = unit.age / perHour;
      const p = 1 - exp(pow(a / scale, shape) - pow((a + this.horizon) / scale, shape));
      const best = ageReplacement(shape, scale, repair, pm);
      const risk = `age ${a.toFixed(1)} running h, optimal replacement age ${best.age.toFixed(1)} h (long-run downtime ${(100 * best.downtimeShare).toFixed(1)} % against ${(100 * best.runToFailureShare).toFixed(1)} % run to failure) under Weibull scale ${scale.toFixed(1)} h (${source}), failure-to-repair ${repair.toFixed(1)} h, PM ${pm} h; P(failure within ${this.horizon} h) = ${p.toFixed(2)}`;
      if (!(a >= best.age)) continue;
      if (this.forks === false) {
        this.order(twin, unit.id, life, risk);
        continue;
      }
      const last = this.evaluatedAt.get(unit.id);
      if (last && last.life === life && sync.time - last.time < this.reevaluate * perHour) continue;
      this.evaluatedAt.set(unit.id, { life, time: sync.time });
      this.evaluations++;
      const [later, now] = evaluateCandidates(
        twin,
        [
          { name: 'later', commands: [] },
          { name: 'maintain now', commands: [{ kind: 'maintain', unit: unit.id }] },
        ],
        this.forks,
      );
      if (!(now!.difference > 0)) continue;
      this.order(
        twin,
        unit.id,
        life,
        `${risk}; on ${this.forks.replications} forks from the synchronised state over ${this.forks.horizonHours} h: ${describe(now!, later!)}`,
      );
    }
    this.considerRules(twin);
  }

  private order(twin: Twin, unit: string, life: number, reason: string): void {
    this.orderedInLife.set(unit, life);
    this.send([{ name: 'Command/Maintain', type: 'String', value: unit }]);
    this.list.push({ at: twin.sync.time, unit, command: `NCMD Command/Maintain=${unit}`, reason });
  }

  private considerRules(twin: Twin): void {
    if (this.rules.length === 0 || this.forks === false) return;
    const sync = twin.sync;
    const perHour = sync.unitsPerDay / 24;
    const model = twin.modelJson as { shifts?: { hoursPerShift?: number } };
    const shiftHours = model.shifts?.hoursPerShift ?? 12;
    const shift = Math.floor(sync.time / (shiftHours * perHour) + 1e-9);
    if (shift === this.lastRuleShift) return;
    this.lastRuleShift = shift;
    const current = String(sync.node['Command/Dispatching rule'] ?? 'default') || 'default';
    const others = this.rules.filter((r) => r !== current);
    if (others.length === 0) return;
    this.evaluations++;
    const results = evaluateCandidates(
      twin,
      [{ name: current, commands: [] }, ...others.map((rule) => ({ name: rule, commands: [{ kind: 'dispatching-rule' as const, rule }] }))],
      { ...this.forks, horizonHours: shiftHours },
    );
    const best = results.slice(1).reduce((a, b) => (b.difference > a.difference ? b : a));
    if (!(best.ci95[0] > 0)) return;
    this.send([{ name: 'Command/Dispatching rule', type: 'String', value: best.name }]);
    this.list.push({
      at: sync.time,
      unit: 'cnc',
      command: `NCMD Command/Dispatching rule=${best.name}`,
      reason: `on ${this.forks.replications} forks from the synchronised state over the ${shiftHours} h shift: ${results
        .slice(1)
        .map((r) => describe(r, results[0]!))
        .join('; ')}`,
    });
  }
}

function describe(candidate: CandidateResult, baseline: CandidateResult): string {
  return `${candidate.name} machines ${candidate.mean.toFixed(1)} vs ${baseline.name} ${baseline.mean.toFixed(1)} (paired difference ${candidate.difference.toFixed(1)}, 95 % CI ${candidate.ci95[0].toFixed(1)} to ${candidate.ci95[1].toFixed(1)})`;
}
