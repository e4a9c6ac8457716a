import { describe, expect, it } from 'vitest';
import { runBoard, rankBoard, type BoardInstance } from '../../src/core/scheduling/leaderboard.ts';
import { RULE_FEATURE_NAMES } from '../../src/core/scheduling/expression.ts';
import { runRule } from '../../src/core/scheduling/rules.ts';
import { featureTexts } from '../../src/app/lab/texts.ts';
import { decodeScenario, encodeScenario, type Scenario } from '../../src/app/share/scenario.ts';
import { bounds, load } from './helpers.ts';

const TA01_10: BoardInstance[] = Array.from({ length: 10 }, (_, i) => {
  const name = `ta${String(i + 1).padStart(2, '0')}`;
  return { instance: load(name), bound: bounds.get(name)!.upperBound };
});

describe('the leaderboard', () => {
  it('ranks contestants by mean gap to the best-known bounds with a Student-t 95 % interval over the group', () => {
    const rows = runBoard(TA01_10, [
      { kind: 'rule', rule: 'spt' },
      { kind: 'expression', name: 'mine', expression: 'remaining_work', highestFirst: true },
      { kind: 'rule', rule: 'mwkr' },
    ]);
    expect(rows.map((r) => r.key)).toEqual(['expression:mine', 'rule:mwkr', 'rule:spt']);
    const spt = rows[2]!;
    const gaps = TA01_10.map(({ instance, bound }) => ((runRule(instance, 'spt').makespan - bound) / bound) * 100);
    expect(spt.gaps).toEqual(gaps);
    const mean = gaps.reduce((a, b) => a + b, 0) / 10;
    const sd = Math.sqrt(gaps.reduce((a, g) => a + (g - mean) * (g - mean), 0) / 9);
    expect(spt.meanGap).toBeCloseTo(mean, 12);
    // t(0.975, 9) = 2.2622
    expect(spt.ci95).toBeCloseTo((2.2622 * sd) / Math.sqrt(10), 3);
    expect(spt.meanGap).toBeCloseTo(25.9, 0);
    // MWKR written as a rule is MWKR: same gaps, tied, and the earlier entry stays first.
    expect(rows[0]!.gaps).toEqual(rows[1]!.gaps);
    expect(rows[1]!.meanGap).toBeCloseTo(19.15, 2);
  });

  it('keeps the given order for ties and puts a single instance at an undefined interval', () => {
    const rows = rankBoard([
      { key: 'b', gaps: [1] },
      { key: 'a', gaps: [1] },
    ]);
    expect(rows.map((r) => r.key)).toEqual(['b', 'a']);
    expect(rows[0]!.ci95).toBeNaN();
  });

  it('every feature has its explanation in the lab in both languages', () => {
    expect(Object.keys(featureTexts.en).sort()).toEqual([...RULE_FEATURE_NAMES].sort());
    expect(Object.keys(featureTexts.zh).sort()).toEqual([...RULE_FEATURE_NAMES].sort());
  });
});

describe('rules in share links', () => {
  const base: Scenario = { plant: '3c-machining', level: 'L2', overrides: {}, seed: 1, speed: 1, time: 0 };

  it('travel in the link and come back the same', async () => {
    const rules = [
      { name: 'ratio', expression: 'p / remaining_work', highestFirst: false },
      { name: 'most work', expression: 'remaining_work', highestFirst: true },
    ];
    const decoded = await decodeScenario(await encodeScenario({ ...base, rules }));
    expect(decoded.rules).toEqual(rules);
    expect((await decodeScenario(await encodeScenario(base))).rules).toBeUndefined();
  });

  it('a link with a malformed rule is refused naming where', async () => {
    await expect(encodeScenario({ ...base, rules: [{ name: '', expression: 'p', highestFirst: false }] })).rejects.toThrow();
    const bad = { ...base, rules: [{ name: 'x', expression: 'p' }] } as unknown as Scenario;
    await expect(encodeScenario(bad)).rejects.toThrow(/highestFirst/);
  });
});
