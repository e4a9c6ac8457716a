/**
 * `npm run sim -- <model.json> [options]`: runs a model headless and prints its KPIs.
 * `npm run sim -- --replay exported.json`: runs the experiment an exported record describes again and prints its report.
 * Exit codes: 0 done; 2 the invocation, the model or the record needs fixing (unknown option, bad value, malformed
 * model, unknown parameter path, unsupported level); 1 anything else, including a replay that does not give the
 * recorded numbers.
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, dirname, isAbsolute, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ExperimentOptions, ExperimentReport } from '../core/experiment/experiment.ts';
import { LEVELS, parseCapabilityLevels, type CapabilityLevels, type Level } from '../core/experiment/levels.ts';
import { applyParameters } from '../core/experiment/parameters.ts';
import { parseExperimentRecord, recordOptions, recordParameterSets, type ExperimentRecord } from '../core/experiment/record.ts';
import type { RunnableModel } from '../core/experiment/runnable.ts';
import { runnable } from '../core/models.ts';
import { ModelFileError } from '../core/model/errors.ts';
import { validateModel, type AnyModel } from '../core/model/load.ts';
import { loadModelFile } from '../node/model-file.ts';
import { RunBudgetError } from '../core/runtime/run-budget.ts';
import { catalogModelPath, checkRecord, checkRunLength, checkWritableFile, MAX_SEEDS, PreflightError } from './preflight.ts';
import { compileRule } from '../core/scheduling/expression.ts';
import { checkWeights } from '../core/scheduling/learned.ts';
import { ExperimentPool } from '../node/pool/experiment-pool.ts';
import { prepareExperiment, runInPool, runSerially, RunFailedError, type PreparedExperiment } from '../node/pool/experiments.ts';
import { parseSweep, type SweepRequest } from '../node/pool/sweep.ts';
import packageJson from '../../package.json';
import {
  badInputExit,
  isScript,
  newCommand,
  parameterSetting,
  parseCommand,
  positiveInteger,
  positiveNumber,
  printable,
  processIo,
  runEntry,
  seedValue,
  UsageError,
  type CliIo,
} from './command.ts';
import { curvesCsv, firstDifference, reportCsv, reportJson, reportTable } from './format.ts';
import { progressBar } from './progress.ts';

export type { CliIo };

function sweepSetting(value: string): SweepRequest {
  try {
    return parseSweep(value);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

/** Where the repository's files are (a record names catalog models by their path there). */
const REPOSITORY_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function buildCommand(io: CliIo): Command {
  const experimentOptions = ['level', 'days', 'until', 'seeds', 'seed', 'capabilities', 'attribution', 'sweep'];
  return newCommand('sim', 'Run a FabTwin model headless and print its KPIs: mean and 95 % confidence interval over seeded replications.', io)
    .argument('[model]', 'model file, e.g. factory-models/teaching/mm1.json (not with --replay)')
    .addOption(
      new Option('--replay <file>', 'run again the experiment (or sweep) an exported JSON record describes, and check it gives the recorded numbers').conflicts(
        experimentOptions,
      ),
    )
    .addOption(
      new Option('--set <path=value>', 'override a numeric model parameter by its JSON path, e.g. --set cnc.cells=8 (repeatable)').argParser(parameterSetting),
    )
    .addOption(new Option('--level <level>', 'paradigm level to run: L1, L2, L3, or all the model supports').default('all').choices([...LEVELS, 'all']))
    .addOption(new Option('--days <n>', "simulated days to run (default: the model's defaultDays)").argParser(positiveNumber('--days')).conflicts('until'))
    .addOption(new Option('--until <t>', "simulated time to run, in the model's time unit").argParser(positiveNumber('--until')))
    .addOption(new Option('--seeds <k>', 'number of replications').default(5).argParser(positiveInteger('--seeds')))
    .addOption(new Option('--seed <s>', 'first seed; replications use s, s+1, ...').default(1).argParser(seedValue))
    .addOption(new Option('--format <format>', 'output format').default('table').choices(['table', 'json', 'csv']))
    .addOption(
      new Option('--capabilities <list>', 'hold capabilities at chosen levels on top of every level run, e.g. dispatching=L3,energy=L2 (parallel promotion)'),
    )
    .addOption(
      new Option(
        '--dispatch-rule <expression|file.json>',
        'a 3C plant: your own rule (lowest first, e.g. "p / remaining_work") or a trained dispatcher exported from the lab makes the CNC cells\' real-time dispatching decisions',
      ),
    )
    .addOption(new Option('--curves <file>', 'write the learning curves (mean and 95 % CI per point, per level) to this CSV file'))
    .addOption(new Option('--attribution', "also run L1 with one capability at a time raised to the top level, and report each one's share of the KPI deltas"))
    .addOption(
      new Option('--sweep <path=range>', 'one experiment per parameter value: path=from:to:step or path=a,b,c, e.g. orders.lotSize=10:30:5').argParser(
        sweepSetting,
      ),
    )
    .addOption(
      new Option('--workers <n>', 'worker threads that run the replications (1: in this process)')
        .default(availableParallelism())
        .argParser(positiveInteger('--workers')),
    )
    .addOption(
      new Option('--queue <url>', 'run the replications as BullMQ jobs on this Redis (redis://host:port[/db]) for `npm run worker` processes').conflicts(
        'workers',
      ),
    )
    .addOption(
      new Option('--keep-results <days>', 'with --queue: days Redis keeps the results and the reproduction record')
        .default(7)
        .argParser(positiveNumber('--keep-results')),
    );
}

