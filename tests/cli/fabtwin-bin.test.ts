/**
 * The `fabtwin` command as installed: compiled JavaScript (build/cli, made by `npm run build:cli`, which `npm ci` runs
 * as `prepare`), run by plain Node without tsx, from any working directory.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const bin = join(root, 'build/cli/fabtwin.js');
/** Every command line of the project, as `fabtwin <name>`. */
const SUBCOMMANDS = ['sim', 'optimize', 'fit', 'tune', 'plant', 'twin', 'worker', 'schedule', 'train-dispatcher', 'schema'];
const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string; bin: Record<string, string> };

function fabtwin(...args: string[]) {
  return spawnSync(process.execPath, [bin, ...args], { cwd: tmpdir(), encoding: 'utf8' });
}

/** The same, asynchronously: many short commands run side by side. */
function fabtwinAsync(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: tmpdir() });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** Runs `tasks` with at most `limit` at a time, results in order. */
async function limited<T>(limit: number, tasks: (() => Promise<T>)[]): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      for (let i = next++; i < tasks.length; i = next++) results[i] = await tasks[i]!();
    }),
  );
  return results;
}

beforeAll(() => {
  execFileSync(process.execPath, [join(root, 'scripts/build-cli.mjs')], { cwd: root });
});

describe('the fabtwin command', () => {
  it('is the package bin, compiled, with a shebang for Node', () => {
    expect(version.bin.fabtwin).toBe('build/cli/fabtwin.js');
    expect(readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });

  it('prints its version and its commands', () => {
    expect(fabtwin('--version')).toMatchObject({ status: 0, stdout: `${version.version}\n` });
    const help = fabtwin('--help');
    expect(help.status).toBe(0);
    const listed = [
      ...help.stdout
        .split('Commands:\n')[1]!
        .split('\n\n')[0]!
        .matchAll(/^ {2}(\S+) {2,}\S/gm),
    ].map((m) => m[1]);
    expect(listed.sort()).toEqual([...SUBCOMMANDS].sort());
  });

  it('has every command line of the project as a subcommand, with the npm script running the same module', () => {
    const scripts = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    for (const name of SUBCOMMANDS) {
      const script = name === 'train-dispatcher' ? 'train:dispatcher' : name;
      expect(scripts[script], script).toBe(`tsx src/cli/${name}.ts`);
      // The bin calls the module's terminal entry; the script runs the module, which calls the same entry.
      const source = readFileSync(join(root, `src/cli/${name}.ts`), 'utf8');
      expect(source, name).toMatch(/export (const|function|async function) runMain\b/);
      expect(source, name).toMatch(/if \(isScript\(import\.meta\.url\)\) await runEntry\(runMain, process\.argv\.slice\(2\)/);
    }
  });

  it("prints each subcommand's help and exits 0; a bad option exits 2 with a message naming it", async () => {
    const helps = await limited(
      3,
      SUBCOMMANDS.map((name) => () => fabtwinAsync(name, '--help')),
    );
    SUBCOMMANDS.forEach((name, i) => {
      const help = helps[i]!;
      expect(help.status, `${name} --help: ${help.stderr}`).toBe(0);
      expect(help.stdout, name).toMatch(new RegExp(`^Usage: ${name} \\[options\\]`));
      expect(help.stdout, name).toContain('-h, --help');
    });
    // Commands with a required option are given it, so the unknown option is what fails.
    const required = (name: string) => (name === 'tune' ? ['--level', 'L1'] : name === 'worker' ? ['--queue', 'redis://127.0.0.1:1'] : []);
    const unknown = await limited(
      3,
      SUBCOMMANDS.map((name) => () => fabtwinAsync(name, ...required(name), '--no-such-option')),
    );
    SUBCOMMANDS.forEach((name, i) => {
      const bad = unknown[i]!;
      expect(bad.status, name).toBe(2);
      expect(bad.stderr, name).toContain("unknown option '--no-such-option'");
      expect(bad.stdout, name).toBe('');
    });
    const values: [string, string[], string][] = [
      ['sim', ['x.json', '--days', '-1'], "option '--days <n>' argument '-1' is invalid. expected a positive number for --days."],
      ['optimize', ['x.json', '--workers', '0'], "option '--workers <n>' argument '0' is invalid. expected a positive integer for --workers."],
      ['plant', ['x.json', '--seed', '1.5'], "option '--seed <s>' argument '1.5' is invalid. expected an integer seed."],
      ['twin', ['x.json', '--for', 'soon'], "option '--for <hours>' argument 'soon' is invalid. expected a positive number for --for."],
      ['fit', ['x.csv', '--bootstrap', '-3'], "option '--bootstrap <n>' argument '-3' is invalid. expected a whole number >= 0 for --bootstrap."],
      ['schedule', ['ft06', '--algo', 'spt', '--seed', 'x'], "option '--seed <n>' argument 'x' is invalid."],
      ['train-dispatcher', ['--iterations', '0'], "option '--iterations <n>' argument '0' is invalid."],
    ];
    const bad = await limited(
      3,
      values.map(
        ([name, args]) =>
          () =>
            fabtwinAsync(name, ...args),
      ),
    );
    values.forEach(([name, , message], i) => {
      expect(bad[i]!.status, name).toBe(2);
      expect(bad[i]!.stderr, name).toContain(message);
    });
    // 27 starts of Node: minutes on a loaded 2-core machine.
  }, 600_000);

  it('escapes control characters from the command line in its messages', () => {
    const bad = fabtwin('sim', 'x.json', '--level', 'L\u001b[31m9');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('L\\u001b[31m9');
    expect(bad.stderr).not.toContain('\u001b');
    const unknown = fabtwin('s\u001b]0;owned\u0007');
    expect(unknown.status).toBe(2);
    // eslint-disable-next-line no-control-regex -- the assertion is that no control character is printed
    expect(unknown.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f]/);
  });

  it('optimises a study with `optimize`, JSON on stdout only', () => {
    const run = fabtwin('optimize', join(root, 'tests/optimize/fixtures/buffer-study.json'), '--format', 'json', '--workers', '2');
    expect(run.status, run.stderr).toBe(0);
    const { result } = JSON.parse(run.stdout) as { result: { evaluations: unknown[]; best: { point: number[] } } };
    expect(result.evaluations).toHaveLength(15);
    expect(result.best.point).toHaveLength(2);
    expect(run.stderr).toMatch(/evaluations \d+\/15: best so far/);
  });

  it('runs a model with `sim` and pipes clean JSON (nothing else on stdout)', () => {
    const run = fabtwin('sim', join(root, 'factory-models/teaching/mm1.json'), '--days', '1', '--seeds', '2', '--format', 'json');
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout) as { levels: { L1: { kpis: { throughput: { mean: number } } } } };
    expect(report.levels.L1.kpis.throughput.mean).toBeGreaterThan(0);
  });

  it('solves a shipped job-shop instance with `schedule`, found from any working directory', () => {
    const run = fabtwin('schedule', 'ft06', '--algo', 'spt', '--format', 'json');
    expect(run.status).toBe(0);
    expect((JSON.parse(run.stdout) as { makespan: number }).makespan).toBe(88);
  });

  it('exits with 2 and a clear message for bad input', () => {
    const unknown = fabtwin('simulate');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain(`unknown command "simulate"; expected one of ${SUBCOMMANDS.join(', ')}`);
    const missing = fabtwin('sim', 'no-such-model.json');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('no-such-model.json');
  });
});
