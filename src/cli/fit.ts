/**
 * `npm run fit -- data.csv [--column NAME] [--format table|json]`: fits exponential, normal, lognormal, gamma, Weibull,
 * triangular, uniform (and lists the empirical) to a column of observed times, ranks them by AIC and BIC and prints the
 * KS, AD and chi-square tests. `--write model.json --at stations[2].serviceTime` writes the best (or `--choose`n) fit
 * into a model file, checked by the model's schema before the file is touched.
 * Exit codes: 0 done; 2 the invocation or the data needs fixing (the message names the line); 1 anything else.
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import { readFileSync, writeFileSync } from 'node:fs';
import { parseParameterPath } from '../core/experiment/parameters.ts';
import { FAMILIES, FitDataError, fitDistributions, parseSample, type FamilyName, type FitReport } from '../core/fit/index.ts';
import { ModelFileError } from '../core/model/errors.ts';
import { parseModel } from '../core/model/load.ts';
import { badInputExit, isScript, newCommand, nonNegativeInteger, parseCommand, processIo, runEntry, UsageError, type CliIo } from './command.ts';

interface FitCliOptions {
  column?: string;
  format: 'table' | 'json';
  bootstrap: number;
  seed: number;
  signed?: boolean;
  families?: FamilyName[];
  write?: string;
  at?: string;
  choose?: FamilyName | 'empirical';
}

function familyList(value: string): FamilyName[] {
  const names = value.split(',').map((s) => s.trim());
  for (const name of names) {
    if (!(FAMILIES as readonly string[]).includes(name)) throw new InvalidArgumentError(`unknown family "${name}"; expected some of ${FAMILIES.join(', ')}.`);
  }
  return names as FamilyName[];
}

function buildCommand(io: CliIo): Command {
  return newCommand('fit', 'Fit distributions to observed times by maximum likelihood, rank them by AIC / BIC and test the fits (KS, AD, chi-square).', io)
    .argument('<data>', 'CSV file (or a plain column of numbers); lines starting with # are skipped')
    .addOption(new Option('--column <name>', 'the column to fit: its header or its number (needed when the file has several)'))
    .addOption(new Option('--format <format>', 'output format').default('table').choices(['table', 'json']))
    .addOption(
      new Option('--bootstrap <n>', 'parametric-bootstrap replicates for the KS and AD p-values (0: asymptotic formulas)')
        .default(0)
        .argParser(nonNegativeInteger('--bootstrap')),
    )
    .addOption(new Option('--seed <s>', 'seed of the bootstrap streams').default(1).argParser(nonNegativeInteger('--seed')))
    .addOption(new Option('--signed', 'accept negative values (signed data: normal, uniform and triangular are fitted, the families for times are skipped)'))
    .addOption(new Option('--families <list>', `families to try, comma-separated (default all: ${FAMILIES.join(',')})`).argParser(familyList))
    .addOption(new Option('--write <model>', 'write the chosen distribution into this model file (with --at)'))
    .addOption(new Option('--at <path>', 'JSON path of the distribution in the model, e.g. stations[2].serviceTime'))
    .addOption(new Option('--choose <family>', 'the family to write (default: the best by AIC)').choices([...FAMILIES, 'empirical']));
}

function format(value: number, digits = 4): string {
  if (!Number.isFinite(value)) return String(value);
  const magnitude = Math.abs(value);
  return magnitude !== 0 && (magnitude >= 1e6 || magnitude < 1e-3) ? value.toExponential(digits - 1) : Number(value.toPrecision(digits)).toString();
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

export function fitTable(report: FitReport, label: string): string {
  const s = report.summary;
  const lines = [
    `${label}: n = ${s.n}, mean ${format(s.mean)}, sd ${format(s.sd)}, cv ${format(s.cv, 3)}, min ${format(s.min)}, median ${format(s.median)}, max ${format(s.max)}`,
    '',
  ];
  const header = ['rank', 'family', 'parameters', 'log L', 'AIC', 'dAIC', 'BIC rank', 'KS D (p)', 'AD A2 (p)', 'chi2 (df, p)'];
  const rows = report.fits.map((fit, i) => [
    String(i + 1),
    fit.family,
    Object.entries(fit.parameters)
      .map(([k, v]) => `${k}=${format(v)}`)
      .join(' '),
    format(fit.logLikelihood, 6),
    format(fit.aic, 6),
    format(fit.deltaAic, 3),
    String(fit.bicRank),
    `${format(fit.ks.statistic, 3)} (${format(fit.ks.pValue, 3)})`,
    `${format(fit.ad.statistic, 3)} (${format(fit.ad.pValue, 3)})`,
    Number.isNaN(fit.chiSquare.pValue)
      ? `${format(fit.chiSquare.statistic, 3)} (too few bins)`
      : `${format(fit.chiSquare.statistic, 3)} (${fit.chiSquare.degreesOfFreedom}, ${format(fit.chiSquare.pValue, 3)})`,
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  lines.push(
    header
      .map((h, c) => pad(h, widths[c]!))
      .join('  ')
      .trimEnd(),
  );
  for (const row of rows)
    lines.push(
      row
        .map((cell, c) => pad(cell, widths[c]!))
        .join('  ')
        .trimEnd(),
    );
  for (const skip of report.skipped) lines.push(`-     ${skip.family}: not fitted, ${skip.reason}`);
  lines.push(
    '',
    `empirical: ${report.empirical.values.length} distinct values (not ranked: one parameter per value)`,
    `p-values: ${report.pValueMethod}; chi-square on equiprobable bins, df = bins - 1 - parameters`,
  );
  const best = report.fits[0];
  if (best) lines.push(`best by AIC, as a model file writes it: ${JSON.stringify(best.spec)}`);
  return lines.join('\n') + '\n';
}

function reportJson(report: FitReport, file: string, column: string): unknown {
  return {
    file,
    column,
    summary: report.summary,
    pValueMethod: report.pValueMethod,
    fits: report.fits.map((fit, i) => ({
      rank: i + 1,
      family: fit.family,
      parameters: fit.parameters,
      spec: fit.spec,
      logLikelihood: fit.logLikelihood,
      aic: fit.aic,
      bic: fit.bic,
      deltaAic: fit.deltaAic,
      bicRank: fit.bicRank,
      ks: fit.ks,
      ad: fit.ad,
      chiSquare: fit.chiSquare,
    })),
    skipped: report.skipped,
    empirical: report.empirical,
  };
}

/** Writes `spec` at `path` in the model file, after checking the result with the model's schema. */
function writeIntoModel(modelFile: string, path: string, spec: unknown): void {
  let text: string;
  try {
    text = readFileSync(modelFile, 'utf8');
  } catch {
    throw new ModelFileError(modelFile, [{ path: '', message: 'file not found or unreadable' }]);
  }
  const json: unknown = parseModel(text, modelFile) && JSON.parse(text);
  const segments = parseParameterPath(path, modelFile);
  let node = json as Record<string | number, unknown>;
  for (const segment of segments.slice(0, -1)) {
    const next = node[segment];
    if (typeof next !== 'object' || next === null)
      throw new ModelFileError(modelFile, [{ path, message: `no ${String(segment)} here; expected an existing object or list on the path` }]);
    node = next as Record<string | number, unknown>;
  }
  const last = segments[segments.length - 1]!;
  const previous = node[last];
  if (typeof previous !== 'object' || previous === null || !('dist' in previous)) {
    throw new ModelFileError(modelFile, [{ path, message: 'expected the path of a distribution (an object with "dist"), e.g. stations[0].serviceTime' }]);
  }
  node[last] = spec;
  const updated = JSON.stringify(json, null, 2) + '\n';
  parseModel(updated, modelFile); // refuses a spec the model's schema does not accept, before writing
  writeFileSync(modelFile, updated);
}