interface SimOptions {
  level: Level | 'all';
  days?: number;
  until?: number;
  seeds: number;
  seed: number;
  format: 'table' | 'json' | 'csv';
  attribution?: boolean;
  capabilities?: string;
  curves?: string;
  replay?: string;
  set?: Record<string, number>;
  dispatchRule?: string;
  sweep?: SweepRequest;
  workers: number;
  queue?: string;
  keepResults: number;
}

/**
 * What a command asked for: the experiments to run (one, or one per sweep value), how to print their reports once
 * they are summarised, and the reproduction record the queue keeps beside the results.
 */
export interface PreparedCommand {
  label: string;
  experiments: PreparedExperiment[];
  /** Prints the reports (in experiment order) and returns the exit code. */
  finish(reports: ExperimentReport[]): number;
  record(reports: ExperimentReport[]): ExperimentRecord;
}

type Parsed = { exit: number } | { options: SimOptions; args: string[] };

function parse(argv: readonly string[], io: CliIo): Parsed {
  const command = buildCommand(io);
  const exit = parseCommand(command, argv);
  if (exit !== undefined) return { exit };
  return { options: command.opts<SimOptions>(), args: command.args };
}

function prepare(options: SimOptions, args: string[], io: CliIo): PreparedCommand {
  if (options.replay !== undefined) {
    if (args.length > 0) throw new UsageError(`--replay ${options.replay}: give the record or a model file, not both`);
    return prepareReplay(options.replay, options, io);
  }
  const file = args[0];
  if (file === undefined) throw new UsageError('missing the model file (or --replay <file>); run with --help for usage');
  return prepareSimulation(file, options, io);
}

/** Bad input (exit 2) is reported by message; anything else propagates. */
function usageExit(error: unknown, io: CliIo): number {
  return badInputExit(error, io, [ModelFileError, PreflightError]);
}

/**
 * A failed run: a model that loops or floods the event queue (the run budget) is bad input (exit 2, the message names
 * the model part); anything else is a failure (exit 1). Runs in pool threads lose the error's class on the way back,
 * so its name is checked too.
 */
