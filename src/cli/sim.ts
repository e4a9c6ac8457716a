/**
 * `npm run sim -- <model.json> [options]`: runs a model headless and prints its KPIs.
 * `npm run sim -- --replay exported.json`: runs the experiment an exported record describes again and prints its report.
 * Exit codes: 0 done; 2 the invocation, the model or the record needs fixing (unknown option, bad value, malformed
 * model, unknown parameter path, unsupported level); 1 anything else, including a replay that does not give the
 * recorded numbers.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { runExperiment, type ExperimentOptions } from '../core/experiment/experiment.ts';
import { LEVELS, parseCapabilityLevels, type CapabilityLevels, type Level } from '../core/experiment/levels.ts';
import { applyParameters } from '../core/experiment/parameters.ts';
import { parseExperimentRecord, recordOptions, recordParameterSets, type ExperimentRecord } from '../core/experiment/record.ts';
import type { RunnableModel } from '../core/experiment/runnable.ts';
import { runnable } from '../core/models.ts';
import { ModelFileError } from '../core/model/errors.ts';
import { validateModel, type AnyModel } from '../core/model/load.ts';
import { loadModelFile } from '../node/model-file.ts';
import packageJson from '../../package.json';
import { curvesCsv, firstDifference, reportCsv, reportJson, reportTable } from './format.ts';
import { progressBar } from './progress.ts';

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  /** Shows a progress bar for long runs (stderr on a terminal). */
  progress?: (label: string) => { update(fraction: number): void; done(): void };
}

class UsageError extends Error {}

function positiveNumber(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`expected a positive number for ${name}.`);
    return n;
  };
}

function positiveInteger(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n <= 0) {
      throw new InvalidArgumentError(`expected a positive integer for ${name}.`);
    }
    return n;
  };
}

function seedValue(value: string): number {
  const n = Number(value);
  if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(n)) throw new InvalidArgumentError('expected an integer seed.');
  return n;
}

/** `--set path=value`, repeatable: collected in order (a later setting of the same path wins). */
function parameterSetting(value: string, previous: Record<string, number> | undefined): Record<string, number> {
  const match = /^([^=]+)=(.*)$/.exec(value);
  const number = match ? Number(match[2]!.trim()) : NaN;
  if (!match || match[2]!.trim() === '' || !Number.isFinite(number)) {
    throw new InvalidArgumentError(`expected path=number, e.g. cnc.cells=8 or stations[2].servers=2, got "${value}".`);
  }
  return { ...previous, [match[1]!.trim()]: number };
}

/** Where the repository's files are (a record names catalog models by their path there). */
const REPOSITORY_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function buildCommand(io: CliIo): Command {
  const experimentOptions = ['level', 'days', 'until', 'seeds', 'seed', 'capabilities', 'attribution'];
  return new Command('sim')
    .description('Run a FabTwin model headless and print its KPIs: mean and 95 % confidence interval over seeded replications.')
    .argument('[model]', 'model file, e.g. factory-models/teaching/mm1.json (not with --replay)')
    .addOption(
      new Option('--replay <file>', 'run again the experiment (or sweep) an exported JSON record describes, and check it gives the recorded numbers').conflicts(
        experimentOptions,
      ),
    )
    .addOption(
      new Option('--set <path=value>', 'override a numeric model parameter by its JSON path, e.g. --set cnc.cells=8 (repeatable)').argParser(
        parameterSetting,
      ),
    )
    .addOption(
      new Option('--level <level>', 'paradigm level to run: L1, L2, L3, or all the model supports').default('all').choices([...LEVELS, 'all']),
    )
    .addOption(new Option('--days <n>', 'simulated days to run (default: the model\'s defaultDays)').argParser(positiveNumber('--days')).conflicts('until'))
    .addOption(new Option('--until <t>', 'simulated time to run, in the model\'s time unit').argParser(positiveNumber('--until')))
    .addOption(new Option('--seeds <k>', 'number of replications').default(5).argParser(positiveInteger('--seeds')))
    .addOption(new Option('--seed <s>', 'first seed; replications use s, s+1, ...').default(1).argParser(seedValue))
    .addOption(new Option('--format <format>', 'output format').default('table').choices(['table', 'json', 'csv']))
    .addOption(
      new Option(
        '--capabilities <list>',
        'hold capabilities at chosen levels on top of every level run, e.g. dispatching=L3,energy=L2 (parallel promotion)',
      ),
    )
    .addOption(new Option('--curves <file>', 'write the learning curves (mean and 95 % CI per point, per level) to this CSV file'))
    .addOption(
      new Option('--attribution', 'also run L1 with one capability at a time raised to the top level, and report each one\'s share of the KPI deltas'),
    )
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .allowExcessArguments(false);
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
}

