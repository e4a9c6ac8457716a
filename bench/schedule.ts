/**
 * npm run bench:schedule -- [--section rules,rl,tabu] [--la-time S] [--ta-time S] [--ft10-time S] [--seed N] [--out FILE]
 *
 * Measures the targets of issue 3 on this machine and prints tables beside the published figures (data/jsplib/reference.json):
 * - rules: mean gap per Taillard group for every rule, in both generation schemes (which one reproduces SLJ's greedy
 *   figures decides the default);
 * - rl: the learned dispatcher (greedy, one pass) against the best single rule per Taillard group (ta01-80, a final test
 *   only), and its speed; then how it generalises: fresh instances from Taillard's generator at 15x15 ... 50x15
 *   (--fresh-count per size, seeds from a test-only stream) against MWKR, gaps to the computed lower bound, with the
 *   time per scored decision; --weights FILE measures another policy (e.g. one exported from the lab);
 * - tabu: ft10 (time to 930), la01-la40 at --la-time s each, ta01-ta10 at --ta-time s each.
 * Speed is measured here, never asserted in tests. Times are wall-clock on whatever else the machine is running.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, InvalidArgumentError } from 'commander';
import { parseInstance, type JobShopInstance } from '../src/core/scheduling/instance.ts';
import { RULE_NAMES, runRule } from '../src/core/scheduling/rules.ts';
import { checkWeights, learnedChooser, runLearned } from '../src/core/scheduling/learned.ts';
import { dispatch } from '../src/core/scheduling/dispatch.ts';
import { compareWithMwkr, freshTaillard, GENERALISATION_SIZES } from '../src/core/scheduling/generalisation.ts';
import { tabuSearch } from '../src/core/scheduling/tabu.ts';
import { validateStarts } from '../src/core/scheduling/schedule.ts';
import { expandSuite, parseBoundsFile } from '../src/core/scheduling/catalog.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DATA = join(ROOT, 'data/jsplib');
const bounds = parseBoundsFile(readFileSync(join(DATA, 'bounds.json'), 'utf8'), join(DATA, 'bounds.json'));
const reference = JSON.parse(readFileSync(join(DATA, 'reference.json'), 'utf8')) as {
  greedyRules: { taillard: Record<string, Record<string, number>> };
  learned: { taillard: Record<string, { spnGreedy: number; l2dGreedy: number }> };
  tabu: { la: { tsab: number; tssb: number }; ta: { tsab: Record<string, number>; tssb: Record<string, number> } };
};
const names = [...bounds.keys()].filter((n) => readdirSync(join(DATA, 'instances')).includes(n));
const cache = new Map<string, JobShopInstance>();
function load(name: string): JobShopInstance {
  let inst = cache.get(name);
  if (!inst) {
    const file = join(DATA, 'instances', name);
    inst = parseInstance(readFileSync(file, 'utf8'), file, name);
    cache.set(name, inst);
  }
  return inst;
}
const gapOf = (name: string, makespan: number) => ((makespan - bounds.get(name)!.upperBound) / bounds.get(name)!.upperBound) * 100;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const TA_GROUPS = [1, 11, 21, 31, 41, 51, 61, 71].map((lo) => {
  const list = expandSuite(`ta${String(lo).padStart(2, '0')}-ta${String(lo + 9).padStart(2, '0')}`, names);
  const inst = load(list[0]!);
  return { key: `ta${String(lo).padStart(2, '0')}-${String(lo + 9).padStart(2, '0')}`, size: `${inst.jobs}x${inst.machines}`, list };
});

function positive(name: string) {
  return (v: string) => {
    const x = Number(v);
    if (!Number.isFinite(x) || x <= 0) throw new InvalidArgumentError(`${name} must be a positive number`);
    return x;
  };
}

const program = new Command()
  .name('bench:schedule')
  .description('Measure the scheduling targets of issue 3 and print them beside the published figures.')
  .option('--section <list>', 'comma list of rules, rl, tabu', 'rules,rl,tabu')
  .option('--ft10-time <s>', 'tabu time limit on ft10', positive('--ft10-time'), 10)
  .option('--la-time <s>', 'tabu time limit per la instance', positive('--la-time'), 10)
  .option('--ta-time <s>', 'tabu time limit per ta01-ta10 instance', positive('--ta-time'), 30)
  .option('--tabu-suites <list>', 'which tabu runs: ft10, la, ta', 'ft10,la,ta')
  .option('--seed <n>', 'tabu seed', positive('--seed'), 1)
  .option('--out <file>', 'also write the figures as JSON')
  .option('--weights <file>', 'learned-dispatcher weights to measure (default: the shipped ones)')
  .option('--fresh-count <n>', 'fresh Taillard instances per size in the generalisation table', positive('--fresh-count'), 20)
  .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2));
program.parse();
const opts = program.opts<{
  section: string;
  ft10Time: number;
  laTime: number;
  taTime: number;
  tabuSuites: string;
  seed: number;
  out?: string;
  weights?: string;
  freshCount: number;
}>();
const sections = new Set(opts.section.split(','));
for (const s of sections)
  if (!['rules', 'rl', 'tabu'].includes(s)) {
    console.error(`bench:schedule: unknown section "${s}" (rules, rl, tabu)`);
    process.exit(2);
  }
const results: Record<string, unknown> = {
  machine: `${process.platform} ${process.arch}, ${cpus().length} cores, node ${process.version}`,
  date: new Date().toISOString(),
};
// Time-limited results depend on what else runs: print the load so the figures can be read against it.
const showLoad = (label: string) =>
  console.log(
    `[${label}: load average ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')} on ${cpus().length} cores]`,
  );
showLoad('start');
const f1 = (x: number) => x.toFixed(1).padStart(6);

if (sections.has('rules')) {
  console.log('\n## Dispatching rules on Taillard, mean gap % to the best-known UB (random rule: seed 1)\n');
  const table: Record<string, Record<string, Record<string, number>>> = {};
  for (const scheme of ['non-delay', 'active'] as const) {
    console.log(`${scheme}${scheme === 'non-delay' ? ' (default)' : ''}`);
    console.log('group       size  ' + RULE_NAMES.map((r) => r.toUpperCase().padStart(6)).join('') + '   SLJ SPT/MWKR/MOR');
    table[scheme] = {};
    const t0 = performance.now();
    for (const g of TA_GROUPS) {
      const row: Record<string, number> = {};
      for (const rule of RULE_NAMES) row[rule] = mean(g.list.map((n) => gapOf(n, runRule(load(n), rule, { scheme, seed: 1 }).makespan)));
      table[scheme]![g.key] = row;
      const ref = reference.greedyRules.taillard[g.size]!;
      console.log(`${g.key.padEnd(10)}${g.size.padStart(7)} ` + RULE_NAMES.map((r) => f1(row[r]!)).join('') + `   ${ref.spt} / ${ref.mwkr} / ${ref.mor}`);
    }
    console.log(`(${((performance.now() - t0) / 1000).toFixed(1)} s for 80 instances x ${RULE_NAMES.length} rules)\n`);
  }
  const nd = table['non-delay']!;
  const devs = TA_GROUPS.flatMap((g) => (['spt', 'mwkr', 'mor'] as const).map((r) => Math.abs(nd[g.key]![r]! - reference.greedyRules.taillard[g.size]![r]!)));
  console.log(`non-delay vs SLJ over 8 groups x 3 rules: mean |difference| ${mean(devs).toFixed(2)} points, max ${Math.max(...devs).toFixed(2)}`);
  results.rules = table;
}

if (sections.has('rl')) {
  const file = opts.weights ?? join(ROOT, 'src/core/scheduling/dispatcher-weights.json');
  const weights = checkWeights(JSON.parse(readFileSync(file, 'utf8')), file);
  console.log('\n## Learned dispatcher (greedy, one pass) vs the best single rule (non-delay), mean gap %\n');
  console.log('group       size  learned  best rule        gain   SPN greedy  L2D greedy   ms/instance  us/decision');
  const rows: Record<string, unknown>[] = [];
  for (const g of TA_GROUPS) {
    const t0 = performance.now();
    const learned = mean(g.list.map((n) => gapOf(n, runLearned(load(n), weights).makespan)));
    const ms = (performance.now() - t0) / g.list.length;
    let best = { rule: '', gap: Infinity };
    for (const rule of RULE_NAMES) {
      const gap = mean(g.list.map((n) => gapOf(n, runRule(load(n), rule, { seed: 1 }).makespan)));
      if (gap < best.gap) best = { rule, gap };
    }
    const inst = load(g.list[0]!);
    const ref = reference.learned.taillard[g.size]!;
    console.log(
      `${g.key.padEnd(10)}${g.size.padStart(7)} ${learned.toFixed(2).padStart(8)}  ${(best.rule.toUpperCase() + ' ' + best.gap.toFixed(2)).padStart(10)}  ${(best.gap - learned).toFixed(2).padStart(9)}  ${String(ref.spnGreedy).padStart(11)} ${String(ref.l2dGreedy).padStart(11)} ${ms.toFixed(2).padStart(13)} ${((ms * 1000) / (inst.jobs * inst.machines)).toFixed(2).padStart(12)}`,
    );
    rows.push({ group: g.key, learned, bestRule: best.rule, bestRuleGap: best.gap, gain: best.gap - learned, msPerInstance: ms });
  }
  console.log('(us/decision: wall time per dispatched operation, including the one-operation steps that need no scoring)');
  results.rl = rows;

  console.log(`\n## Generalisation: fresh instances from Taillard's generator (${opts.freshCount} per size, test-only seeds), gap % to the lower bound\n`);
  console.log('size     n  learned     MWKR    gain  worse than MWKR   us/scored decision   us/operation');
  const fresh: Record<string, unknown>[] = [];
  for (const [jobs, machines] of GENERALISATION_SIZES) {
    const instances = freshTaillard(jobs, machines, Math.round(opts.freshCount), 'test');
    const row = compareWithMwkr(instances, weights);
    // Speed: greedy passes again, timed, counting the decisions that needed the network (conflict of 2 or more).
    // Twice, timing the second pass only: the first warms the JIT up.
    let scored = 0;
    let ms = 0;
    for (let pass = 0; pass < 2; pass++) {
      scored = 0;
      const t0 = performance.now();
      for (const inst of instances) {
        const choose = learnedChooser(inst, weights);
        dispatch(inst, (state, conflict) => (scored++, choose(state, conflict)), { scheme: weights.scheme });
      }
      ms = performance.now() - t0;
    }
    const usScored = (ms * 1000) / scored;
    const usOp = (ms * 1000) / (instances.length * jobs * machines);
    const size = `${jobs}x${machines}`;
    console.log(
      `${size.padEnd(6)}${String(row.count).padStart(4)} ${row.learnedGap.toFixed(2).padStart(8)} ${row.mwkrGap.toFixed(2).padStart(8)} ${row.gain.toFixed(2).padStart(7)} ${`${row.worse} / ${row.count}`.padStart(16)} ${usScored.toFixed(1).padStart(20)} ${usOp.toFixed(1).padStart(14)}`,
    );
    fresh.push({ size, ...row, usPerScoredDecision: usScored, usPerOperation: usOp });
  }
  const gains = fresh.map((r) => r.gain as number);
  console.log(
    `mean gain over the ${fresh.length} sizes: ${mean(gains).toFixed(2)} points; smallest ${Math.min(...gains).toFixed(2)} (target: >= 3 at every size)`,
  );
  results.rlFresh = fresh;
}

if (sections.has('tabu')) {
  const tabu = (name: string, seconds: number) => {
    const inst = load(name);
    const entry = bounds.get(name)!;
    const r = tabuSearch(inst, { seed: opts.seed, timeLimitMs: seconds * 1000, clock: () => performance.now(), target: entry.lowerBound });
    if (validateStarts(inst, r.starts).length > 0) throw new Error(`${name}: infeasible tabu schedule`);
    return {
      name,
      makespan: r.makespan,
      ub: entry.upperBound,
      gap: gapOf(name, r.makespan),
      seconds: r.elapsedMs / 1000,
      iterations: r.iterations,
      stop: r.stop,
    };
  };
  const suites = new Set(opts.tabuSuites.split(','));
  const out: Record<string, unknown> = {};
  if (suites.has('ft10')) {
    console.log(`\n## Tabu search (N7, seed ${opts.seed}) on ft10, ${opts.ft10Time} s limit, seeds ${opts.seed}..${opts.seed + 4}\n`);
    const runs = [];
    for (let s = 0; s < 5; s++) {
      const inst = load('ft10');
      let reached = NaN;
      const r = tabuSearch(inst, { seed: opts.seed + s, timeLimitMs: opts.ft10Time * 1000, clock: () => performance.now(), target: 930 }, (imp) => {
        if (imp.makespan === 930) reached = imp.elapsedMs / 1000;
      });
      runs.push({ seed: opts.seed + s, makespan: r.makespan, secondsTo930: reached, iterations: r.iterations });
      console.log(
        `seed ${opts.seed + s}: ${r.makespan}${r.makespan === 930 ? ` reached in ${reached.toFixed(2)} s` : ' (930 not reached)'}, ${r.iterations} iterations, ${Math.round(r.iterations / (r.elapsedMs / 1000))} it/s`,
      );
    }
    console.log(`published: TSAB 930 in 30 s on a 386DX 40 MHz`);
    showLoad('ft10');
    out.ft10 = runs;
  }
  const family = (label: string, list: string[], seconds: number, ref: string) => {
    console.log(`\n## Tabu search on ${label}, ${seconds} s per instance (stops early at a proved optimum)\n`);
    console.log('instance  makespan     UB   gap %   time s   iterations');
    const rows = list.map((n) => {
      const r = tabu(n, seconds);
      console.log(
        `${n.padEnd(9)}${String(r.makespan).padStart(9)}${String(r.ub).padStart(7)}${r.gap.toFixed(2).padStart(8)}${r.seconds.toFixed(1).padStart(9)}${String(r.iterations).padStart(13)}`,
      );
      return r;
    });
    showLoad(label);
    console.log(
      `mean gap ${mean(rows.map((r) => r.gap)).toFixed(3)} %, optimum reached on ${rows.filter((r) => r.gap === 0).length}/${rows.length}; published: ${ref}`,
    );
    return rows;
  };
  if (suites.has('la'))
    out.la = family('la01-la40', expandSuite('la', names), opts.laTime, `TSAB ${reference.tabu.la.tsab} % (20 inst.), TSSB ${reference.tabu.la.tssb} % (40)`);
  if (suites.has('ta'))
    out.ta = family(
      'ta01-ta10',
      expandSuite('ta01-ta10', names),
      opts.taTime,
      `TSAB ${reference.tabu.ta.tsab['ta01-10']} %, TSSB ${reference.tabu.ta.tssb['ta01-10']} %`,
    );
  results.tabu = out;
}

if (opts.out) writeFileSync(opts.out, JSON.stringify(results, null, 1) + '\n');