function runFailedExit(error: RunFailedError, source: string | undefined, io: CliIo): number {
  const cause = error.cause as Error | undefined;
  if (cause instanceof RunBudgetError || cause?.name === 'RunBudgetError') {
    io.err(`${source}: ${printable(cause.message)}\n  (${printable(error.message.slice(0, error.message.indexOf(' failed: ')))})\n`);
    return 2;
  }
  io.err(`${printable(error.message)}\n`);
  return 1;
}

/**
 * Runs the CLI on `argv` (without node and script) in this thread, run after run, and returns the exit code: the
 * synchronous entry tests and scripts embed. Its output equals `runCli`'s for every `--workers` value.
 */
export function main(argv: readonly string[], io: CliIo): number {
  const parsed = parse(argv, io);
  if ('exit' in parsed) return parsed.exit;
  let prepared: PreparedCommand;
  try {
    if (parsed.options.queue !== undefined) throw new UsageError('--queue needs the command line (npm run sim), not the in-process entry');
    prepared = prepare(parsed.options, parsed.args, io);
  } catch (error) {
    return usageExit(error, io);
  }
  const bar = io.progress?.(prepared.label);
  let reports: ExperimentReport[];
  try {
    reports = runSerially(prepared.experiments, bar?.update);
  } catch (error) {
    if (!(error instanceof RunFailedError)) throw error;
    return runFailedExit(error, parsed.options.replay ?? parsed.args[0], io);
  } finally {
    bar?.done();
  }
  return prepared.finish(reports);
}

/**
 * The command line: like `main`, with the replications spread over `--workers` threads (a piscina pool) or, with
 * `--queue`, over `npm run worker` processes through BullMQ on Redis.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parse(argv, io);
  if ('exit' in parsed) return parsed.exit;
  const { options } = parsed;
  let prepared: PreparedCommand;
  try {
    prepared = prepare(options, parsed.args, io);
  } catch (error) {
    return usageExit(error, io);
  }
  const runs = prepared.experiments.reduce((sum, experiment) => sum + experiment.plan.length, 0);
  if (options.queue !== undefined) {
    // Loaded only here: BullMQ and ioredis are not needed by local runs.
    const { submitToQueue } = await import('../node/queue/submit.ts');
    return submitToQueue(options.queue, prepared, { keepDays: options.keepResults, io });
  }
  const threads = Math.min(options.workers, runs);
  const bar = io.progress?.(prepared.label);
  let reports: ExperimentReport[];
  try {
    if (threads <= 1) {
      reports = runSerially(prepared.experiments, bar?.update);
    } else {
      // This thread runs too: threads - 1 pool threads beside it.
      const pool = ExperimentPool.start(threads - 1);
      try {
        reports = await runInPool(pool, prepared.experiments, bar?.update, { alsoHere: true });
      } finally {
        await (await pool).close();
      }
    }
  } catch (error) {
    if (!(error instanceof RunFailedError)) throw error;
    return runFailedExit(error, parsed.options.replay ?? parsed.args[0], io);
  } finally {
    bar?.done();
  }
  return prepared.finish(reports);
}

/** How a record names a model file: its path in this repository (as the app's catalog does), or its whole content. */
function recordedModel(file: string): ExperimentRecord['model'] {
  const inRepository = relative(REPOSITORY_ROOT, resolve(file));
  if (!inRepository.startsWith('..') && !isAbsolute(inRepository)) return inRepository.split('\\').join('/');
  return { file: basename(file), content: JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown> };
}

function recordHeader(
  model: ExperimentRecord['model'],
  parameters: Record<string, number>,
  runnableModel: RunnableModel,
  experiment: Omit<ExperimentOptions, 'onProgress'>,
) {
  return {
    fabtwin: packageJson.version,
    model,
    parameters,
    levels: [...experiment.levels],
    seeds: [...experiment.seeds],
    until: experiment.until,
    days: experiment.until / runnableModel.unitsPerDay,
    attribution: experiment.attribution ?? false,
    overrides: { ...(experiment.overrides ?? {}) },
    curves: experiment.curves ?? false,
  };
}