/** Runs the CLI on `argv` (without node and script) and returns the exit code. */
export function main(argv: readonly string[], io: CliIo): number {
  const command = buildCommand(io);
  try {
    command.parse([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    throw error;
  }
  const options = command.opts<SimOptions>();
  try {
    if (options.replay !== undefined) {
      if (command.args.length > 0) throw new UsageError(`--replay ${options.replay}: give the record or a model file, not both`);
      return replay(options.replay, options, io);
    }
    const file = command.args[0];
    if (file === undefined) throw new UsageError("missing the model file (or --replay <file>); run with --help for usage");
    return simulate(file, options, io);
  } catch (error) {
    if (error instanceof ModelFileError || error instanceof UsageError) {
      io.err(`${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

function simulate(file: string, options: SimOptions, io: CliIo): number {
  const loaded = loadModelFile(file);
  const model = runnable(options.set ? applyParameters(loaded, options.set, file) : loaded);
  const levels: Level[] = options.level === 'all' ? [...model.levels] : [options.level];
  for (const level of levels) {
    if (!model.levels.includes(level)) {
      throw new UsageError(
        `${file}: level ${level} is not implemented by this model (it supports ${model.levels.join(', ')}); ` +
          'use --level all or one of those',
      );
    }
  }
  const until = options.until ?? (options.days ?? model.defaultDays) * model.unitsPerDay;
  const seeds = Array.from({ length: options.seeds }, (_, i) => options.seed + i);
  if (options.attribution && model.capabilities.length === 0) {
    throw new UsageError(`${file}: --attribution needs a model with capability levels; this model has none`);
  }
  let overrides: CapabilityLevels | undefined;
  if (options.capabilities !== undefined) {
    if (model.capabilities.length === 0) {
      throw new UsageError(`${file}: --capabilities needs a model with capability levels; this model has none`);
    }
    try {
      // Only the named capabilities are held; the preset of each level run fills the others.
      const named = new Set(options.capabilities.split(',').map((part) => part.split('=')[0]!.trim()));
      const parsed = parseCapabilityLevels(options.capabilities, model.capabilities, 'L1');
      overrides = Object.fromEntries(Object.entries(parsed).filter(([name]) => named.has(name)));
    } catch (error) {
      throw new UsageError(`--capabilities: ${(error as Error).message}`);
    }
  }
  const experiment = { levels, seeds, until, attribution: options.attribution, overrides, curves: options.curves !== undefined };
  const bar = io.progress?.(`${model.name}`);
  const report = runExperiment(model, { ...experiment, onProgress: bar?.update });
  bar?.done();
  const context = { unitsPerDay: model.unitsPerDay, timeUnit: model.timeUnit, notes: model.notes?.(report) };
  if (options.curves !== undefined) {
    const csv = curvesCsv(report);
    if (csv === undefined) throw new UsageError(`${file}: this model records no learning curves`);
    writeFileSync(options.curves, csv);
    io.err(`learning curves written to ${options.curves}\n`);
  }
  if (options.format === 'json') io.out(JSON.stringify(reportJson(report, context), null, 2) + '\n');
  else if (options.format === 'csv') io.out(reportCsv(report));
  else io.out(reportTable(report, context));
  return 0;
}

/** The model a record names: a path (as given, beside the record, or in this repository), or the content it holds. */
function recordModel(record: ExperimentRecord, file: string): { file: string; model: AnyModel } {
  if (typeof record.model !== 'string') {
    return { file: `${file} (model ${record.model.file})`, model: validateModel(record.model.content, `${file}: model ${record.model.file}`) };
  }
  const candidates = [resolve(record.model), resolve(dirname(file), record.model), resolve(REPOSITORY_ROOT, record.model)];
  const found = candidates.find((path) => existsSync(path));
  if (!found) {
    throw new ModelFileError(file, [
      { path: 'model', message: `model file "${record.model}" not found (looked in the current folder, beside the record and in ${REPOSITORY_ROOT})` },
    ]);
  }
  return { file: record.model, model: loadModelFile(found === resolve(record.model) ? record.model : found) };
}

function replay(file: string, options: SimOptions, io: CliIo): number {
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
    io.err(`note: ${file} was written by FabTwin ${record.fabtwin}; this is ${packageJson.version}\n`);
  }
  const source = recordModel(record, file);
  const experiment: Omit<ExperimentOptions, 'onProgress'> = recordOptions(record);
  const runs = recordParameterSets(record).map((parameters) => {
    const all = { ...parameters, ...options.set };
    const model: RunnableModel = runnable(applyParameters(source.model, all, source.file));
    for (const level of experiment.levels) {
      if (!model.levels.includes(level)) throw new UsageError(`${file}: levels: ${model.name} does not implement ${level}`);
    }
    const report = runExperiment(model, experiment);
    const context = { unitsPerDay: model.unitsPerDay, timeUnit: model.timeUnit, notes: model.notes?.(report) };
    return { model, report, context, json: JSON.parse(JSON.stringify(reportJson(report, context))) as unknown };
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
    } else if (options.format === 'csv') {
      const lines = runs.flatMap((run, i) => {
        const rows = reportCsv(run.report).trimEnd().split('\n');
        return (i === 0 ? [`${parameter},${rows[0]}`] : []).concat(rows.slice(1).map((row) => `${values[i]},${row}`));
      });
      io.out(lines.join('\n') + '\n');
    } else {
      io.out(runs.map((run, i) => `${parameter} = ${values[i]}\n${reportTable(run.report, run.context)}`).join('\n'));
    }
  } else {
    const run = runs[0]!;
    if (options.format === 'json') io.out(JSON.stringify(run.json, null, 2) + '\n');
    else if (options.format === 'csv') io.out(reportCsv(run.report));
    else io.out(reportTable(run.report, run.context));
  }
  return same ? 0 : 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = main(process.argv.slice(2), {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    progress: (label) => progressBar(label),
  });
}
