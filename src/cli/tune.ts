/**
 * `npm run tune -- <model.json> --level L1|L2|L3 [--budget n] [--days d] [--train-seeds a-b] [--eval-seeds c-d] [--dry-run]`:
 * tunes the decision parameters the model declares for that level (src/core/experiment/tune.ts, docs/tuning.md) and
 * writes the tuned values, with their provenance, into the model file. Exit codes: 0 done; 2 the invocation or the model
 * needs fixing; 1 anything else.
 */
import { InvalidArgumentError, Option } from 'commander';
import { readFileSync, writeFileSync } from 'node:fs';
import { LEVELS, type Level } from '../core/experiment/levels.ts';
import { runnable } from '../core/models.ts';
import { applyTuning, tuneLevel } from '../core/experiment/tune.ts';
import { ModelFileError, parseJsonText } from '../core/model/errors.ts';
import { badInputExit, isScript, newCommand, parseCommand, positiveInteger, positiveNumber, processIo, runEntry, type CliIo } from './command.ts';
import { formatModelJson } from './json-layout.ts';

export type TuneIo = Pick<CliIo, 'out' | 'err'>;

/** `1-5` or `1,2,7`: at most 1000 seeds. */
export function parseSeeds(value: string): number[] {
  const range = /^\s*(\d+)\s*-\s*(\d+)\s*$/.exec(value);
  let seeds: number[];
  if (range) {
    const [a, b] = [Number(range[1]), Number(range[2])];
    if (!(a <= b) || b - a >= 1000) throw new InvalidArgumentError(`expected a seed range a-b with a <= b and at most 1000 seeds, got "${value}".`);
    seeds = Array.from({ length: b - a + 1 }, (_, i) => a + i);
  } else {
    const parts = value.split(',').map((s) => s.trim());
    if (parts.some((s) => !/^\d+$/.test(s)) || parts.length > 1000) throw new InvalidArgumentError(`expected seeds as a-b or a,b,c, got "${value}".`);
    seeds = parts.map(Number);
  }
  if (new Set(seeds).size !== seeds.length) throw new InvalidArgumentError(`a seed is listed twice in "${value}".`);
  return seeds;
}

function seedText(seeds: readonly number[]): string {
  const contiguous = seeds.every((s, i) => i === 0 || s === seeds[i - 1]! + 1);
  return contiguous && seeds.length > 1 ? `${seeds[0]}-${seeds.at(-1)}` : seeds.join(',');
}

interface TuneCliOptions {
  level: Level;
  budget: number;
  days: number;
  trainSeeds: number[];
  evalSeeds: number[];
  dryRun?: boolean;
}

export function main(argv: readonly string[], io: TuneIo): number {
  const command = newCommand(
    'tune',
    'Tune the decision parameters of one level of a plant model (one procedure and budget for every level) and write them into the file with their provenance.',
    io,
  )
    .argument('<model>', 'model file, e.g. factory-models/3c-machining.json')
    .addOption(new Option('--level <level>', 'level whose decision parameters are tuned').choices([...LEVELS]).makeOptionMandatory())
    .addOption(new Option('--budget <n>', 'candidate evaluations (each runs every training seed)').default(20).argParser(positiveInteger('--budget')))
    .addOption(
      new Option('--days <d>', 'simulated days per replication').default(30).argParser(positiveNumber('--days', 3650, 'a number of days in (0, 3650]')),
    )
    .addOption(new Option('--train-seeds <seeds>', 'seeds the search compares candidates on').default(parseSeeds('1001-1005')).argParser(parseSeeds))
    .addOption(new Option('--eval-seeds <seeds>', 'distinct seeds the result is checked on').default(parseSeeds('1-10')).argParser(parseSeeds))
    .addOption(new Option('--dry-run', 'print the tuned values without writing the file'));
  const exit = parseCommand(command, argv);
  if (exit !== undefined) return exit;
  const options = command.opts<TuneCliOptions>();
  const file = command.args[0]!;
  try {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new ModelFileError(file, [{ path: '', message: code === 'ENOENT' ? 'file not found' : String(error) }]);
    }
    const json = parseJsonText(text, file);
    const recorded =
      `npm run tune -- ${file} --level ${options.level} --budget ${options.budget} --days ${options.days}` +
      ` --train-seeds ${seedText(options.trainSeeds)} --eval-seeds ${seedText(options.evalSeeds)}`;
    const result = tuneLevel(json, runnable, {
      level: options.level,
      budget: options.budget,
      days: options.days,
      trainingSeeds: options.trainSeeds,
      evaluationSeeds: options.evalSeeds,
      file,
      command: recorded,
      onEvaluation: (e, used) => {
        const values = Object.entries(e.values)
          .map(([p, v]) => `${p}=${v}`)
          .join(' ');
        const means = Object.entries(e.means)
          .map(([k, v]) => `${k} ${v.toFixed(3)}`)
          .join(', ');
        io.err(`[${used}/${options.budget}] ${values}: ${means}${e.violation > 0 ? ` (violates constraints by ${e.violation.toFixed(3)})` : ''}\n`);
      },
    });
    const p = result.provenance;
    io.out(`${options.level} tuned in ${p.evaluations} of ${p.budget} evaluations on seeds ${seedText(p.trainingSeeds)}:\n`);
    for (const parameter of result.parameters) {
      io.out(`  ${parameter.path}: ${result.start[parameter.path]} -> ${result.values[parameter.path]}  (${parameter.capability}: ${parameter.description})\n`);
    }
    const e = p.evaluation;
    io.out(
      `on evaluation seeds ${seedText(p.evaluationSeeds)}: ${e.kpi} ${e.start.mean.toFixed(3)} +- ${e.start.ci95.toFixed(3)} -> ` +
        `${e.tuned.mean.toFixed(3)} +- ${e.tuned.ci95.toFixed(3)} (paired change ${e.changePercent.mean.toFixed(2)} +- ${e.changePercent.ci95.toFixed(2)} %)\n`,
    );
    for (const c of e.constraints ?? []) {
      io.out(
        `  constraint ${c.constraint}: ${c.start.mean.toFixed(3)} +- ${c.start.ci95.toFixed(3)} -> ${c.tuned.mean.toFixed(3)} +- ${c.tuned.ci95.toFixed(3)}${c.met ? '' : '  NOT MET on the evaluation seeds'}\n`,
      );
    }
    if (options.dryRun) return 0;
    writeFileSync(file, formatModelJson(applyTuning(json, result, file)));
    io.out(`written to ${file} (values at their paths, provenance under tuning.${options.level})\n`);
    return 0;
  } catch (error) {
    return badInputExit(error, io, [ModelFileError, RangeError]);
  }
}

/** The terminal entry of `npm run tune` and `fabtwin tune`. */
export const runMain = (argv: readonly string[]): number => main(argv, processIo);

if (isScript(import.meta.url)) await runEntry(runMain, process.argv.slice(2));
