/**
 * A student's own dispatching rule: a priority written as an expression over named features of the operation, its job
 * and its machine, e.g. `p / remaining_work` or `min(slack, 0) * 10 + p`; the conflict set's operation with the lowest
 * value is dispatched (or the highest, with `highestFirst`), ties to the lower job index like every library rule.
 *
 * The text is parsed by jsep (a small, maintained expression parser that only builds a syntax tree) and the tree is
 * checked against a closed grammar (numbers, feature names, + - * /, comparisons, `a ? b : c`, and a fixed set of
 * functions) and compiled once into nested closures. Nothing of the user's text is ever given to eval or new Function,
 * and no name outside the feature list and the function list can be reached (no members, no globals). The functions are
 * exact in IEEE arithmetic (min, max, abs, floor, ...) or come from src/core/math (exp, log, pow), so a rule gives the
 * same bits on every engine.
 */
import jsep from 'jsep';
import type { JobShopInstance } from './instance.ts';
import { dispatch, type Chooser, type DispatchResult, type DispatchState, type GenerationScheme } from './dispatch.ts';
import { defaultDueDates } from './rules.ts';
import { exp, log, pow } from '../math/index.ts';

/** The features a rule may name, in the order of the value vector, with their meaning (shown to students). */
export const RULE_FEATURES = {
  p: 'processing time of the operation',
  remaining_work: "work left in the operation's job, this operation included",
  remaining_ops: 'operations left in the job, this one included',
  next_queue_work: "work waiting in the queue of the job's next machine (0 for the last operation)",
  waiting: 'time the job has waited for this machine when the operation would start',
  release: "the job's release time",
  due: "the job's due date (default: release + 1.5 x its total work)",
  slack: 'due - now - remaining_work',
  queue_length: 'number of jobs whose next operation is on this machine',
  now: 'the time the operation would start',
  total_work: "the job's total processing time",
  machine_work: 'work left on this machine (all jobs)',
  next_p: "processing time of the job's following operation (0 for the last operation)",
  weight: "the job's weight (default 1)",
} as const;
export type RuleFeature = keyof typeof RULE_FEATURES;
export const RULE_FEATURE_NAMES = Object.keys(RULE_FEATURES) as RuleFeature[];
const FEATURE_INDEX = new Map<string, number>(RULE_FEATURE_NAMES.map((name, i) => [name, i]));

type Fn = (values: Float64Array) => number;

const FUNCTIONS: Record<string, { arity: [number, number]; make: (args: Fn[]) => Fn }> = {
  min: { arity: [2, Infinity], make: (a) => (v) => a.reduce((acc, f) => Math.min(acc, f(v)), Infinity) },
  max: { arity: [2, Infinity], make: (a) => (v) => a.reduce((acc, f) => Math.max(acc, f(v)), -Infinity) },
  abs: {
    arity: [1, 1],
    make:
      ([a]) =>
      (v) =>
        Math.abs(a!(v)),
  },
  floor: {
    arity: [1, 1],
    make:
      ([a]) =>
      (v) =>
        Math.floor(a!(v)),
  },
  ceil: {
    arity: [1, 1],
    make:
      ([a]) =>
      (v) =>
        Math.ceil(a!(v)),
  },
  round: {
    arity: [1, 1],
    make:
      ([a]) =>
      (v) =>
        Math.round(a!(v)),
  },
  sqrt: {
    arity: [1, 1],
    make:
      ([a]) =>
      (v) =>
        Math.sqrt(a!(v)),
  },
  exp: {
    arity: [1, 1],
    make:
      ([a]) =>
      (v) =>
        exp(a!(v)),
  },
  log: {
    arity: [1, 1],
    make:
      ([a]) =>
      (v) =>
        log(a!(v)),
  },
  pow: {
    arity: [2, 2],
    make:
      ([a, b]) =>
      (v) =>
        pow(a!(v), b!(v)),
  },
};
export const RULE_FUNCTIONS = Object.keys(FUNCTIONS);

const BINARY: Record<string, (a: number, b: number) => number> = {
  '+': (a, b) => a + b,
  '-': (a, b) => a - b,
  '*': (a, b) => a * b,
  '/': (a, b) => a / b,
  '<': (a, b) => (a < b ? 1 : 0),
  '<=': (a, b) => (a <= b ? 1 : 0),
  '>': (a, b) => (a > b ? 1 : 0),
  '>=': (a, b) => (a >= b ? 1 : 0),
  '==': (a, b) => (a === b ? 1 : 0),
  '!=': (a, b) => (a !== b ? 1 : 0),
};

