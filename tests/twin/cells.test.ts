/**
 * Per-cell reliability in the 3C plant and the twin's use of it: a per-cell Weibull scale override makes one cell fail
 * more often (and is validated); the twin flags that cell alone at its per-cell JSON path on a recording of such a
 * plant; forks handed the twin's state are conditional on it (a cell down in the plant machines less in the fork) and
 * deterministic; candidate decisions are evaluated on forks with common random numbers.
 */
import { describe, expect, it } from 'vitest';
import { applyParameters } from '../../src/core/experiment/parameters.ts';
import { presetLevels } from '../../src/core/experiment/levels.ts';
import { startMachining, MACHINING_CAPABILITIES } from '../../src/core/machining/index.ts';
import type { MachiningModel } from '../../src/core/model/machining-model.ts';
import { runnable } from '../../src/core/models.ts';
import { loadModelFile } from '../../src/node/model-file.ts';
import { Actor } from '../../src/node/twin/actor.ts';
import { evaluateCandidates } from '../../src/node/twin/decisions.ts';
import { Forecaster, learnedOverrides } from '../../src/node/twin/forecaster.ts';
import { readRecording } from '../../src/node/twin/stream.ts';
import { Twin, unitIdsOf } from '../../src/node/twin/twin.ts';

const FILE = 'factory-models/3c-machining.json';
const RECORDING = 'data/recordings/3c-machining-L1-seed3-2d-cnc3scale10.jsonl.gz';
const json = loadModelFile(FILE);
const L1 = presetLevels(MACHINING_CAPABILITIES, 'L1');

function replayed(hours: number): Twin {
  const model = runnable(json);
  const twin = new Twin(model, json, '3c-machining', unitIdsOf(model));
  for (const m of readRecording(RECORDING)) {
    if (twin.sync.time > hours) break;
    twin.receive(m);
  }
  return twin;
}

describe('per-cell reliability (cnc.health.cellWeibullScaleHours)', () => {
  it("a --set of one cell's scale makes that cell fail more often; its siblings keep their own draws", () => {
    const altered = applyParameters(json, { 'cnc.health.cellWeibullScaleHours.cnc-3': 30 }, FILE) as MachiningModel;
    let base = 0;
    let worn = 0;
    for (const seed of [1, 2, 3]) {
      const a = startMachining(json as MachiningModel, seed, L1);
      const b = startMachining(altered, seed, L1);
      a.sim.runUntil(20 * 24);
      b.sim.runUntil(20 * 24);
      base += a.plant.cells[2]!.failures;
      worn += b.plant.cells[2]!.failures;
      // The override changes no other cell's life draws: cell 1's first life is the same number in both runs.
      expect(startMachining(altered, seed, L1).plant.cells[0]!.life).toBe(startMachining(json as MachiningModel, seed, L1).plant.cells[0]!.life);
    }
    expect(worn).toBeGreaterThan(base + 3);
  });

  it('refuses an override for a cell the plant does not have, naming the path', () => {
    expect(() => applyParameters(json, { 'cnc.health.cellWeibullScaleHours.cnc-7': 30 }, FILE)).toThrow(
      /cnc\.health\.cellWeibullScaleHours\.cnc-7.*cnc-1 to cnc-6/,
    );
    expect(() => applyParameters(json, { 'cnc.health.cellWeibullScaleHours.cnc-2': 0 }, FILE)).toThrow(/cellWeibullScaleHours\.cnc-2/);
  });
});

describe('the twin on a plant whose cell 3 wears out fast (recording, scale 10 h for cnc-3, model 110 h)', () => {
  it('flags cnc-3 at its per-cell path, no other cell; learns an override for it alone', () => {
    const twin = replayed(48);
    const flagged = twin.estimates().filter((e) => e.differs && e.unit.startsWith('cnc-'));
    expect(flagged.map((e) => [e.unit, e.parameter])).toEqual([['cnc-3', 'cnc.health.cellWeibullScaleHours.cnc-3']]);
    const [cell] = flagged;
    expect(cell!.model).toBe(110);
    expect(cell!.ci95[0]).toBeLessThanOrEqual(10);
    expect(cell!.ci95[1]).toBeGreaterThanOrEqual(10);
    expect(cell!.ci95[1]).toBeLessThan(110);
    // The pooled estimate is dragged down by cnc-3, but the other cells alone do not contradict 110 h.
    expect(Object.keys(learnedOverrides(twin))).toEqual(['cnc.health.cellWeibullScaleHours.cnc-3']);
  });
});

