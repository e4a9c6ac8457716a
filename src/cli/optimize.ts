/**
 * `npm run optimize -- study.json [--format table|json]`: optimises a line as the study file says (decision variables
 * by JSON path with bounds and steps, an objective, constraints, a search budget) and ends with a Kim-Nelson selection
 * among the best points, stating its indifference zone and confidence. Progress (evaluations, best so far with its CI)
 * goes to stderr. `--format json` prints the whole result with the study itself, which re-runs to the same numbers.
 * The replications run on `--workers N` threads (a piscina pool; default every core, 1: in this process); the output is
 * the same bit for bit for every N.
 * Exit codes: 0 done; 2 the invocation, the study or the model needs fixing; 1 anything else.
 */
import { Option } from 'commander';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { availableParallelism } from 'node:os';
import { ModelFileError, parseJsonText } from '../core/model/errors.ts';
import { parseStudy, StudyError, type OptimizationResult, type Study } from '../core/optimize/index.ts';
import { RunBudgetError } from '../core/runtime/run-budget.ts';
import { RunFailedError } from '../node/pool/experiments.ts';
import { optimizeInPool } from '../node/pool/optimize.ts';
import { badInputExit, isScript, newCommand, parseCommand, positiveInteger, printable, processIo, runEntry, UsageError, type CliIo } from './command.ts';

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
    lines.push(
      [
        String(e.order + 1),
        ...e.point.map(String),
        short(e.objective.mean),
        short(e.objective.ci95),
        e.feasible ? 'yes' : `no (${e.violations.join('; ')})`,
      ].join('  '),
    );
  }
  if (explored.length > 15) lines.push(`... ${explored.length - 15} more (--format json lists all)`);
  lines.push(
    '',
    `selection: ${result.selection.procedure}, indifference zone ${result.selection.indifferenceZone}, confidence ${result.selection.confidence}, first stage ${result.selection.firstStage}`,
  );
  result.candidates.forEach((c, i) => {
    lines.push(
      `  candidate ${i + 1}: ${names.map((n, j) => `${n}=${c.point[j]}`).join(', ')}: ${result.selection.replications[i]} replications, mean ${short(result.selection.means[i]!)}`,
    );
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

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const command = newCommand(
    'optimize',
    'Optimise model parameters by simulation: a search with common random numbers, then Kim-Nelson selection of the best.',
    io,
  )
    .argument('<study>', 'study file (JSON): model, variables, objective, constraints, search, selection')
    .addOption(new Option('--format <format>', 'output format').default('table').choices(['table', 'json']))
    .addOption(
      new Option('--workers <n>', 'worker threads that run the replications (1: in this process); the output is the same for every value')
        .default(availableParallelism())
        .argParser(positiveInteger('--workers')),
    );
  const exit = parseCommand(command, argv);
  if (exit !== undefined) return exit;
  const file = command.args[0]!;
  const { format, workers } = command.opts<{ format: 'table' | 'json'; workers: number }>();
  let study: Study;
  let modelJson: unknown;
  try {
    study = parseStudy(readText(file), file);
    const modelFile = resolve(dirname(file), study.model);
    modelJson = parseJsonText(readText(modelFile), study.model);
  } catch (error) {
    return badInputExit(error, io, [ModelFileError, StudyError]);
  }
  const bar = io.progress?.('optimize');
  let result: OptimizationResult;
  try {
    result = await optimizeInPool(modelJson, study, study.model, {
      workers,
      onProgress: (p) => {
        bar?.update(p.evaluations / p.budget);
        if (!io.progress && p.best) {
          io.err(`evaluations ${p.evaluations}/${p.budget}: best so far ${short(p.best.objective.mean)} ± ${short(p.best.objective.ci95)}\n`);
        }
      },
    });
  } catch (error) {
    // A model that loops or floods the event queue (the run budget) is bad input; pool threads lose the error's class.
    const cause = error instanceof RunFailedError ? (error.cause as Error | undefined) : undefined;
    if (cause instanceof RunBudgetError || cause?.name === 'RunBudgetError') {
      io.err(`${file}: ${printable(cause.message)}\n`);
      return 2;
    }
    return badInputExit(error, io, [ModelFileError, StudyError]);
  } finally {
    bar?.done();
  }
  if (format === 'json') io.out(JSON.stringify({ study, result: { ...result, evaluations: result.evaluations } }, null, 2) + '\n');
  else io.out(optimizeTable(study, result));
  return 0;
}

/** The terminal entry of `npm run optimize` and `fabtwin optimize`: progress as lines on stderr (best so far with its CI). */
export const runMain = (argv: readonly string[]): Promise<number> => main(argv, processIo);

if (isScript(import.meta.url)) await runEntry(runMain, process.argv.slice(2));