export function main(argv: readonly string[], io: CliIo): number {
  const command = buildCommand(io);
  const exit = parseCommand(command, argv);
  if (exit !== undefined) return exit;
  const options = command.opts<FitCliOptions>();
  const file = command.args[0]!;
  try {
    if ((options.write === undefined) !== (options.at === undefined))
      throw new UsageError('--write and --at go together: the model file and the path of the distribution in it');
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      throw new UsageError(`${file}: file not found or unreadable`);
    }
    const sample = parseSample(text, { column: options.column, nonNegative: !options.signed, source: file });
    const report = fitDistributions(sample.values, { lines: sample.lines, bootstrap: options.bootstrap, seed: options.seed, families: options.families });
    if (options.format === 'json') io.out(JSON.stringify(reportJson(report, file, sample.column), null, 2) + '\n');
    else io.out(fitTable(report, `${file}, column "${sample.column}"`));
    if (options.write !== undefined) {
      const chosen = options.choose ?? report.fits[0]?.family;
      const spec = chosen === 'empirical' ? report.empirical : report.fits.find((f) => f.family === chosen)?.spec;
      if (spec === undefined)
        throw new UsageError(
          `--choose ${chosen}: that family was not fitted (${report.skipped.find((s) => s.family === chosen)?.reason ?? 'not among --families'})`,
        );
      writeIntoModel(options.write, options.at!, spec);
      io.err(`wrote ${chosen} to ${options.write} at ${options.at}\n`);
    }
    return 0;
  } catch (error) {
    return badInputExit(error, io, [FitDataError, ModelFileError]);
  }
}

/** The terminal entry of `npm run fit` and `fabtwin fit`. */
export const runMain = (argv: readonly string[]): number => main(argv, processIo);

if (isScript(import.meta.url)) await runEntry(runMain, process.argv.slice(2));
