/**
 * The petrochemical twin's decisions (`--act`, L3): once per shift (from the end of the warm-up) it evaluates a few
 * candidate setpoint moves on forks of the model (`process-forks.ts`: the learned parameters, common random numbers:
 * every candidate runs on the same K seeds) and sends the best one to the plant as an NCMD `Setpoint/...` metric when
 * it beats doing nothing with a paired 95 % interval above zero. Candidates: nothing, the reactor temperature 2 K
 * above or below where the plant runs now, the feed 5 % higher. Objective: on-spec B (t) over the next `horizonHours`.
 *
 * At L2/L3, before the moves, a decision of its own: telling the plant's RTO the catalyst activity the twin has
 * learned (`Setpoint/rto-catalyst-activity`, core/process/commands.ts), once the learner has flagged the deactivation,
 * sent when the forks favour it on average (the evidence is the estimate's interval; see `decide`); the moves are then
 * judged against forks whose RTO has the update. The RTO's model otherwise assumes the model file's
 * fresh catalyst and reads a deactivated catalyst as a leaner feed, which puts its optimum where the real plant makes
 * off-spec; a setpoint move, by contrast, lasts only until the RTO's next run (within a quarter of an hour), whose
 * trust region then starts from the moved target.
 *
 * Every fork is handed the twin's state first (`process-forks.ts`: the measured state, the learned activity and
 * fouling now, the RTO activity the plant publishes). A cleaning is not a candidate yet.
 */
import type { Level } from '../../core/experiment/levels.ts';
import { readParameter } from '../../core/experiment/parameters.ts';
import { RTO_ACTIVITY } from '../../core/process/commands.ts';
import type { PlantCommand } from '../../core/runtime/control.ts';
import { Welford } from '../../core/twin/estimators.ts';
import type { SendCommand } from './actor.ts';
import { DEACTIVATION_PATH } from './process-learner.ts';
import { disposeForks, learnedOverrides, onSpecAt, plantRtoActivity, processSnapshot, startForks, submitTo, synchroniseAt } from './process-forks.ts';
import type { Decision, Twin, TwinObserver } from './twin.ts';

export interface ProcessActorOptions {
  replications?: number;
  horizonHours?: number;
  seedBase?: number;
}

interface Candidate {
  label: string;
  unit: string;
  command?: PlantCommand;
  metric?: { name: string; value: number };
}

export class ProcessActor implements TwinObserver {
  private readonly send: SendCommand;
  private readonly list: Decision[] = [];
  private readonly replications: number;
  private readonly horizon: number;
  private readonly seedBase: number | undefined;
  private readonly shiftHours: number;
  private readonly warmup: number;
  private nextDecision = NaN;
  /** Candidates evaluated (for the report and the benchmark). */
  evaluations = 0;

  constructor(twin: Twin, send: SendCommand, options: ProcessActorOptions = {}) {
    this.send = send;
    this.replications = Math.max(2, options.replications ?? 4);
    this.horizon = options.horizonHours ?? 8;
    this.seedBase = options.seedBase;
    const model = twin.modelJson as { decisions?: { shiftHours?: number }; warmupHours?: number };
    this.shiftHours = model.decisions?.shiftHours ?? 8;
    this.warmup = model.warmupHours ?? 24;
  }

  decisions(): Decision[] {
    return this.list;
  }

  afterMessage(twin: Twin): void {
    const sync = twin.sync;
    if (sync.stale || !sync.online) return;
    const perHour = sync.unitsPerDay / 24;
    if (Number.isNaN(this.nextDecision))
      this.nextDecision = Math.max(this.warmup, Math.ceil(sync.time / (this.shiftHours * perHour)) * this.shiftHours) * perHour;
    if (sync.time < this.nextDecision) return;
    this.nextDecision += this.shiftHours * perHour;
    const reactor = sync.units.get('reactor');
    const pump = sync.units.get('feed-pump');
    const T = Number(reactor?.metrics['Signal/temperature']);
    const flow = Number(pump?.metrics['Measured/flow']);
    if (!Number.isFinite(T) || !(flow > 0) || reactor?.state === 'maintenance') return;
    this.decide(twin, sync.time, T, flow, String(sync.node['Plant/Level'] ?? 'L1') as Level);
  }

