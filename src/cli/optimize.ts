/**
 * `npm run optimize -- study.json [--format table|json]`: optimises a line as the study file says (decision variables
 * by JSON path with bounds and steps, an objective, constraints, a search budget) and ends with a Kim-Nelson selection
 * among the best points, stating its indifference zone and confidence. Progress (evaluations, best so far with its CI)
 * goes to stderr. `--format json` prints the whole result with the study itself, which re-runs to the same numbers.
 * Exit codes: 0 done; 2 the invocation, the study or the model needs fixing; 1 anything else.
 */
import { Command, CommanderError, Option } from 'commander';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ModelFileError, parseJsonText } from '../core/model/errors.ts';
import { optimize, parseStudy, StudyError, type OptimizationResult, type Study } from '../core/optimize/index.ts';
import type { CliIo } from './sim.ts';

class UsageError extends Error {}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    throw new UsageError(`${file}: file not found or unreadable`);
  }
}

function short(value: number): string {
  return Number.isFinite(value) ? String(Number(value.toPrecision(5))) : String(value);
}

export function optimizeTable(study: Study, result: OptimizationResult): string {
  const lines: string[] = [`search: ${result.method}`, `replications run: ${result.replications}`, ''];
  const names = study.variables.map((v) => v.path);
  const explored = [...result.evaluations].sort((a, b) =>
    a.feasible !== b.feasible ? (a.feasible ? -1 : 1) : (study.objective.direction === 'maximize' ? 1 : -1) * (b.objective.mean - a.objective.mean),
  );
  lines.push(`explored points (${result.evaluations.length}), best first by search mean:`);
  lines.push(['#', ...names, 'objective', '± 95 %', 'feasible'].join('  '));
  for (const e of explored.slice(0, 15)) {
    lines.push([String(e.order + 1), ...e.point.map(String), short(e.objective.mean), short(e.objective.ci95), e.feasible ? 'yes' : `no (${e.violations.join('; ')})`].join('  '));
  }
  if (explored.length > 15) lines.push(`... ${explored.length - 15} more (--format json lists all)`);
  lines.push('', `selection: ${result.selection.procedure}, indifference zone ${result.selection.indifferenceZone}, confidence ${result.selection.confidence}, first stage ${result.selection.firstStage}`);
  result.candidates.forEach((c, i) => {
    lines.push(`  candidate ${i + 1}: ${names.map((n, j) => `${n}=${c.point[j]}`).join(', ')}: ${result.selection.replications[i]} replications, mean ${short(result.selection.means[i]!)}`);
  });
  if (result.pareto && study.pareto) {
    const label = (c: (typeof study.pareto)[number]) => `${c.kpi ?? c.variable} (${c.direction})`;
    lines.push('', `Pareto front of ${label(study.pareto[0]!)} and ${label(study.pareto[1]!)}, search means:`);
    for (const order of result.pareto.front) {
      const e = result.evaluations[order]!;
      const values = result.pareto.points.find((p) => p.order === order)!.values;
      lines.push(`  ${names.map((n, j) => `${n}=${e.point[j]}`).join(', ')}: ${short(values[0])}, ${short(values[1])}`);
    }
  }
  const best = result.best;
  lines.push(
    '',
    `best: ${names.map((n, j) => `${n}=${best.point[j]}`).join(', ')}; objective ${short(best.objective.mean)} ± ${short(best.objective.ci95)} (95 %, ${best.objective.n} selection replications)`,
    result.selection.statement,
  );
  return lines.join('\n') + '\n';
}

export function main(argv: readonly string[], io: CliIo): number {
  const command = new Command('optimize')
    .description('Optimise model parameters by simulation: a search with common random numbers, then Kim-Nelson selection of the best.')
    .argument('<study>', 'study file (JSON): model, variables, objective, constraints, search, selection')
    .addOption(new Option('--format <format>', 'output format').default('table').choices(['table', 'json']))
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .allowExcessArguments(false);
  try {
    command.parse([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    throw error;
  }
  const file = command.args[0]!;
  const { format } = command.opts<{ format: 'table' | 'json' }>();
  try {
    const study = parseStudy(readText(file), file);
    const modelFile = resolve(dirname(file), study.model);
    const modelJson = parseJsonText(readText(modelFile), study.model);
    const bar = io.progress?.('optimize');
    const result = optimize(modelJson, study, study.model, (p) => {
      bar?.update(p.evaluations / p.budget);
      if (!io.progress && p.best) {
        io.err(`evaluations ${p.evaluations}/${p.budget}: best so far ${short(p.best.objective.mean)} ± ${short(p.best.objective.ci95)}\n`);
      }
    });
    bar?.done();
    if (format === 'json') io.out(JSON.stringify({ study, result: { ...result, evaluations: result.evaluations } }, null, 2) + '\n');
    else io.out(optimizeTable(study, result));
    return 0;
  } catch (error) {
    if (error instanceof ModelFileError || error instanceof UsageError || error instanceof StudyError) {
      io.err(`${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = main(process.argv.slice(2), { out: (text) => process.stdout.write(text), err: (text) => process.stderr.write(text) });
}
