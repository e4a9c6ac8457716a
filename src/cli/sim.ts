/**
 * `npm run sim -- <model.json> [options]`: runs a model headless and prints its KPIs.
 * Exit codes: 0 done; 2 the invocation or the model needs fixing (unknown option, bad value, malformed model,
 * unsupported level); 1 anything else.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { runExperiment } from '../core/experiment/experiment.ts';
import { LEVELS, parseCapabilityLevels, type CapabilityLevels, type Level } from '../core/experiment/levels.ts';
import { runnable } from '../core/experiment/runnable.ts';
import { ModelFileError } from '../core/model/errors.ts';
import { loadModelFile } from '../node/model-file.ts';
import { curvesCsv, reportCsv, reportJson, reportTable } from './format.ts';
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

function buildCommand(io: CliIo): Command {
  return new Command('sim')
    .description('Run a FabTwin model headless and print its KPIs: mean and 95 % confidence interval over seeded replications.')
    .argument('<model>', 'model file, e.g. factory-models/teaching/mm1.json')
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
  const file = command.args[0]!;
  try {
    const model = runnable(loadModelFile(file));
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
    const bar = io.progress?.(`${model.name}`);
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
    const report = runExperiment(model, {
      levels,
      seeds,
      until,
      attribution: options.attribution,
      overrides,
      curves: options.curves !== undefined,
      onProgress: bar?.update,
    });
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
  } catch (error) {
    if (error instanceof ModelFileError || error instanceof UsageError) {
      io.err(`${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = main(process.argv.slice(2), {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    progress: (label) => progressBar(label),
  });
}
