import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  compileRule,
  expressionChooser,
  runExpressionRule,
  RULE_FEATURE_NAMES,
  RuleSyntaxError,
  RuleValueError,
} from '../../src/core/scheduling/expression.ts';
import { defaultDueDates, runRule } from '../../src/core/scheduling/rules.ts';
import { dispatch } from '../../src/core/scheduling/dispatch.ts';
import { validateStarts } from '../../src/core/scheduling/schedule.ts';
import { randomInstance } from '../../src/core/scheduling/generator.ts';
import { ROOT, SAMPLE, load, referenceNonDelay } from './helpers.ts';

function syntaxError(source: string): RuleSyntaxError {
  try {
    compileRule(source);
  } catch (error) {
    if (error instanceof RuleSyntaxError) return error;
    throw error;
  }
  throw new Error(`"${source}" compiled`);
}

describe('rules written as expressions', () => {
  it('the built-in rules written as expressions give exactly the built-in schedules', () => {
    for (const name of SAMPLE) {
      const inst = load(name);
      expect(runExpressionRule(inst, compileRule('p')).starts).toEqual(runRule(inst, 'spt').starts);
      expect(runExpressionRule(inst, compileRule('-remaining_work')).starts).toEqual(runRule(inst, 'mwkr').starts);
      expect(runExpressionRule(inst, compileRule('remaining_work', { highestFirst: true })).starts).toEqual(runRule(inst, 'mwkr').starts);
      expect(runExpressionRule(inst, compileRule('remaining_ops', { highestFirst: true })).starts).toEqual(runRule(inst, 'mor').starts);
      expect(runExpressionRule(inst, compileRule('now - waiting')).starts).toEqual(runRule(inst, 'fifo').starts);
      expect(runExpressionRule(inst, compileRule('due')).starts).toEqual(runRule(inst, 'edd').starts);
    }
  });

  it('composite rules match an independent event-stepping dispatcher and give valid schedules', () => {
    for (const name of ['ft10', 'la21', 'ta01', 'ta21']) {
      const inst = load(name);
      const due = defaultDueDates(inst);
      const cases: [string, (j: number, k: number, t: number, readyAt: number, work: number) => number][] = [
        ['p / remaining_work', (j, k, _t, _r, work) => inst.duration[j]![k]! / work],
        ['min(slack, 0) * 10 + p', (j, k, t, _r, work) => Math.min(due[j]! - t - work, 0) * 10 + inst.duration[j]![k]!],
        ['p - 0.5 * waiting + 3 * remaining_ops', (j, k, t, r) => inst.duration[j]![k]! - 0.5 * (t - r) + 3 * (inst.machines - k)],
        ['remaining_ops > 5 ? p : -remaining_work', (j, k, _t, _r, work) => (inst.machines - k > 5 ? inst.duration[j]![k]! : -work)],
      ];
      for (const [source, key] of cases) {
        const starts = runExpressionRule(inst, compileRule(source)).starts;
        expect(validateStarts(inst, starts)).toEqual([]);
        expect(starts, `${source} on ${name}`).toEqual(referenceNonDelay(inst, key));
      }
    }
  });

  it('next_queue_work and queue_length read the queues of the machines', () => {
    // Two jobs on machine 0 first; job 0 goes next to machine 1 where job 2 (p = 7) waits, job 1 to machine 2 (empty).
    const inst = {
      name: 'q',
      jobs: 3,
      machines: 3,
      machine: [
        [0, 1, 2],
        [0, 2, 1],
        [1, 0, 2],
      ],
      duration: [
        [5, 1, 1],
        [5, 1, 1],
        [7, 1, 1],
      ],
    };
    const seen: Record<string, number[]> = {};
    const rule = compileRule('p');
    const chooser = expressionChooser(inst, {
      ...rule,
      evaluate: (v) => {
        for (const [i, name] of RULE_FEATURE_NAMES.entries()) (seen[name] ??= []).push(v[i]!);
        return rule.evaluate(v);
      },
    });
    dispatch(inst, (state, conflict) => {
      const pick = chooser(state, conflict);
      if (state.step === 0) expect(conflict).toEqual([0, 1]);
      return pick;
    });
    expect(seen.next_queue_work!.slice(0, 2)).toEqual([7, 0]);
    expect(seen.queue_length!.slice(0, 2)).toEqual([2, 2]);
    expect(seen.remaining_ops!.slice(0, 2)).toEqual([3, 3]);
    expect(seen.next_p!.slice(0, 2)).toEqual([1, 1]);
  });

  it('highest first reverses the order and is deterministic', () => {
    const inst = randomInstance({ jobs: 20, machines: 10, seed: 3 });
    const low = runExpressionRule(inst, compileRule('p * remaining_ops')).starts;
    const high = runExpressionRule(inst, compileRule('-p * remaining_ops')).starts;
    expect(runExpressionRule(inst, compileRule('p * remaining_ops', { highestFirst: true })).starts).toEqual(high);
    expect(low).not.toEqual(high);
    expect(runExpressionRule(inst, compileRule('p * remaining_ops')).starts).toEqual(low);
  });

  it('a syntax error points at the column', () => {
    const e = syntaxError('p + * 3');
    expect(e.column).toBe(5);
    expect(e.message).toBe('rule "p + * 3", column 5: Expected expression after +');
    expect(syntaxError('min(slack, 0 * 10').column).toBe(18);
    expect(syntaxError('p ^ 2').message).toContain('pow(x, y)');
    expect(syntaxError('   ').message).toContain('empty');
  });

  it('an unknown name lists the features that exist, and points at it', () => {
    const e = syntaxError('p / remaining_wrk');
    expect(e.column).toBe(5);
    for (const feature of ['p', 'remaining_work', 'remaining_ops', 'next_queue_work', 'waiting', 'release', 'due', 'slack', 'queue_length']) {
      expect(e.message).toContain(feature);
    }
    expect(syntaxError('sin(p)').message).toContain('the functions are min, max');
    expect(syntaxError('max(p)').message).toContain('at least 2 arguments');
  });

  it('reaches nothing outside the features: no members, globals, strings or calls of other things', () => {
    for (const source of ['constructor', '__proto__', 'this', 'globalThis', 'process.exit(1)', 'p["constructor"]', '(p)(1)', '"x"', '[1, 2]', 'p = 3']) {
      expect(() => compileRule(source), source).toThrow(RuleSyntaxError);
    }
  });

  it('a rule giving NaN or an infinity names the operation and its feature values', () => {
    const inst = load('ft06');
    let error: unknown;
    try {
      runExpressionRule(inst, compileRule('p / waiting'));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RuleValueError);
    const e = error as RuleValueError;
    expect(e.value).toBe(Infinity);
    expect(e.features.waiting).toBe(0);
    expect(e.message).toMatch(/^rule "p \/ waiting" gives Infinity for job \d+, operation \d+ \(machine \d+\): p = \d+/);
    expect(() => runExpressionRule(inst, compileRule('0 * waiting / waiting'))).toThrow(/gives NaN for job/);
  });
});

describe('npm run schedule -- --rule', () => {
  const schedule = (...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/schedule.ts'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });

  it('runs a rule of your own on an instance, and refuses a bad one with exit code 2 and a caret', () => {
    const ok = schedule('ta01', '--rule', 'p / remaining_work', '--format', 'json');
    expect(ok.status, ok.stderr).toBe(0);
    const out = JSON.parse(ok.stdout) as { makespan: number; algo: string };
    expect(out.makespan).toBe(runExpressionRule(load('ta01'), compileRule('p / remaining_work')).makespan);
    expect(out.algo).toBe('rule "p / remaining_work"');
    const bad = schedule('ta01', '--rule', 'p + * 3');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('column 5: Expected expression after +\n  p + * 3\n      ^');
    const inf = schedule('ta01', '--rule', '1 / waiting');
    expect(inf.status).toBe(2);
    expect(inf.stderr).toContain('gives Infinity for job');
    expect(schedule('ta01', '--rule', 'p', '--algo', 'spt').status).toBe(2);
  });
});
