/**
 * The `fabtwin` command (package.json `bin`, compiled to build/cli/ by `npm run build:cli`, which `npm ci` runs as
 * `prepare`): `fabtwin <command> ...` for every command line of the project, `fabtwin --version`. Each subcommand is
 * the module `npm run <command>` runs (its `runMain`), loaded only when asked for, so `fabtwin --help` and `--version`
 * start without loading the simulation core.
 */
import packageJson from '../../package.json';
import { printable, runEntry, type CommandMain, type ExitStyle } from './terminal.ts';

interface Subcommand {
  summary: string;
  load: () => Promise<{ runMain: CommandMain }>;
  exit?: ExitStyle;
}

const COMMANDS: Record<string, Subcommand> = {
  sim: {
    summary: 'run a model headless and print its KPIs (L1..L3, replications, attribution, sweeps, replay)',
    load: () => import('./sim.ts'),
  },
  optimize: {
    summary: 'optimise model parameters from a study file (search with common random numbers, Kim-Nelson selection)',
    load: () => import('./optimize.ts'),
  },
  fit: {
    summary: 'fit distributions to observed times in a CSV column, rank them and test the fits',
    load: () => import('./fit.ts'),
  },
  tune: {
    summary: "tune one level's decision parameters and write them, with provenance, into the model file",
    load: () => import('./tune.ts'),
  },
  plant: {
    summary: 'run a model as a plant on the network (MQTT Sparkplug B, OPC UA)',
    load: () => import('./plant.ts'),
    exit: 'exit',
  },
  twin: {
    summary: "follow a plant's Sparkplug B stream or a recording as a digital shadow (forecasts, --act)",
    load: () => import('./twin.ts'),
    exit: 'exit',
  },
  worker: {
    summary: 'compute experiment runs from a BullMQ queue on Redis (for `sim --queue`)',
    load: () => import('./worker.ts'),
    exit: 'exit',
  },
  schedule: {
    summary: 'solve a job-shop instance or suite (dispatching rules, tabu search, learned dispatcher)',
    load: () => import('./schedule.ts'),
  },
  'train-dispatcher': {
    summary: 'train the learned job-shop dispatcher and write its weights and training curve',
    load: () => import('./train-dispatcher.ts'),
  },
  schema: {
    summary: 'write the JSON Schemas of the model files to factory-models/schema/',
    load: () => import('./schema.ts'),
  },
};

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  return [
    `Usage: fabtwin <command> [options]`,
    '',
    'FabTwin, a smart-factory digital twin: a 3C machining plant and a petrochemical plant at three paradigm levels.',
    '',
    'Commands:',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    '',
    'Options:',
    '  -V, --version  print the version',
    "  -h, --help     print this help; `fabtwin <command> --help` for a command's options",
    '',
    'From a clone, `npm run -s <command> -- ...` runs the same commands from the TypeScript sources',
    '(train-dispatcher is `npm run -s train:dispatcher`).',
    '',
    'Exit codes: 0 done; 2 the invocation or the input needs fixing (the message says what); 1 anything else.',
    '',
  ].join('\n');
}

/** Runs `fabtwin` on `argv` (without node and script) and returns the exit code. */
async function fabtwin(argv: readonly string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === '--version' || first === '-V') {
    process.stdout.write(`${packageJson.version}\n`);
    return 0;
  }
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    (first === undefined ? process.stderr : process.stdout).write(usage());
    return first === undefined ? 2 : 0;
  }
  const command = Object.hasOwn(COMMANDS, first) ? COMMANDS[first] : undefined;
  if (!command) {
    process.stderr.write(`fabtwin: unknown command "${printable(first)}"; expected one of ${Object.keys(COMMANDS).join(', ')}\n\n${usage()}`);
    return 2;
  }
  const { runMain } = await command.load();
  return runMain(rest);
}

const argv = process.argv.slice(2);
const chosen = argv[0] !== undefined && Object.hasOwn(COMMANDS, argv[0]) ? COMMANDS[argv[0]] : undefined;
await runEntry(fabtwin, argv, chosen?.exit ?? 'natural');