/** A rule that could not be compiled: `column` (1-based) where the text is wrong, when it is known. */
export class RuleSyntaxError extends Error {
  constructor(
    readonly source: string,
    readonly reason: string,
    readonly column: number | undefined,
  ) {
    super(`rule "${source}"${column !== undefined ? `, column ${column}` : ''}: ${reason}`);
    this.name = 'RuleSyntaxError';
  }
}

/** A rule that gave NaN or an infinity for an operation, naming it and the feature values it saw. */
export class RuleValueError extends Error {
  constructor(
    readonly source: string,
    readonly value: number,
    readonly job: number,
    readonly operation: number,
    readonly machine: number,
    readonly features: Readonly<Record<RuleFeature, number>>,
  ) {
    const shown = RULE_FEATURE_NAMES.map((name) => `${name} = ${features[name]}`).join(', ');
    super(`rule "${source}" gives ${value} for job ${job}, operation ${operation} (machine ${machine}): ${shown}`);
    this.name = 'RuleValueError';
  }
}

export interface CompiledRule {
  readonly source: string;
  readonly highestFirst: boolean;
  /** The feature names the rule uses. */
  readonly uses: readonly RuleFeature[];
  /** The rule's value for a feature vector laid out as RULE_FEATURE_NAMES. */
  readonly evaluate: (values: Float64Array) => number;
}

/** Column (1-based) of the first occurrence of `name` as a whole identifier in `source`. */
function columnOf(source: string, name: string): number | undefined {
  for (const match of source.matchAll(/(?<![\w$.])[A-Za-z_$][\w$]*/g)) if (match[0] === name) return match.index + 1;
  return undefined;
}

/** Parses and checks a rule; throws RuleSyntaxError pointing at the column (syntax) or listing the names that exist. */
export function compileRule(source: string, options: { highestFirst?: boolean } = {}): CompiledRule {
  if (source.trim() === '') throw new RuleSyntaxError(source, 'the rule is empty; write a priority such as p / remaining_work', 1);
  let tree: jsep.Expression;
  try {
    tree = jsep(source);
  } catch (error) {
    const e = error as Error & { index?: number; description?: string };
    throw new RuleSyntaxError(source, (e.description ?? e.message).replace(/ at character \d+$/, ''), e.index !== undefined ? e.index + 1 : undefined);
  }
  const uses = new Set<RuleFeature>();
  const unsupported = (what: string, name?: string): never => {
    throw new RuleSyntaxError(source, what, name !== undefined ? columnOf(source, name) : undefined);
  };
  const build = (node: jsep.Expression): Fn => {
    switch (node.type) {
      case 'Literal': {
        const value = (node as jsep.Literal).value;
        if (typeof value !== 'number') unsupported(`only numbers are allowed as constants, not ${(node as jsep.Literal).raw}`);
        const constant = value as number;
        return () => constant;
      }
      case 'Identifier': {
        const name = (node as jsep.Identifier).name;
        const index = FEATURE_INDEX.get(name);
        if (index === undefined) {
          const hint = name in FUNCTIONS ? ` (${name} is a function: write ${name}(...))` : '';
          unsupported(`unknown name "${name}"${hint}; the features are ${RULE_FEATURE_NAMES.join(', ')}`, name);
        }
        uses.add(name as RuleFeature);
        return (v) => v[index!]!;
      }
      case 'UnaryExpression': {
        const u = node as jsep.UnaryExpression;
        const arg = build(u.argument);
        if (u.operator === '-') return (v) => -arg(v);
        if (u.operator === '+') return arg;
        return unsupported(`the operator "${u.operator}" is not allowed; use + - * / and comparisons`);
      }
      case 'BinaryExpression': {
        const b = node as jsep.BinaryExpression;
        const op = BINARY[b.operator];
        if (!op) {
          const hint = b.operator === '^' || b.operator === '**' ? ' (for powers write pow(x, y) or x * x)' : '';
          unsupported(`the operator "${b.operator}" is not allowed${hint}; use + - * / < <= > >= == !=`);
        }
        const left = build(b.left);
        const right = build(b.right);
        return (v) => op!(left(v), right(v));
      }
      case 'ConditionalExpression': {
        const c = node as jsep.ConditionalExpression;
        const test = build(c.test);
        const yes = build(c.consequent);
        const no = build(c.alternate);
        return (v) => (test(v) !== 0 ? yes(v) : no(v));
      }
      case 'CallExpression': {
        const call = node as jsep.CallExpression;
        const callee = call.callee.type === 'Identifier' ? (call.callee as jsep.Identifier).name : undefined;
        const fn = callee !== undefined ? FUNCTIONS[callee] : undefined;
        if (!fn) {
          return unsupported(`unknown function${callee !== undefined ? ` "${callee}"` : ''}; the functions are ${RULE_FUNCTIONS.join(', ')}`, callee);
        }
        const [lo, hi] = fn.arity;
        const count = call.arguments.length;
        if (count < lo || count > hi) {
          const wanted = lo === hi ? `${lo}` : hi === Infinity ? `at least ${lo}` : `${lo} to ${hi}`;
          unsupported(`${callee}() takes ${wanted} argument${wanted === '1' ? '' : 's'}, got ${count}`, callee);
        }
        return fn.make(call.arguments.map(build));
      }
      case 'Compound':
        return unsupported('an operator is missing between two terms (a rule is one expression)');
      case 'MemberExpression':
        return unsupported('"." and [] are not allowed: write a feature name, e.g. remaining_work');
      default:
        return unsupported(`"${node.type}" is not allowed; a rule is arithmetic over the features (${RULE_FEATURE_NAMES.join(', ')})`);
    }
  };
  const evaluate = build(tree);
  return { source, highestFirst: options.highestFirst ?? false, uses: RULE_FEATURE_NAMES.filter((f) => uses.has(f)), evaluate };
}