describe("forks handed the twin's state (ModelRun.synchronise)", () => {
  it('a fork told that cell 3 is down machines less on it than the unconditioned fork; the hand-over is deterministic', () => {
    const model = runnable(json);
    for (const seed of [11, 12, 13]) {
      const made = (down: boolean) => {
        const run = model.start({ seed, capabilities: L1 });
        run.sim.runUntil(100);
        const before = (run as ReturnType<typeof startMachining>).plant.cells.map((c) => c.unitsMade);
        const result = down ? run.synchronise!({ units: [{ id: 'cnc-3', state: 'down', downFor: 0 }] }) : undefined;
        if (down) expect(result!.copied).toContain('cnc-3: down');
        run.sim.runUntil(104);
        return { cell3: (run as ReturnType<typeof startMachining>).plant.cells[2]!.unitsMade - before[2]!, kpis: run.kpis() };
      };
      const free = made(false);
      const down = made(true);
      expect(down.cell3).toBeLessThan(free.cell3);
      expect(made(true)).toEqual(down);
    }
  });

  it('an age handed over makes a worn cell fail sooner than a renewed one (conditional remaining life)', () => {
    // No fixed-interval PM (L1 would maintain a cell of 150 h at once): what remains is the life itself.
    const model = runnable(applyParameters(json, { 'maintenance.pmIntervalHours': 10_000 }, FILE));
    let old = 0;
    let fresh = 0;
    for (const seed of [21, 22, 23, 24, 25, 26]) {
      for (const age of [0, 150]) {
        const run = model.start({ seed, capabilities: L1 }) as ReturnType<typeof startMachining>;
        run.sim.runUntil(50);
        const before = run.plant.cells.reduce((s, c) => s + c.failures, 0);
        run.synchronise!({ units: run.plant.cells.map((c) => ({ id: `cnc-${c.index + 1}`, age })) });
        run.sim.runUntil(62);
        const failures = run.plant.cells.reduce((s, c) => s + c.failures, 0) - before;
        if (age === 0) fresh += failures;
        else old += failures;
      }
    }
    expect(old).toBeGreaterThan(fresh + 5);
  });
});

describe('forecasts from forks handed the state', () => {
  it('are deterministic: the same stream gives the same forecasts, bit for bit', () => {
    const forecasts = () => {
      const model = runnable(json);
      const twin = new Twin(model, json, '3c-machining', unitIdsOf(model));
      const forecaster = new Forecaster(twin, { replications: 3, learn: true });
      twin.observers.push(forecaster);
      for (const m of readRecording(RECORDING)) {
        if (twin.sync.time > 31) break;
        twin.receive(m);
      }
      return forecaster.forecasts();
    };
    const first = forecasts();
    expect(first.filter((f) => f.kpi === 'shiftOutput').map((f) => f.until)).toEqual([12, 24, 36]);
    // Each mid-shift also forecasts the next 24 h (`dayOutput`), from the same forks.
    expect(first.filter((f) => f.kpi === 'dayOutput').map((f) => f.at)).toEqual(first.filter((f) => f.kpi === 'shiftOutput').map((f) => f.at));
    expect(forecasts()).toEqual(first);
  });
});

