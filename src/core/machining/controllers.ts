/**
 * The decision logic of each capability at each level. The plant (plant.ts) is the same for all of them; a controller
 * sees only what its level senses (hour meters and counters at L1; the networked real-time state at L2; the same plus what
 * it learned from this run's data at L3) and acts through the plant's public actions or by scheduling events.
 * Learning controllers record a learning curve (`curves`).
 */
import type { Level } from '../experiment/levels.ts';
import type { RuleName } from '../scheduling/index.ts';
import { GaussianProcess2D, HoltForecast, PolynomialRls, Ucb1, expectedImprovement } from './learners.ts';
import type { Cell, Controllers, CurvePoint, Lot, MachiningPlant, Trial } from './plant.ts';
import { chooseByRule, planShift, type Candidate } from './scheduling-adapter.ts';
import { exp, hypot } from '../math/index.ts';

export const MACHINING_CAPABILITIES = ['dispatching', 'maintenance', 'quality', 'energy', 'supply', 'newProducts'] as const;
export type MachiningCapability = (typeof MACHINING_CAPABILITIES)[number];

/** Learning curves and the per-period performance of every capability (recorded at every level, for comparison). */
export interface Curves {
  /** Per shift: ideal CNC hours produced / CNC hours available (the dispatcher's reward). */
  dispatching: CurvePoint[];
  /** Per day: CNC hours lost to failures and maintenance (repairs, PM, waiting for them), all cells. */
  maintenance: CurvePoint[];
  /** Per day: share of machined housings with a dimensional (drift) defect, %. */
  quality: CurvePoint[];
  /** Per day: CNC idle + warm-up energy, kWh. */
  energy: CurvePoint[];
  /** Per day: hours of blank stock-out (lots waiting for blanks while the floor had room). */
  supply: CurvePoint[];
  /** Per variant, in release order: trials needed. */
  newProducts: CurvePoint[];
}

function candidateOf(plant: MachiningPlant, cell: Cell, lot: Lot): Candidate {
  const p = plant.model.products[lot.product]!;
  return {
    hours: plant.cnc.setupHoursFor(cell, lot) + lot.units * p.cncHoursPerUnit,
    queuedAt: lot.queuedAt,
    due: lot.order.due,
    weight: 1,
  };
}

interface DispatchArm {
  readonly rule: RuleName | 'learned';
  readonly setupWeight: number;
}

/**
 * The L3 dispatcher's arms: the L2 policy itself (shift plan + ATC), and library rules with a setup-aversion weight.
 * Having the L2 policy among the arms is what lets learning end at or above it.
 */
const ARMS: readonly (DispatchArm | 'plan')[] = [
  'plan',
  { rule: 'atc', setupWeight: 3 },
  { rule: 'atc', setupWeight: 10 },
  { rule: 'spt', setupWeight: 4 },
  { rule: 'spt', setupWeight: 12 },
  // The library's learned dispatcher (network trained on job shops), setup-weighted like the others.
  { rule: 'learned', setupWeight: 4 },
];

