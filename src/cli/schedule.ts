/**
 * npm run schedule -- <instance-file-or-name> --algo <rule|tabu|rl> [--time-limit S] [--seed N] [--format table|json]
 * npm run schedule -- --suite <family|range|list> --algo <...> [--time-limit S]
 * npm run schedule -- <instance> --rule "p / remaining_work" [--highest-first]   (a rule of your own, see expression.ts)
 *
 * Solves one instance (a file, or the name of a shipped instance in data/jsplib/instances) or a whole suite and prints
 * the makespan, the bound, the gap and the time. JSON output holds the full schedule, checkable by anyone.
 * Exit codes: 0 ok, 2 bad input (command line, including a rule that does not parse or gives NaN or an infinity for
 * some operation, or an instance file that cannot be read or parsed, as `sim`), 1 anything else.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvalidArgumentError, Option } from 'commander';
import { InstanceParseError, parseInstance, type JobShopInstance } from '../core/scheduling/instance.ts';
import { toOperationList, validateStarts } from '../core/scheduling/schedule.ts';
import { lowerBounds } from '../core/scheduling/bounds.ts';
import { RULE_NAMES } from '../core/scheduling/rules.ts';
import { checkWeights } from '../core/scheduling/learned.ts';
import { compileRule, runExpressionRule, RuleSyntaxError, RuleValueError, type CompiledRule } from '../core/scheduling/expression.ts';
import { isScript, newCommand, parseCommand, printable, processIo, runEntry, type CliIo } from './command.ts';
import { expandSuite, isAlgorithmName, parseBoundsFile, sizeLabel, solve, type AlgorithmName, type BoundEntry } from '../core/scheduling/catalog.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const DATA = join(ROOT, 'data/jsplib');
const WEIGHTS = join(ROOT, 'src/core/scheduling/dispatcher-weights.json');
const ALGOS = [...RULE_NAMES, 'tabu', 'rl'];

class UsageError extends Error {}

/** Reads a file; one the user named (`input`) that cannot be read is bad input (exit 2), a data file of ours is not. */
function readText(file: string, input = false): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const message = `${file}: cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`;
    throw input ? new UsageError(message) : new Error(message);
  }
}

function loadBounds(): Map<string, BoundEntry> {
  const file = join(DATA, 'bounds.json');
  return parseBoundsFile(readText(file), file);
}

function loadReference(): Reference {
  return JSON.parse(readText(join(DATA, 'reference.json'))) as Reference;
}

interface Reference {
  greedyRules: { taillard: Record<string, Record<string, number>>; lawrence: Record<string, Record<string, number>> };
  learned: { taillard: Record<string, Record<string, number>> };
  tabu: { la: { tsab: number; tssb: number }; ta: { tsab: Record<string, number>; tssb: Record<string, number> } };
}

function loadInstance(spec: string): JobShopInstance {
  if (existsSync(spec)) return parseInstance(readText(spec, true), spec);
  const shipped = join(DATA, 'instances', spec.toLowerCase());
  if (existsSync(shipped)) return parseInstance(readText(shipped), shipped, spec.toLowerCase());
  throw new UsageError(`instance "${spec}": no such file, and no shipped instance of that name (try ft06, la01, ta01 or a path)`);
}

function parseNumber(name: string, integer: boolean, min: number) {
  return (value: string): number => {
    const v = Number(value);
    if (value.trim() === '' || !Number.isFinite(v) || (integer && !Number.isSafeInteger(v)) || v < min) {
      throw new InvalidArgumentError(`${name} must be ${integer ? 'an integer' : 'a number'} >= ${min}`);
    }
    return v;
  };
}

interface Opts {
  /** False when --iterations is given without --time-limit: the run is then bounded by iterations only (reproducible). */
  useTimeLimit: boolean;
  algo?: string;
  rule?: string;
  highestFirst?: boolean;
  timeLimit: number;
  seed: number;
  format: 'table' | 'json';
  suite?: string;
  scheme: 'active' | 'non-delay';
  iterations?: number;
  neighbourhood: 'n5' | 'n7';
}

