/**
 * The terminal side every command shares, without commander (the `fabtwin` bin's `--help` and `--version` load only
 * this): the output channels, escaping of control characters, and the entry that `npm run X` runs where the `fabtwin X`
 * bin loads the same module and calls the same `runMain`.
 */
import { pathToFileURL } from 'node:url';

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  /** Shows a progress bar for long runs (stderr on a terminal). */
  progress?: (label: string) => { update(fraction: number): void; done(): void };
}

/** The process's own stdout and stderr. */
export const processIo: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

/**
 * Text from a model, a record or the command line made printable on a terminal: control characters (C0, DEL, C1;
 * terminal escape codes start with one) are written as `\u001b`, so a model name cannot move the cursor, recolour or
 * retitle the terminal.
 */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is this function's purpose
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** `printable`, line by line: the line breaks of a message stay. */
export function printableLines(text: string): string {
  return text.split('\n').map(printable).join('\n');
}

/** A command's entry on the terminal: `argv` without node and script, the exit code back. */
export type CommandMain = (argv: readonly string[]) => number | Promise<number>;

/**
 * How a command exits once done. 'natural': the exit code is set and Node exits when nothing is left to do (stdout
 * drained). 'exit': the process exits at once, for commands that may leave sockets or reconnect timers behind (a
 * broker, Redis, MQTT); their output is written before (pipes and files are synchronous on Linux and macOS).
 */
export type ExitStyle = 'natural' | 'exit';

/** Runs `main` with the process's arguments and sets or forces the exit code; an unexpected error exits 1 with its stack. */
export async function runEntry(main: CommandMain, argv: readonly string[], style: ExitStyle = 'natural'): Promise<void> {
  let code: number;
  try {
    code = await main(argv);
  } catch (error) {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    code = 1;
  }
  if (style === 'exit') process.exit(code);
  process.exitCode = code;
}

/** `npm run X` runs the module itself (through tsx); the `fabtwin` bin imports it and calls its entry instead. */
export function isScript(moduleUrl: string): boolean {
  return moduleUrl === pathToFileURL(process.argv[1] ?? '').href;
}