export function makeControllers(plant: MachiningPlant, levels: Readonly<Record<MachiningCapability, Level>>, curves: Curves): Controllers {
  const model = plant.model;
  const sim = plant.sim;

  // ------------------------------------------------------------------ dispatching
  const bandit = new Ucb1(ARMS.length, 0.05);
  let arm = 0;
  let shiftIdealStart = 0;
  let shiftStartTime = 0;
  let shiftCount = 0;
  const idealHoursNow = () => plant.cells.reduce((s, c) => s + plant.cnc.idealHoursNow(c), 0);
  const dispatching: Controllers['dispatching'] = {
    assignAtRelease() {
      // Every level: lots wait in one shared queue, and any cell holding the family's fixture may take them.
      return -1;
    },
    choose(p, cell, waiting) {
      const candidates = waiting.map((lot) => candidateOf(p, cell, lot));
      const setups = waiting.map((lot) => p.cnc.setupHoursFor(cell, lot));
      // A rule set from outside (an MES command, commands.ts) replaces the level's own choice until reset.
      if (p.dispatchingRule !== null) return chooseByRule(p.dispatchingRule, candidates, setups, sim.now);
      // A student's rule from the model file (`dispatchRule`) replaces the level's own real-time choice; shift plans stay.
      if (p.studentRule !== undefined) return chooseByRule(p.studentRule, candidates, setups, sim.now);
      if (levels.dispatching === 'L1')
        return sameFamilyFirst(cell, waiting, model.dispatching.sameFamilyPreferenceHours, (lot) => model.products[lot.product]!.family);
      const a = ARMS[arm]!;
      if (levels.dispatching === 'L2' || a === 'plan') {
        // The shift plan first (lots planned for this cell, in plan order), the real-time global rule for the rest.
        let best = -1;
        for (let i = 0; i < waiting.length; i++) {
          const lot = waiting[i]!;
          if (lot.plannedCell === cell.index && (best < 0 || lot.planRank < waiting[best]!.planRank)) best = i;
        }
        if (best >= 0) return best;
        return chooseByRule('atc', candidates, setups, sim.now);
      }
      return chooseByRule(a.rule, candidates, setups, sim.now, a.setupWeight);
    },
    noticeDelay(p, cell) {
      if (levels.dispatching !== 'L1') return 0;
      return p.streams.stream(`patrol:cnc-${cell.index}`).next() * model.shifts.patrolIntervalHours;
    },
    onShiftStart(p) {
      const now = sim.now;
      if (shiftCount > 0) {
        const capacity = p.cells.length * (now - shiftStartTime);
        const reward = (idealHoursNow() - shiftIdealStart) / capacity;
        curves.dispatching.push({ time: now, value: reward });
        if (levels.dispatching === 'L3') bandit.reward(arm, reward);
      }
      shiftCount++;
      shiftStartTime = now;
      shiftIdealStart = idealHoursNow();
      if (levels.dispatching === 'L3') arm = bandit.choose();
      if (levels.dispatching === 'L2' || (levels.dispatching === 'L3' && ARMS[arm] === 'plan')) {
        const lots = p.cnc.queue;
        const plan = planShift(
          lots.map((lot) => ({
            alternatives: p.cnc.cellsOf[lot.product]!.map((c) => ({
              cell: c,
              hours: p.cnc.setupHoursFor(p.cells[c]!, lot) + lot.units * model.products[lot.product]!.cncHoursPerUnit,
            })),
            due: lot.order.due,
            weight: 1,
          })),
          p.cells.length,
          now,
          p.seed * 7919 + shiftCount,
          150,
        );
        lots.forEach((lot, i) => {
          lot.plannedCell = plan[i]!.cell;
          lot.planRank = plan[i]!.rank;
        });
      }
    },
  };

  // ------------------------------------------------------------------ maintenance
  const health = model.cnc.health;
  const ewmaVibration = new Float64Array(plant.cells.length).fill(health.vibrationNew);
  // L3: remaining-life fraction as a function of the smoothed vibration, learned from renewals: a failure shows 0 life
  // left at the vibration seen just before; a PM teardown shows how much life was left.
  const lifeModel = new PolynomialRls(10);
  let renewalsSeen = 0;
  const predictedLife = (v: number) => lifeModel.predict(v / health.vibrationFailed);
  const m3 = { alarmLife: model.maintenance.learnedAlarmLife, windowLife: model.maintenance.learnedWindowLife, minRenewals: 6 };
  const maintenance: Controllers['maintenance'] = {
    wantsPm(p, cell, queueEmpty) {
      if (levels.maintenance === 'L1') return p.cnc.ageOf(cell) >= model.maintenance.pmIntervalHours;
      if (levels.maintenance === 'L2' || renewalsSeen < m3.minRenewals) return cell.pmRequested;
      // L3: predicted remaining life; taken early in an idle window (no lot waiting), late otherwise.
      const life = predictedLife(ewmaVibration[cell.index]!);
      return life <= m3.alarmLife || (queueEmpty && life <= m3.windowLife);
    },
    noticeDelay(p, cell) {
      // Without condition monitoring a stopped machine is found on the operator's round.
      if (levels.maintenance !== 'L1') return 0;
      return p.streams.stream(`patrol:failures:cnc-${cell.index}`).next() * model.shifts.patrolIntervalHours;
    },
    onFailure(_p, cell) {
      lifeModel.update(ewmaVibration[cell.index]! / health.vibrationFailed, 0);
      renewalsSeen++;
      ewmaVibration[cell.index] = health.vibrationNew;
      cell.pmRequested = false;
    },
    onPm(_p, cell, remainingLife) {
      lifeModel.update(ewmaVibration[cell.index]! / health.vibrationFailed, remainingLife);
      renewalsSeen++;
      ewmaVibration[cell.index] = health.vibrationNew;
    },
  };
  plant.vibration.events$.subscribe(({ cell, value }) => {
    const v = (ewmaVibration[cell.index] = 0.3 * value + 0.7 * ewmaVibration[cell.index]!);
    // Shown in the app's prediction overlay once the L3 model has learned; it decides nothing here.
    if (levels.maintenance === 'L3' && renewalsSeen >= m3.minRenewals) plant.predictedLife[cell.index] = predictedLife(v);
    // The condition-based rule (L2, and L3 until it has learned): alert zone of ISO 10816.
    if (levels.maintenance !== 'L1' && v >= model.maintenance.vibrationThreshold && !cell.pmRequested) cell.pmRequested = true;
    if (levels.maintenance === 'L1' || !(cell.state === 'idle' || cell.state === 'standby')) return;
    const due = levels.maintenance === 'L2' || renewalsSeen < m3.minRenewals ? cell.pmRequested : predictedLife(v) <= m3.windowLife;
    if (due) plant.cnc.cellFree(cell);
  });

  // ------------------------------------------------------------------ quality
  const spc = new Float64Array(plant.cells.length);
  const spcAlarm: boolean[] = plant.cells.map(() => false);
  const driftModel = new PolynomialRls();
  const scatterModel = new PolynomialRls();
  const lastLoad = new Float64Array(plant.cells.length);
  const q = model.quality;
  const predictedDefect = (load: number, offset: number): number => {
    const mean = driftModel.predict(load) - offset;
    const s = Math.sqrt(Math.max(scatterModel.predict(load), 1e-4));
    return tail((1 - mean) / s) + tail((1 + mean) / s);
  };
  const learned = () => driftModel.count >= 150;
  // The spindle load the next housing is expected to show: the last one's plus a housing's worth of wear.
  const nextLoad = (cell: { readonly index: number }) => lastLoad[cell.index]! + 0.004;
  /** The defect probability the L3 model expects for a cell's next housing, after the offset it would get. */
  const nextDefect = (cell: { readonly index: number }) => {
    const load = nextLoad(cell);
    return predictedDefect(load, driftModel.predict(load));
  };
  // Shown in the app's prediction overlay (the quantity tool changes are decided on); read lazily by views only.
  if (levels.quality === 'L3') plant.predictedDefect = (cell) => (learned() ? nextDefect(cell) : NaN);
  const quality: Controllers['quality'] = {
    inline: levels.quality !== 'L1',
    changeToolBefore(_p, cell) {
      if (levels.quality === 'L1') return cell.nominalWear >= q.toolChangeIntervalUnits;
      if (levels.quality === 'L3' && learned()) {
        // Predict the next housing's deviation from the spindle-load signal, after the offset it would get.
        return nextDefect(cell) > q.learnedDefectLimit;
      }
      return spcAlarm[cell.index]!;
    },
    offsetFor(_p, cell) {
      if (levels.quality !== 'L3' || !learned()) return 0;
      return driftModel.predict(lastLoad[cell.index]!);
    },
    observe(_p, cell, measured, load) {
      const i = cell.index;
      if (levels.quality === 'L3') {
        // Learn the size the tool would cut without offset, from load; and the scatter around it.
        const y = measured + cell.offset;
        const resid = y - driftModel.predict(load);
        driftModel.update(load, y);
        scatterModel.update(load, resid * resid);
        lastLoad[i] = load;
      }
      spc[i] = q.spcLambda * measured + (1 - q.spcLambda) * spc[i]!;
      if (Math.abs(spc[i]!) > q.spcLimit) spcAlarm[i] = true;
    },
    onToolChange(cell) {
      spc[cell.index] = 0;
      spcAlarm[cell.index] = false;
      lastLoad[cell.index] = 0;
    },
  };

  // ------------------------------------------------------------------ energy
  const power = model.cnc.power;
  const warmupKwh = power.busyKw * 0.5 * power.warmupHours;
  // L3 chooses the standby delay that would have cost least over the idle spells seen so far (a learned policy that
  // starts as the L2 rule); recent spells only, so it follows changes in load.
  const delays = [0, 0.1, 0.25, 0.5, 1, Infinity];
  const gapHistory: number[] = [];
  let learnedDelay = model.energy.standbyAfterHours;
  const spellKwh = (gap: number, delay: number) =>
    gap <= delay ? power.idleKw * gap : power.idleKw * delay + power.standbyKw * (gap - delay) + warmupKwh + power.idleKw * power.warmupHours;
  const meanPrice = (() => {
    let sum = 0;
    for (let h = 0; h < 24; h++) sum += plant.tariff.price(h + 0.5);
    return sum / 24;
  })();
  const energy: Controllers['energy'] = {
    onIdle(p, cell) {
      if (levels.energy === 'L2') p.cnc.requestStandby(cell, model.energy.standbyAfterHours);
      else if (levels.energy === 'L3' && learnedDelay < Infinity) p.cnc.requestStandby(cell, learnedDelay);
    },
    onWake(_p, _cell, idleHours) {
      if (levels.energy !== 'L3') return;
      gapHistory.push(idleHours);
      if (gapHistory.length > 200) gapHistory.shift();
      if (gapHistory.length < 10) return;
      let best = Infinity;
      for (const d of delays) {
        let kwh = 0;
        for (const g of gapHistory) kwh += spellKwh(g, d);
        if (kwh < best) {
          best = kwh;
          learnedDelay = d;
        }
      }
    },
    startBatch(p, units, oldestWait) {
      if (levels.energy !== 'L3') return p.anodize.ready(units, oldestWait);
      // Load shifting: at peak price a part-filled tank waits longer for a fuller load.
      if (p.tariff.price(sim.now) > meanPrice) return units >= model.anodize.tankCapacityUnits || oldestWait >= 2 * model.anodize.maxWaitHours;
      return p.anodize.ready(units, oldestWait);
    },
  };

  // ------------------------------------------------------------------ supply
  const blanks = [...new Set(model.products.map((p) => p.blank))];
  const s = model.supply;
  const forecasts = new Map(blanks.map((b) => [b, new HoltForecast()]));
  const todayDemand = new Map(blanks.map((b) => [b, 0]));
  const reviewChannel = sim.channel<null>('supply-review');
  const reportChannel = sim.channel<Map<string, number>>('supply-report');
  const dayChannel = sim.channel<null>('supply-day');
  const reorderPoint = (blank: string): number => {
    if (levels.supply === 'L2') return s.reorderPointDays * plant.supply.nominalDailyDemand(blank);
    const f = forecasts.get(blank)!;
    // Until two days of history exist, the planner's nominal figure stands in.
    if (f.observations < 2) return s.reorderPointDays * plant.supply.nominalDailyDemand(blank);
    const leadDays = s.leadTimeHours.mean / 24;
    return f.perPeriod(Math.ceil(leadDays)) * (leadDays + 0.5) + s.safetyFactorMad * f.absError * Math.sqrt(leadDays);
  };
  const kanban = () => {
    for (const blank of blanks) {
      const rop = reorderPoint(blank);
      let guard = 0;
      while (plant.supply.position(blank) <= rop && guard++ < 100) plant.supply.order(blank, s.kanbanUnits);
    }
  };
  const supply: Controllers['supply'] = {
    start(p) {
      if (levels.supply === 'L1') {
        // Periodic review on a report that is `reportingDelay` hours old by the time the order is placed.
        reviewChannel.handle(() => {
          const report = new Map(blanks.map((b) => [b, p.supply.position(b)]));
          sim.schedule(s.reportingDelayHours, reportChannel, report);
          sim.schedule(s.reviewPeriodHours, reviewChannel, null);
        });
        reportChannel.handle((report) => {
          for (const blank of blanks) {
            const target = s.orderUpToDays * p.supply.nominalDailyDemand(blank);
            p.supply.order(blank, Math.ceil(target - report.get(blank)!));
          }
        });
        sim.schedule(0, reviewChannel, null);
      } else {
        p.orderAccepted.events$.subscribe(() => kanban());
        p.supplyChanged = kanban;
        kanban();
      }
      // Daily: forecasts learn from the day's order intake (L3), and the stock-out curve is recorded (all levels).
      let stockoutStart = 0;
      dayChannel.handle(() => {
        // The day's blank demand is what the floor drew (the order book exceeds capacity, so intake would overstate it).
        for (const blank of blanks) {
          const used = p.supply.consumed.get(blank) ?? 0;
          forecasts.get(blank)!.observe(used - todayDemand.get(blank)!);
          todayDemand.set(blank, used);
        }
        curves.supply.push({ time: sim.now, value: p.stockoutHours - stockoutStart });
        stockoutStart = p.stockoutHours;
        sim.schedule(24, dayChannel, null);
      });
      sim.schedule(24, dayChannel, null);
    },
  };

  // ------------------------------------------------------------------ new products
  const npi = model.npi;
  const learnedOffsets: [number, number][] = [];
  const parentOptimum = (product: number): [number, number] => {
    const parent = model.products.findIndex((p) => p.id === model.products[product]!.parent);
    const o = parent >= 0 ? plant.npi.optimum[parent]! : [0, 0];
    return [o[0]!, o[1]!];
  };
  const searchState = new Map<number, { center: [number, number]; best: number; step: number; dir: number }>();
  const directions: [number, number][] = [
    [1, 0],
    [-1, 0],
    [0, 1],
    [0, -1],
  ];
  const clampBox = (x: number) => Math.max(-npi.searchBox, Math.min(npi.searchBox, x));
  const npiController: Controllers['npi'] = {
    nextTrial(_p, product, trials: readonly Trial[]) {
      if (levels.newProducts === 'L3') return bayesianNext(product, trials);
      // Trial and error (L1 from the generic starting point; L2 from the similar part's data, with a finer step).
      let st = searchState.get(product);
      if (!st) {
        const center = levels.newProducts === 'L2' ? parentOptimum(product) : ([0, 0] as [number, number]);
        st = { center, best: -1, step: levels.newProducts === 'L2' ? npi.stepSize / 2 : npi.stepSize, dir: -1 };
        searchState.set(product, st);
        return center;
      }
      const last = trials.at(-1)!;
      if (st.dir === -1) st.best = last.yield;
      else if (last.yield > st.best) {
        st.best = last.yield;
        st.center = last.x;
        st.dir = -1;
      } else if (st.dir === 3) {
        st.step /= 2;
        st.dir = -1;
      }
      st.dir++;
      const d = directions[st.dir]!;
      return [clampBox(st.center[0] + d[0] * st.step), clampBox(st.center[1] + d[1] * st.step)];
    },
    onDeveloped(_p, product, best) {
      const parent = parentOptimum(product);
      learnedOffsets.push([best[0] - parent[0], best[1] - parent[1]]);
      curves.newProducts.push({ time: sim.now, value: plant.npi.trials.get(product)!.length });
    },
  };
  const bayesianNext = (product: number, trials: readonly Trial[]): [number, number] => {
    // Prior belief learned across variants: the optimum lies near the parent's plus the mean offset seen so far.
    const parent = parentOptimum(product);
    const mean: [number, number] = [...parent];
    if (learnedOffsets.length > 0) {
      mean[0] += learnedOffsets.reduce((a, o) => a + o[0], 0) / learnedOffsets.length;
      mean[1] += learnedOffsets.reduce((a, o) => a + o[1], 0) / learnedOffsets.length;
    }
    if (trials.length === 0) return mean;
    const spread = Math.max(npi.stepSize, ...learnedOffsets.map((o) => hypot(o[0] - mean[0] + parent[0], o[1] - mean[1] + parent[1])));
    const gp = new GaussianProcess2D(spread, 0.25, 0.02, (x, y) => {
      const dx = x - mean[0];
      const dy = y - mean[1];
      return 0.5 * exp(-(dx * dx + dy * dy) / (2 * spread * spread));
    });
    let best = -Infinity;
    for (const t of trials) {
      gp.add(t.x, t.yield);
      best = Math.max(best, t.yield);
    }
    let arg: [number, number] = mean;
    let bestEi = -Infinity;
    const grid = 25;
    const half = 2.5 * spread;
    for (let i = 0; i < grid; i++) {
      for (let j = 0; j < grid; j++) {
        const x: [number, number] = [clampBox(mean[0] - half + (2 * half * i) / (grid - 1)), clampBox(mean[1] - half + (2 * half * j) / (grid - 1))];
        const { mean: m, sd } = gp.predict(x);
        const ei = expectedImprovement(m, sd, best);
        if (ei > bestEi) {
          bestEi = ei;
          arg = x;
        }
      }
    }
    return arg;
  };

  return { dispatching, maintenance, quality, energy, supply, npi: npiController };
}

