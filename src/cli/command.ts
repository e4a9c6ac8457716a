/**
 * What every command line shares: commander set up the same way (output through `io`, errors returned instead of
 * exiting, help after an error, no stray arguments), the parsers of numbers, seeds, ports and `--set path=value`, and
 * the exit-2 report of bad input with control characters escaped; with `terminal.ts` (output channels, escaping, the
 * script entry), re-exported here. Kept free of the simulation core.
 */
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { printableLines, type CliIo } from './terminal.ts';

export { isScript, printable, printableLines, processIo, runEntry, type CliIo, type CommandMain, type ExitStyle } from './terminal.ts';

/** The invocation or the input needs fixing: reported by its message, exit code 2. */
export class UsageError extends Error {}

/** A command with FabTwin's conventions; the caller adds its arguments and options. */
export function newCommand(name: string, description: string, io: Pick<CliIo, 'out' | 'err'>): Command {
  return new Command(name)
    .description(description)
    .configureOutput({ writeOut: io.out, writeErr: (text) => io.err(printableLines(text)) })
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .allowExcessArguments(false);
}

/**
 * Parses `argv` (without node and script). Returns the exit code when commander has already answered (0 after
 * `--help`, 2 after a bad option or argument, whose message commander printed naming the option), else undefined.
 */
export function parseCommand(command: Command, argv: readonly string[]): number | undefined {
  try {
    command.parse([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    throw error;
  }
  return undefined;
}

/**
 * An error of one of the `kinds` of bad input is printed (control characters escaped, line breaks kept) and gives exit
 * code 2; `UsageError` always counts. Anything else is a bug or a failure, and propagates.
 */
export function badInputExit(error: unknown, io: Pick<CliIo, 'err'>, kinds: readonly (abstract new (...args: never[]) => Error)[] = []): number {
  if (error instanceof UsageError || kinds.some((kind) => error instanceof kind)) {
    io.err(`${printableLines((error as Error).message)}\n`);
    return 2;
  }
  throw error;
}

export function positiveNumber(name: string, max = Infinity, what = 'a positive number') {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n <= 0 || n > max) throw new InvalidArgumentError(`expected ${what} for ${name}.`);
    return n;
  };
}

export function positiveInteger(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n <= 0) throw new InvalidArgumentError(`expected a positive integer for ${name}.`);
    return n;
  };
}

export function nonNegativeInteger(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n)) throw new InvalidArgumentError(`expected a whole number >= 0 for ${name}.`);
    return n;
  };
}

/** A seed: any safe integer, negative ones included. */
export function seedValue(value: string): number {
  const n = Number(value);
  if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(n)) throw new InvalidArgumentError('expected an integer seed.');
  return n;
}

export function port(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || n > 65535) throw new InvalidArgumentError(`expected a port number 0-65535 for ${name}.`);
    return n;
  };
}

/** `--set path=value`, repeatable: collected in order (a later setting of the same path wins). */
export function parameterSetting(value: string, previous: Record<string, number> | undefined): Record<string, number> {
  const match = /^([^=]+)=(.*)$/.exec(value);
  const number = match ? Number(match[2]!.trim()) : NaN;
  if (!match || match[2]!.trim() === '' || !Number.isFinite(number)) {
    throw new InvalidArgumentError(`expected path=number, e.g. cnc.cells=8 or stations[2].servers=2, got "${value}".`);
  }
  return { ...previous, [match[1]!.trim()]: number };
}