interface Row {
  name: string;
  size: string;
  makespan: number;
  bound: number;
  boundKind: 'best-known UB' | 'computed LB';
  lowerBound: number;
  gap: number;
  seconds: number;
  iterations: number;
  starts: readonly number[];
  instance: JobShopInstance;
}

function runOne(instance: JobShopInstance, algo: AlgorithmName | CompiledRule, opts: Opts, bounds: Map<string, BoundEntry>): Row {
  const known = bounds.get(instance.name);
  const computed = lowerBounds(instance).value;
  // A shipped instance's bound is used only if the file really is that instance (same size), not a same-named edit.
  const entry = known && known.jobs === instance.jobs && known.machines === instance.machines ? known : undefined;
  const lb = Math.max(entry?.lowerBound ?? 0, computed);
  const weights = algo === 'rl' ? checkWeights(JSON.parse(readText(WEIGHTS)), WEIGHTS) : undefined;
  const t0 = performance.now();
  const result =
    typeof algo !== 'string'
      ? { ...runExpressionRule(instance, algo, { scheme: opts.scheme }), iterations: 1 }
      : solve(instance, algo, {
          seed: opts.seed,
          scheme: opts.scheme,
          ...(opts.useTimeLimit ? { timeLimitMs: opts.timeLimit * 1000, clock: () => performance.now() } : {}),
          neighbourhood: opts.neighbourhood,
          target: lb,
          ...(opts.iterations !== undefined ? { maxIterations: opts.iterations } : {}),
          ...(weights ? { weights } : {}),
        });
  const seconds = (performance.now() - t0) / 1000;
  const violations = validateStarts(instance, result.starts);
  if (violations.length > 0) throw new Error(`internal error: ${algo} produced an infeasible schedule: ${violations[0]!.message}`);
  const bound = entry?.upperBound ?? lb;
  return {
    name: instance.name,
    size: sizeLabel(instance),
    makespan: result.makespan,
    bound,
    boundKind: entry ? 'best-known UB' : 'computed LB',
    lowerBound: lb,
    gap: ((result.makespan - bound) / bound) * 100,
    seconds,
    iterations: result.iterations,
    starts: result.starts,
    instance,
  };
}

function publishedReference(ref: Reference, algo: string, family: string, size: string, names: string[]): string {
  if (family === 'ta' && ['spt', 'mwkr', 'mor'].includes(algo)) {
    const v = ref.greedyRules.taillard[size]?.[algo];
    return v === undefined ? '' : `SLJ greedy ${algo.toUpperCase()} ${v.toFixed(1)} %`;
  }
  if (family === 'la' && ['spt', 'mwkr', 'mor'].includes(algo)) {
    const v = ref.greedyRules.lawrence[size]?.[algo];
    return v === undefined ? '' : `SLJ greedy ${algo.toUpperCase()} ${v.toFixed(1)} %`;
  }
  if (family === 'ta' && algo === 'rl') {
    const v = ref.learned.taillard[size];
    return v ? `SPN greedy ${v.spnGreedy} %, L2D greedy ${v.l2dGreedy} %` : '';
  }
  if (algo === 'tabu' && family === 'la') return `TSAB ${ref.tabu.la.tsab} % (20 inst.), TSSB ${ref.tabu.la.tssb} % (all 40)`;
  if (algo === 'tabu' && family === 'ta') {
    const nums = names.map((n) => Number(n.slice(2)));
    const lo = Math.floor((Math.min(...nums) - 1) / 10) * 10 + 1;
    const key = `ta${String(lo).padStart(2, '0')}-${String(lo + 9).padStart(2, '0')}`;
    const tsab = ref.tabu.ta.tsab[key];
    const tssb = ref.tabu.ta.tssb[key];
    return tsab === undefined ? '' : `TSAB ${tsab} %, TSSB ${tssb} % (${key})`;
  }
  return '';
}