export interface ExpressionRuleOptions {
  scheme?: GenerationScheme;
  release?: readonly number[];
  dueDates?: readonly number[];
  dueDateFactor?: number;
  weights?: readonly number[];
}

const F = RULE_FEATURE_NAMES.length;
const I = Object.fromEntries(RULE_FEATURE_NAMES.map((name, i) => [name, i])) as Record<RuleFeature, number>;

/**
 * A chooser for `dispatch` driven by a compiled rule. Throws RuleValueError when the rule's value for a candidate is NaN
 * or infinite (a rule cannot rank what it cannot score).
 */
export function expressionChooser(instance: JobShopInstance, rule: CompiledRule, options: ExpressionRuleOptions = {}): Chooser {
  const { jobs: n, machines: m } = instance;
  const due = options.dueDates ?? defaultDueDates(instance, options.dueDateFactor, options.release);
  const values = new Float64Array(F);
  // Per decision: jobs and work queued per machine (jobs whose next operation is on it), one O(n) pass.
  const queueCount = new Int32Array(m);
  const queueWork = new Float64Array(m);
  const sign = rule.highestFirst ? -1 : 1;
  const fill = (state: DispatchState, j: number): void => {
    const k = state.jobNext[j]!;
    const p = instance.duration[j]![k]!;
    const now = state.earliestStart[j]!;
    const remaining = state.remainingWork[j]!;
    const release = options.release?.[j] ?? 0;
    values[I.p] = p;
    values[I.remaining_work] = remaining;
    values[I.remaining_ops] = m - k;
    if (k + 1 < m) {
      const next = instance.machine[j]![k + 1]!;
      values[I.next_queue_work] = queueWork[next]!;
      values[I.next_p] = instance.duration[j]![k + 1]!;
    } else {
      values[I.next_queue_work] = 0;
      values[I.next_p] = 0;
    }
    values[I.waiting] = now - state.jobReady[j]!;
    values[I.release] = release;
    values[I.due] = due[j]!;
    values[I.slack] = due[j]! - now - remaining;
    values[I.queue_length] = queueCount[state.machine]!;
    values[I.now] = now;
    values[I.total_work] = state.jobTotal[j]!;
    values[I.machine_work] = state.machineRemainingWork[state.machine]!;
    values[I.weight] = options.weights?.[j] ?? 1;
  };
  return (state, conflict) => {
    queueCount.fill(0);
    queueWork.fill(0);
    for (let j = 0; j < n; j++) {
      const k = state.jobNext[j]!;
      if (k >= m) continue;
      const mach = instance.machine[j]![k]!;
      queueCount[mach] = queueCount[mach]! + 1;
      queueWork[mach] = queueWork[mach]! + instance.duration[j]![k]!;
    }
    let best = -1;
    let bestKey = Infinity;
    for (const j of conflict) {
      fill(state, j);
      const value = rule.evaluate(values);
      if (!Number.isFinite(value)) {
        const features = Object.fromEntries(RULE_FEATURE_NAMES.map((name, i) => [name, values[i]!])) as Record<RuleFeature, number>;
        throw new RuleValueError(rule.source, value, j, state.jobNext[j]!, state.machine, features);
      }
      const key = sign * value;
      if (best < 0 || key < bestKey) {
        best = j;
        bestKey = key;
      }
    }
    return best;
  };
}

/** Runs a compiled rule over the instance. */
export function runExpressionRule(instance: JobShopInstance, rule: CompiledRule, options: ExpressionRuleOptions = {}): DispatchResult {
  return dispatch(instance, expressionChooser(instance, rule, options), {
    ...(options.scheme !== undefined ? { scheme: options.scheme } : {}),
    ...(options.release !== undefined ? { release: options.release } : {}),
  });
}