function jsonReport(model: RunnableModel, report: ExperimentReport): Record<string, unknown> {
  const context = { unitsPerDay: model.unitsPerDay, timeUnit: model.timeUnit, notes: model.notes?.(report) };
  return JSON.parse(JSON.stringify(reportJson(report, context))) as Record<string, unknown>;
}

function prepareSimulation(file: string, options: SimOptions, io: CliIo): PreparedCommand {
  const loaded = withDispatchRule(loadModelFile(file), file, options.dispatchRule);
  const base = options.set ?? {};
  const parameterSets = options.sweep ? options.sweep.values.map((value) => ({ ...base, [options.sweep!.parameter]: value })) : [base];
  const contents = parameterSets.map((parameters) => (options.set || options.sweep ? applyParameters(loaded, parameters, file) : loaded));
  const first = runnable(contents[0]!);
  const levels: Level[] = options.level === 'all' ? [...first.levels] : [options.level];
  for (const level of levels) {
    if (!first.levels.includes(level)) {
      throw new UsageError(
        `${file}: level ${level} is not implemented by this model (it supports ${first.levels.join(', ')}); ` + 'use --level all or one of those',
      );
    }
  }
  const until = options.until ?? (options.days ?? first.defaultDays) * first.unitsPerDay;
  // Known before the run, so said before it (a problem found at the end would lose the whole run).
  const days = options.until === undefined ? (options.days ?? first.defaultDays) : undefined;
  checkRunLength(
    options.days !== undefined ? '--days' : options.until !== undefined ? '--until' : `${file}: defaultDays`,
    until,
    first,
    days === undefined ? undefined : `${days} days`,
  );
  if (options.seeds > MAX_SEEDS) throw new UsageError(`--seeds: expected at most ${MAX_SEEDS} (the limit on replications), got ${options.seeds}`);
  if (options.curves !== undefined) checkWritableFile('--curves', options.curves);
  const seeds = Array.from({ length: options.seeds }, (_, i) => options.seed + i);
  if (options.attribution && first.capabilities.length === 0) {
    throw new UsageError(`${file}: --attribution needs a model with capability levels; this model has none`);
  }
  let overrides: CapabilityLevels | undefined;
  if (options.capabilities !== undefined) {
    if (first.capabilities.length === 0) {
      throw new UsageError(`${file}: --capabilities needs a model with capability levels; this model has none`);
    }
    try {
      // Only the named capabilities are held; the preset of each level run fills the others.
      const named = new Set(options.capabilities.split(',').map((part) => part.split('=')[0]!.trim()));
      const parsed = parseCapabilityLevels(options.capabilities, first.capabilities, 'L1');
      overrides = Object.fromEntries(Object.entries(parsed).filter(([name]) => named.has(name)));
    } catch (error) {
      throw new UsageError(`--capabilities: ${(error as Error).message}`);
    }
  }
  if (options.sweep && options.curves !== undefined) throw new UsageError('--curves is not available with --sweep');
  const experiment = { levels, seeds, until, attribution: options.attribution, overrides, curves: options.curves !== undefined };
  const experiments = contents.map((content) => prepareExperiment(file, content, experiment));
  const sweep = options.sweep;

  const record = (reports: ExperimentReport[]): ExperimentRecord => {
    const header = recordHeader(recordedModel(file), { ...base }, experiments[0]!.model, experiment);
    if (!sweep) return { ...header, report: jsonReport(experiments[0]!.model, reports[0]!) };
    const points = reports.map((report, i) => ({ value: sweep.values[i]!, report: jsonReport(experiments[i]!.model, report) }));
    return { ...header, sweep: { parameter: sweep.parameter, values: [...sweep.values], points } };
  };

  const finish = (reports: ExperimentReport[]): number => {
    if (sweep) {
      // The app's sweep export (a reproduction record with one report per value), so `--replay` accepts it.
      if (options.format === 'json') io.out(JSON.stringify(record(reports), null, 2) + '\n');
      else printSweep(sweep.parameter, sweep.values, experiments, reports, options.format, io);
      return 0;
    }
    const report = reports[0]!;
    const model = experiments[0]!.model;
    const context = { unitsPerDay: model.unitsPerDay, timeUnit: model.timeUnit, notes: model.notes?.(report) };
    if (options.curves !== undefined) {
      const csv = curvesCsv(report);
      if (csv === undefined) {
        io.err(`${file}: this model records no learning curves\n`);
        return 2;
      }
      writeFileSync(options.curves, csv);
      io.err(`learning curves written to ${options.curves}\n`);
    }
    if (options.format === 'json') io.out(JSON.stringify(reportJson(report, context), null, 2) + '\n');
    else if (options.format === 'csv') io.out(reportCsv(report));
    else io.out(reportTable(report, context));
    return 0;
  };
  return { label: first.name, experiments, finish, record };
}