  private decide(twin: Twin, now: number, T: number, flow: number, level: Level): void {
    // Rounded to the step and printed clean (0.832, not 0.8320000000000001).
    const round = (x: number, step: number) => Number((Math.round(x / step) * step).toFixed(6));
    const moves: Candidate[] = [
      ...[2, -2].map((d) => ({
        label: `reactor temperature ${round(T + d, 0.1).toFixed(1)} °C`,
        unit: 'reactor',
        command: { kind: 'setpoint', name: 'reactor-temperature', value: round(T + d, 0.1) } as PlantCommand,
        metric: { name: 'Setpoint/reactor-temperature', value: round(T + d, 0.1) },
      })),
      {
        label: `feed ${round(flow * 1.05, 0.1).toFixed(1)} m³/h`,
        unit: 'feed-pump',
        command: { kind: 'setpoint', name: 'feed', value: round(flow * 1.05, 0.1) } as PlantCommand,
        metric: { name: 'Setpoint/feed', value: round(flow * 1.05, 0.1) },
      },
    ];
    const overrides = learnedOverrides(twin);
    const until = now + this.horizon * (twin.sync.unitsPerDay / 24);
    const snapshot = processSnapshot(twin, true, overrides);
    const rto = plantRtoActivity(twin);
    const learnedText = Object.keys(overrides).length ? `, learned ${JSON.stringify(overrides)}` : '';
    /** On-spec B over the horizon on each of the K forks, handed the state, given `commands` now. */
    const evaluate = (commands: readonly PlantCommand[]): number[] => {
      const forks = startForks(twin, level, overrides, this.replications, this.seedBase);
      const values = forks.map((fork) => {
        synchroniseAt(fork, now, snapshot, rto);
        const before = onSpecAt(fork, now);
        // A command the fork refuses (out of its window) leaves it holding, as the plant would refuse it.
        for (const command of commands) submitTo(fork, command);
        return onSpecAt(fork, until) - before;
      });
      disposeForks(forks);
      this.evaluations++;
      return values;
    };
    /** The best of `candidates` against `base` (paired, 95 % interval above zero), sent and logged; whether one was. */
    const choose = (
      candidates: readonly Candidate[],
      base: readonly PlantCommand[],
      baseValues: readonly number[],
      against: string,
      rule: 'interval' | 'mean' = 'interval',
      evidence = '',
    ): boolean => {
      let best: { c: Candidate; mean: number; low: number; high: number } | undefined;
      for (const c of candidates) {
        const values = evaluate([...base, c.command!]);
        const diff = new Welford();
        values.forEach((v, k) => diff.push(v - baseValues[k]!));
        // A single fork gives no interval (NaN bounds), so it never justifies a command.
        const [low, high] = diff.ci95();
        const favoured = rule === 'interval' ? low > 0 : diff.n >= 2 && diff.mean > 0;
        if (favoured && diff.mean > (best?.mean ?? 0)) best = { c, mean: diff.mean, low, high };
      }
      if (!best) return false;
      const baseMean = baseValues.reduce((s, v) => s + v, 0) / baseValues.length;
      const { c } = best;
      this.send([{ name: c.metric!.name, type: 'Double', value: c.metric!.value }]);
      this.list.push({
        at: now,
        unit: c.unit,
        command: `NCMD ${c.metric!.name}=${c.metric!.value}`,
        reason: `on ${this.replications} forks from the synchronised state (common random numbers${learnedText}) over the next ${this.horizon} h: ${c.label} gives ${(baseMean + best.mean).toFixed(2)} t on-spec B against ${baseMean.toFixed(2)} t ${against} (paired difference +${best.mean.toFixed(2)} t, 95 % CI ${best.low.toFixed(2)} to ${best.high.toFixed(2)}); ${candidates.length} candidate${candidates.length === 1 ? '' : 's'}${evidence}`,
      });
      return true;
    };

    // First the RTO's model (L2/L3): told the catalyst activity the twin has learned, carried to the middle of the
    // horizon at the learned rate (the value stands until the next decision), when the learner has flagged the
    // deactivation (its 95 % interval excludes the model file's rate) and the activity differs from what the RTO
    // assumes by more than the hourly estimate's scatter. The evidence for a model update is the estimate's interval;
    // the forks check its consequence, and it is sent when they favour it on average (a small update's gain over one
    // shift is within the forks' spread: the RTO either holds the spec or not, so the paired interval is wide, while
    // each update left unsent leaves the RTO further from the plant). A model update is its own decision: the moves
    // below are then judged on forks whose RTO has it, so a move never stands in for the update.
    let base: PlantCommand[] = [];
    let baseValues = evaluate([]);
    const learned = snapshot.estimated?.catalystActivity;
    const deactivation = twin.processLearner?.estimates().find((e) => e.parameter === DEACTIVATION_PATH);
    if (level !== 'L1' && learned !== undefined && deactivation?.differs) {
      const rate = overrides[DEACTIVATION_PATH] ?? readParameter(twin.modelJson, DEACTIVATION_PATH) ?? 0;
      const value = Math.min(1, Math.max(0.05, round(learned * Math.exp((-rate * this.horizon) / 48), 0.001)));
      if (Math.abs(value - (Number.isFinite(rto) ? rto : 1)) > 0.01) {
        const update: Candidate = {
          label: `RTO model catalyst activity ${value.toFixed(3)} (now ${Number.isFinite(rto) ? rto.toFixed(3) : "the model file's 1"})`,
          unit: 'reactor',
          command: { kind: 'setpoint', name: RTO_ACTIVITY, value },
          metric: { name: `Setpoint/${RTO_ACTIVITY}`, value },
        };
        const evidence = `; deactivation ${deactivation.observed.toPrecision(3)}/day (95 % CI ${deactivation.ci95[0].toPrecision(3)} to ${deactivation.ci95[1].toPrecision(3)}, model ${deactivation.model})`;
        if (choose([update], [], baseValues, 'leaving the RTO as it is', 'mean', evidence)) {
          base = [update.command!];
          baseValues = evaluate(base);
        }
      }
    }
    choose(moves, base, baseValues, base.length ? 'with the RTO updated and no move' : 'holding');
  }
}