describe('decisions evaluated on forks', () => {
  it('candidates share seeds (common random numbers): the baseline differs from itself by exactly 0, and results repeat', () => {
    const twin = replayed(30);
    const running = [...twin.sync.units.values()].find((u) => u.kind === 'cnc' && u.state === 'running')!.id;
    const candidates = [
      { name: 'later', commands: [] },
      { name: 'maintain now', commands: [{ kind: 'maintain' as const, unit: running }] },
      { name: 'same', commands: [] },
    ];
    const first = evaluateCandidates(twin, candidates, { replications: 3, horizonHours: 6 });
    expect(first[0]!.difference).toBe(0);
    expect(first[2]!.difference).toBe(0);
    expect(first[2]!.ci95).toEqual([0, 0]);
    expect(first[1]!.difference).not.toBe(0);
    expect(evaluateCandidates(twin, candidates, { replications: 3, horizonHours: 6 })).toEqual(first);
  });

  it('dispatching rules are candidates too: the plant commands, carried out in the forks', () => {
    const twin = replayed(30);
    const rules = ['default', 'spt', 'edd'].map((rule) => ({ name: rule, commands: rule === 'default' ? [] : [{ kind: 'dispatching-rule' as const, rule }] }));
    const results = evaluateCandidates(twin, rules, { replications: 3, horizonHours: 12 });
    expect(results.map((r) => r.name)).toEqual(['default', 'spt', 'edd']);
    // A rule changes which lot each cell takes next, so what is machined over a shift changes on some seed.
    expect(results.slice(1).some((r) => r.ci95[0] !== r.ci95[1])).toBe(true);
    const sent: string[] = [];
    const actor = new Actor((metrics) => sent.push(`${metrics[0]!.name}=${String(metrics[0]!.value)}`), {
      forks: { replications: 3, horizonHours: 12 },
      rules: ['default', 'spt', 'edd'],
    });
    actor.afterMessage(twin);
    const ruleDecisions = actor.decisions().filter((d) => d.command.startsWith('NCMD Command/Dispatching rule='));
    // Sent only with the paired interval above zero, and logged with every rule's numbers.
    for (const d of ruleDecisions) expect(d.reason).toMatch(/spt machines [\d.]+ vs default [\d.]+ .*; edd machines/);
    expect(sent.filter((m) => m.startsWith('Command/Dispatching rule=')).length).toBe(ruleDecisions.length);
  }, 120_000);

  it('the actor maintains cell 3 when the forks show it worn (age 25 h under its scale of 10 h), not when just renewed', () => {
    // The twin's model knows cell 3's scale (10 h, as the recorded plant): the decision rests on the forks, not on
    // what the learner makes of a running life the test sets.
    const known = applyParameters(json, { 'cnc.health.cellWeibullScaleHours.cnc-3': 10 }, FILE);
    const model = runnable(known);
    const twin = new Twin(model, known, '3c-machining', unitIdsOf(model));
    for (const m of readRecording(RECORDING)) twin.receive(m);
    const cell = twin.sync.units.get('cnc-3')!;
    const decide = (age: number) => {
      Object.assign(cell, { age, ageKnown: true, state: 'running', failedAt: NaN });
      const sent: string[] = [];
      const actor = new Actor((metrics) => sent.push(String(metrics[0]!.value)), { forks: { replications: 6, horizonHours: 12 } });
      actor.afterMessage(twin);
      return { sent, decisions: actor.decisions().filter((d) => d.unit === 'cnc-3'), evaluations: actor.evaluations };
    };
    const fresh = decide(0);
    // Below the optimal replacement age (about 6 h for Weibull(2.2, 10 h) with the stream's repair times against a
    // 1.5 h PM) the cell is not even put to the forks, and not maintained.
    expect(fresh.evaluations).toBe(0);
    expect(fresh.decisions).toEqual([]);
    expect(fresh.sent).not.toContain('cnc-3');
    // The forks agree: on them a renewal of the fresh cell gives a life no longer than the one it has just begun.
    const [, now] = evaluateCandidates(
      twin,
      [
        { name: 'later', commands: [] },
        { name: 'maintain now', commands: [{ kind: 'maintain', unit: 'cnc-3' }] },
      ],
      { replications: 6, horizonHours: 12 },
    );
    expect(now!.difference).toBeLessThanOrEqual(0);
    const worn = decide(25);
    expect(worn.sent).toContain('cnc-3');
    expect(worn.decisions).toHaveLength(1);
    const [d] = worn.decisions;
    expect(d!.command).toBe('NCMD Command/Maintain=cnc-3');
    expect(d!.reason).toMatch(/under Weibull scale 1\d\.\d h \((model|learned for this cell)\)/);
    expect(d!.reason).toMatch(/age 25\.0 running h, optimal replacement age \d\.\d+ h/);
    expect(d!.reason).toMatch(
      /on 6 forks from the synchronised state over 12 h: maintain now machines [\d.]+ vs later [\d.]+ \(paired difference [\d.]+, 95 % CI/,
    );
    expect(Number(/paired difference (-?[\d.]+)/.exec(d!.reason)![1])).toBeGreaterThan(0);
  }, 120_000);
});

describe('the actor on a learned life', () => {
  it('orders at the replacement age of the interval end nearest the model, or past enough failures of the point estimate', () => {
    // All cells at scale 30 h in the recorded plant, 110 h in the file: the pooled estimate is flagged within two days.
    const model = runnable(json);
    const twin = new Twin(model, json, '3c-machining', unitIdsOf(model));
    for (const m of readRecording('data/recordings/3c-machining-L1-seed3-2d-weibullScale30.jsonl.gz')) twin.receive(m);
    // A cell not flagged on its own, made old enough to be past any replacement age here (its running life counts as
    // a censored one in the estimates, so they are read after).
    const cell = twin.sync.units.get('cnc-1')!;
    Object.assign(cell, { age: 60, state: 'running', failedAt: NaN });
    const pooled = twin.estimates().find((e) => e.unit === 'cnc' && e.parameter === 'cnc.health.weibullScaleHours')!;
    expect(pooled.differs).toBe(true);
    expect(twin.estimates().find((e) => e.unit === 'cnc-1' && e.parameter.endsWith('cnc-1'))?.differs ?? false).toBe(false);
    const conservative = learnedOverrides(twin)['cnc.health.weibullScaleHours']!;
    expect(conservative).toBeGreaterThan(pooled.observed);
    const ordered = (pointEstimateFailures: number) => {
      const actor = new Actor(() => {}, { forks: false, pointEstimateFailures });
      actor.afterMessage(twin);
      const reason = actor.decisions().find((d) => d.unit === 'cnc-1')!.reason;
      return { scale: Number(/under Weibull scale ([\d.]+) h/.exec(reason)![1]), reason };
    };
    const early = ordered(pooled.n + 1);
    expect(early.scale).toBeCloseTo(conservative, 1);
    expect(early.reason).toMatch(/\(learned, shared\)/);
    const late = ordered(pooled.n);
    expect(late.scale).toBeCloseTo(pooled.observed, 1);
    expect(late.reason).toMatch(/\(learned, shared, point estimate\)/);
  });
});