function printSweep(
  parameter: string,
  values: readonly number[],
  experiments: readonly PreparedExperiment[],
  reports: readonly ExperimentReport[],
  format: 'table' | 'csv',
  io: CliIo,
): void {
  if (format === 'csv') {
    const lines = reports.flatMap((report, i) => {
      const rows = reportCsv(report).trimEnd().split('\n');
      return (i === 0 ? [`${parameter},${rows[0]}`] : []).concat(rows.slice(1).map((row) => `${values[i]},${row}`));
    });
    io.out(lines.join('\n') + '\n');
  } else {
    io.out(
      reports
        .map((report, i) => {
          const model = experiments[i]!.model;
          const context = { unitsPerDay: model.unitsPerDay, timeUnit: model.timeUnit, notes: model.notes?.(report) };
          return `${printable(parameter)} = ${values[i]}\n${reportTable(report, context)}`;
        })
        .join('\n'),
    );
  }
}

/** The model a record names: a path (as given, beside the record, or in this repository), or the content it holds. */
function recordModel(record: ExperimentRecord, file: string): { file: string; model: AnyModel } {
  if (typeof record.model !== 'string') {
    return { file: `${file} (model ${record.model.file})`, model: validateModel(record.model.content, `${file}: model ${record.model.file}`) };
  }
  // Only the project's catalog: a record never makes the CLI read (and quote) a file elsewhere.
  return { file: record.model, model: loadModelFile(catalogModelPath({ ...record, model: record.model }, file, REPOSITORY_ROOT)) };
}