function printSuite(rows: Row[], algo: string, opts: Opts, ref: Reference): void {
  const pad = (s: string | number, w: number) => String(s).padStart(w);
  console.log(`${'instance'.padEnd(9)}${pad('size', 8)}${pad('makespan', 10)}${pad('UB', 7)}${pad('gap %', 8)}${pad('time s', 8)}`);
  for (const r of rows) {
    console.log(`${r.name.padEnd(9)}${pad(r.size, 8)}${pad(r.makespan, 10)}${pad(r.bound, 7)}${pad(r.gap.toFixed(2), 8)}${pad(r.seconds.toFixed(1), 8)}`);
  }
  console.log('');
  const head = `group (${algo}${algo === 'tabu' ? `, ${opts.timeLimit} s limit` : ''})`;
  console.log((head.length >= 28 ? `${head}  ` : head.padEnd(28)) + 'mean gap %  published reference');
  const groups = new Map<string, Row[]>();
  for (const r of rows) {
    const key = `${r.name.replace(/\d+$/, '')} ${r.size}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  for (const [key, list] of groups) {
    const [family, size] = key.split(' ') as [string, string];
    const mean = list.reduce((a, r) => a + r.gap, 0) / list.length;
    console.log(
      `${key} (${list.length})`.padEnd(28) +
        mean.toFixed(2).padStart(9) +
        '   ' +
        publishedReference(
          ref,
          algo,
          family,
          size,
          list.map((r) => r.name),
        ),
    );
  }
  const mean = rows.reduce((a, r) => a + r.gap, 0) / rows.length;
  console.log(`all (${rows.length})`.padEnd(28) + mean.toFixed(2).padStart(9));
}

/** Tables and JSON go to stdout (console.log), messages to `io.err`. */
export function main(argv: readonly string[], io: Pick<CliIo, 'out' | 'err'> = processIo): number {
  const program = newCommand(
    'schedule',
    'Solve a job-shop instance (or a suite of shipped instances) with a dispatching rule, tabu search or the learned dispatcher.',
    io,
  )
    .argument('[instance]', 'instance file, or the name of a shipped instance (ft06, la01, ta01, ...)')
    .option('--algo <name>', `algorithm: ${ALGOS.join(', ')} (case-insensitive)`)
    .option(
      '--rule <expression>',
      'your own dispatching rule instead of --algo: a priority over the operation\'s features, lowest first, e.g. "p / remaining_work"',
    )
    .option('--highest-first', 'with --rule: dispatch the operation with the highest value first')
    .option(
      '--time-limit <seconds>',
      'tabu search time limit per instance (none by default when --iterations is given)',
      parseNumber('--time-limit', false, 0),
      10,
    )
    .option('--iterations <n>', 'tabu search iteration limit (reproducible run, bit-identical per seed)', parseNumber('--iterations', true, 1))
    .option('--seed <n>', 'random seed (tabu, random rule)', parseNumber('--seed', true, 0), 1)
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .addOption(new Option('--scheme <scheme>', 'schedule generation of the rules').choices(['non-delay', 'active']).default('non-delay'))
    .addOption(new Option('--neighbourhood <n>', 'tabu neighbourhood').choices(['n7', 'n5']).default('n7'))
    .option('--suite <spec>', 'run a family (ft, la, abz, orb, swv, yn, ta), a range (ta01-ta10) or a comma list, and print the gap table');
  const exit = parseCommand(program, argv);
  if (exit !== undefined) return exit;
  const opts = program.opts<Opts>();
  opts.useTimeLimit = !(opts.iterations !== undefined && program.getOptionValueSource('timeLimit') === 'default');
  const fail = (message: string, code: number) => {
    io.err(`schedule: ${message.split('\n').map(printable).join('\n')}\n`);
    return code;
  };
  if ((opts.algo === undefined) === (opts.rule === undefined)) return fail('give either --algo <name> or --rule "<expression>"', 2);
  if (opts.highestFirst && opts.rule === undefined) return fail('--highest-first goes with --rule', 2);
  let algo: AlgorithmName | CompiledRule;
  if (opts.rule !== undefined) {
    try {
      algo = compileRule(opts.rule, { highestFirst: opts.highestFirst ?? false });
    } catch (error) {
      if (!(error instanceof RuleSyntaxError)) throw error;
      const caret = error.column !== undefined ? `\n  ${opts.rule}\n  ${' '.repeat(error.column - 1)}^` : '';
      return fail(`--rule: ${error.message}${caret}`, 2);
    }
  } else {
    const name = opts.algo!.toLowerCase();
    if (!isAlgorithmName(name)) return fail(`unknown --algo "${opts.algo}"; expected one of ${ALGOS.join(', ')}`, 2);
    algo = name;
  }
  const algoLabel = typeof algo === 'string' ? algo : `rule "${algo.source}"${algo.highestFirst ? ' (highest first)' : ''}`;
  const instanceArg = program.args[0];
  if (opts.suite && instanceArg) return fail('give either an instance or --suite, not both', 2);
  if (!opts.suite && !instanceArg) return fail('missing instance (a file or a shipped name), or use --suite', 2);
  try {
    const bounds = loadBounds();
    if (opts.suite) {
      const names = readdirSync(join(DATA, 'instances'));
      const ordered = [...bounds.keys()].filter((n) => names.includes(n));
      let suite: string[];
      try {
        suite = expandSuite(opts.suite, ordered);
      } catch (error) {
        return fail((error as Error).message, 2);
      }
      const rows = suite.map((name) => {
        const row = runOne(loadInstance(name), algo, opts, bounds);
        if (opts.format === 'table') process.stderr.write(`${name}: ${row.makespan} (${row.gap.toFixed(2)} %)\n`);
        return row;
      });
      if (opts.format === 'json') {
        console.log(
          JSON.stringify(
            {
              algo: algoLabel,
              suite: opts.suite,
              results: rows.map((r) => ({
                instance: r.name,
                size: r.size,
                makespan: r.makespan,
                bound: r.bound,
                boundKind: r.boundKind,
                gap: r.gap,
                time: r.seconds,
              })),
            },
            null,
            1,
          ),
        );
      } else printSuite(rows, typeof algo === 'string' ? algo : algoLabel, opts, loadReference());
      return 0;
    }
    const instance = loadInstance(instanceArg!);
    const row = runOne(instance, algo, opts, bounds);
    if (opts.format === 'json') {
      console.log(
        JSON.stringify({
          instance: row.name,
          jobs: instance.jobs,
          machines: instance.machines,
          algo: algoLabel,
          seed: opts.seed,
          makespan: row.makespan,
          bound: row.bound,
          boundKind: row.boundKind,
          lowerBound: row.lowerBound,
          gap: row.gap,
          time: row.seconds,
          iterations: row.iterations,
          schedule: toOperationList(instance, row.starts),
        }),
      );
    } else {
      console.log(`instance   ${row.name} (${row.size})`);
      console.log(`algorithm  ${algoLabel}${algo !== 'tabu' && algo !== 'rl' ? ` (${opts.scheme})` : ''}`);
      console.log(`makespan   ${row.makespan}`);
      console.log(`bound      ${row.bound} (${row.boundKind}); lower bound ${row.lowerBound}`);
      console.log(`gap        ${row.gap.toFixed(2)} %`);
      console.log(`time       ${row.seconds.toFixed(3)} s${algo === 'tabu' ? ` (${row.iterations} iterations)` : ''}`);
    }
    return 0;
  } catch (error) {
    if (error instanceof UsageError || error instanceof RuleValueError || error instanceof InstanceParseError) return fail(error.message, 2);
    return fail((error as Error).message, 1);
  }
}

/** The terminal entry of `npm run schedule` and `fabtwin schedule`. */
export const runMain = (argv: readonly string[]): number => main(argv);

if (isScript(import.meta.url)) await runEntry(runMain, process.argv.slice(2));