/**
 * L1's dispatching, what an operator at the cell does with the lots on the shared rack of the families its fixtures
 * take (no MES, no plan): the oldest lot, except that a lot of the family already on the fixture goes first when it has
 * waited no more than `preferenceHours` less than the oldest (saving a fixture change). Returns an index in `waiting`.
 */
export function sameFamilyFirst(cell: Cell, waiting: readonly Lot[], preferenceHours: number, familyOf: (lot: Lot) => string): number {
  let oldest = 0;
  for (let i = 1; i < waiting.length; i++) if (waiting[i]!.queuedAt < waiting[oldest]!.queuedAt) oldest = i;
  if (preferenceHours <= 0) return oldest;
  let same = -1;
  for (let i = 0; i < waiting.length; i++) {
    const lot = waiting[i]!;
    if (cell.family === '' || familyOf(lot) !== cell.family) continue;
    if (same < 0 || lot.queuedAt < waiting[same]!.queuedAt) same = i;
  }
  return same >= 0 && waiting[same]!.queuedAt - waiting[oldest]!.queuedAt <= preferenceHours ? same : oldest;
}

/** Upper tail of the standard normal. */
function tail(z: number): number {
  const t = 1 / (1 + 0.2316419 * Math.abs(z));
  const d = 0.3989423 * exp((-z * z) / 2);
  const p = d * t * (0.3193815 + t * (-0.3565638 + t * (1.781478 + t * (-1.821256 + t * 1.330274))));
  return z >= 0 ? p : 1 - p;
}