function prepareReplay(file: string, options: SimOptions, io: CliIo): PreparedCommand {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ModelFileError(file, [{ path: '', message: code === 'ENOENT' ? 'file not found' : String(error) }]);
  }
  const record = parseExperimentRecord(text, file);
  if (options.curves !== undefined) throw new UsageError('--curves is not available with --replay');
  if (record.fabtwin !== packageJson.version) {
    io.err(`note: ${file} was written by FabTwin ${printable(record.fabtwin)}; this is ${packageJson.version}\n`);
  }
  const source = recordModel(record, file);
  const experiment: Omit<ExperimentOptions, 'onProgress'> = recordOptions(record);
  const parameterSets = recordParameterSets(record).map((parameters) => ({ ...parameters, ...options.set }));
  // The whole record is checked before the first run (every sweep point, levels, overrides, run length, report depth).
  checkRecord(record, file, source.model, source.file, parameterSets);
  const experiments = parameterSets.map((parameters) =>
    prepareExperimentChecked(source.file, applyParameters(source.model, parameters, source.file), experiment, file),
  );

  const finish = (reports: ExperimentReport[]): number => {
    const runs = reports.map((report, i) => {
      const model = experiments[i]!.model;
      const context = { unitsPerDay: model.unitsPerDay, timeUnit: model.timeUnit, notes: model.notes?.(report) };
      return { report, context, json: JSON.parse(JSON.stringify(reportJson(report, context))) as unknown };
    });
    // Does it give the recorded numbers? (Not asked when --set changed the model on purpose.)
    const recorded: unknown[] = record.sweep ? record.sweep.points.map((p) => p.report) : [record.report];
    let same = true;
    if (options.set === undefined) {
      for (const [i, run] of runs.entries()) {
        const difference = firstDifference(recorded[i], run.json);
        if (difference !== undefined) {
          same = false;
          const where = record.sweep ? `sweep.points[${i}].report` : 'report';
          io.err(`${file}: ${where}${difference.path ? `.${difference.path}` : ''}: recorded ${difference.recorded}, replay gave ${difference.now}\n`);
        }
      }
      if (same) io.err(`${file}: replay gives the recorded numbers\n`);
    }

    if (record.sweep) {
      const { parameter, values, kpi } = record.sweep;
      if (options.format === 'json') {
        const points = runs.map((run, i) => ({ value: values[i]!, report: run.json }));
        io.out(JSON.stringify({ sweep: { parameter, values, ...(kpi ? { kpi } : {}), points } }, null, 2) + '\n');
      } else {
        printSweep(parameter, values, experiments, reports, options.format, io);
      }
    } else {
      const run = runs[0]!;
      if (options.format === 'json') io.out(JSON.stringify(run.json, null, 2) + '\n');
      else if (options.format === 'csv') io.out(reportCsv(run.report));
      else io.out(reportTable(run.report, run.context));
    }
    return same ? 0 : 1;
  };

  const replayRecord = (reports: ExperimentReport[]): ExperimentRecord => {
    const header = { ...recordHeader(record.model, { ...record.parameters }, experiments[0]!.model, experiment) };
    if (!record.sweep) return { ...header, report: jsonReport(experiments[0]!.model, reports[0]!) };
    const points = reports.map((report, i) => ({ value: record.sweep!.values[i]!, report: jsonReport(experiments[i]!.model, report) }));
    return { ...header, sweep: { ...record.sweep, points } };
  };
  return { label: experiments[0]!.model.name, experiments, finish, record: replayRecord };
}

/** A record's experiment, with levels the model lacks refused as bad input (exit 2) naming the record. */
function prepareExperimentChecked(
  modelFile: string,
  content: AnyModel,
  experiment: Omit<ExperimentOptions, 'onProgress'>,
  recordFile: string,
): PreparedExperiment {
  const probe = runnable(content);
  for (const level of experiment.levels) {
    if (!probe.levels.includes(level)) throw new UsageError(`${recordFile}: levels: ${probe.name} does not implement ${level}`);
  }
  return prepareExperiment(modelFile, content, experiment);
}

/**
 * The model with a student's dispatching rule (`--dispatch-rule`: an expression, or a trained dispatcher's JSON file)
 * written into it, so the rule travels with the model to every run, in this thread, a pool thread or a queue worker,
 * and is part of the run's content hash. Checked here, so a bad rule is refused before any run.
 */
function withDispatchRule(model: AnyModel, file: string, rule: string | undefined): AnyModel {
  if (rule === undefined) return model;
  if (model.kind !== 'machining') throw new UsageError(`${file}: --dispatch-rule drives a 3C machining plant's dispatching; this model is "${model.kind}"`);
  try {
    if (rule.trim().endsWith('.json')) {
      const weights = checkWeights(JSON.parse(readFileSync(rule, 'utf8')), rule);
      return { ...model, dispatchRule: { weights } };
    }
    compileRule(rule);
    return { ...model, dispatchRule: { expression: rule } };
  } catch (error) {
    throw new UsageError(`--dispatch-rule: ${printable((error as Error).message)}`);
  }
}

/** The terminal entry of `npm run sim` and `fabtwin sim`. */
export function runMain(argv: readonly string[]): Promise<number> {
  return runCli(argv, { ...processIo, progress: (label) => progressBar(label) });
}

if (isScript(import.meta.url)) await runEntry(runMain, process.argv.slice(2));
