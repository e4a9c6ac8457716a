/**
 * The `fabtwin` command as installed: compiled JavaScript (build/cli, made by `npm run build:cli`, which `npm ci` runs
 * as `prepare`), run by plain Node without tsx, from any working directory.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const bin = join(root, 'build/cli/fabtwin.js');
const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string; bin: Record<string, string> });

function fabtwin(...args: string[]) {
  return spawnSync(process.execPath, [bin, ...args], { cwd: tmpdir(), encoding: 'utf8' });
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
    expect(help.stdout).toMatch(/Commands:\n\s+sim\s.*\n\s+schedule\s/);
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
    expect(unknown.stderr).toContain('unknown command "simulate"; expected one of sim, schedule');
    const missing = fabtwin('sim', 'no-such-model.json');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('no-such-model.json');
  });
});
