/**
 * The `fabtwin` command (package.json `bin`, compiled to build/cli/ by `npm run build:cli`, which `npm ci` runs as
 * `prepare`): `fabtwin sim ...`, `fabtwin schedule ...`, `fabtwin --version`. Each subcommand is loaded only when
 * asked for, so `fabtwin --help` and `--version` start without loading the simulation core.
 */
import packageJson from '../../package.json';

const COMMANDS: Record<string, { summary: string; run: (argv: string[]) => Promise<number> }> = {
  sim: {
    summary: 'run a model headless and print its KPIs (L1..L3, replications, attribution, replay)',
    run: async (argv) => {
      const [{ runCli }, { progressBar }] = await Promise.all([import('./sim.ts'), import('./progress.ts')]);
      return runCli(argv, {
        out: (text) => process.stdout.write(text),
        err: (text) => process.stderr.write(text),
        progress: (label) => progressBar(label),
      });
    },
  },
  schedule: {
    summary: 'solve a job-shop instance or suite (dispatching rules, tabu search, learned dispatcher)',
    run: async (argv) => (await import('./schedule.ts')).main(argv),
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
    '  -h, --help     print this help; `fabtwin <command> --help` for a command\'s options',
    '',
  ].join('\n');
}

export async function fabtwin(argv: readonly string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === '--version' || first === '-V') {
    process.stdout.write(`${packageJson.version}\n`);
    return 0;
  }
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    (first === undefined ? process.stderr : process.stdout).write(usage());
    return first === undefined ? 2 : 0;
  }
  const command = COMMANDS[first];
  if (!command) {
    process.stderr.write(`fabtwin: unknown command "${first}"; expected one of ${Object.keys(COMMANDS).join(', ')}\n\n${usage()}`);
    return 2;
  }
  return command.run(rest);
}

process.exitCode = await fabtwin(process.argv.slice(2));
