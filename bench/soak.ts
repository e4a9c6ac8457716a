/**
 * `npm run bench -- --soak [--years N] [--json]`: long-run cost of the two plants. One replication per plant and level
 * is run simulated year by year; after each year the bench reports the wall and CPU seconds that year took, the heap in
 * use after a full garbage collection (when the process runs with --expose-gc, as `npm run bench` does), the number of
 * events pending in the kernel, and whether every KPI is still a finite number. A run whose cost per simulated year
 * grows, or whose heap keeps climbing, holds something that grows with the run length.
 * Timing lives here, never in tests.
 */
import { readFileSync } from 'node:fs';
import { presetLevels, type Level } from '../src/core/experiment/levels.ts';
import { validateModel } from '../src/core/model/load.ts';
import { runnable } from '../src/core/models.ts';

const HOURS_PER_YEAR = 365 * 24;

const PLANTS: readonly { file: string; levels: readonly Level[] }[] = [
  { file: 'factory-models/3c-machining.json', levels: ['L1', 'L3'] },
  { file: 'factory-models/petrochemical.json', levels: ['L1', 'L3'] },
];

export interface SoakYear {
  plant: string;
  level: Level;
  year: number;
  wallSeconds: number;
  cpuSeconds: number;
  heapMiB: number;
  pendingEvents: number;
  /** KPIs that are not finite numbers after this year (undefined KPIs of a plant that made no good unit yet count). */
  nonFiniteKpis: string[];
}

function cpuSecondsNow(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
}

function heapMiB(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

function soakOne(file: string, level: Level, years: number, report: (year: SoakYear) => void): void {
  const model = runnable(validateModel(JSON.parse(readFileSync(file, 'utf8')), file));
  const run = model.start({ seed: 1, capabilities: presetLevels(model.capabilities, level) });
  for (let year = 1; year <= years; year++) {
    const wallStart = performance.now();
    const cpuStart = cpuSecondsNow();
    run.sim.runUntil(year * HOURS_PER_YEAR * (model.unitsPerDay / 24));
    const kpis = run.kpis();
    report({
      plant: model.name,
      level,
      year,
      wallSeconds: (performance.now() - wallStart) / 1000,
      cpuSeconds: cpuSecondsNow() - cpuStart,
      heapMiB: heapMiB(),
      pendingEvents: run.sim.pendingCount,
      nonFiniteKpis: Object.entries(kpis)
        .filter(([, value]) => !Number.isFinite(value))
        .map(([key]) => key),
    });
  }
}

export function runSoak(years: number, json: boolean): void {
  if (!(globalThis as { gc?: () => void }).gc) {
    process.stderr.write('note: run with --expose-gc (npm run bench does) for heap figures after a full collection\n');
  }
  for (const plant of PLANTS) {
    for (const level of plant.levels) {
      const rows: SoakYear[] = [];
      soakOne(plant.file, level, years, (row) => {
        rows.push(row);
        if (json) process.stdout.write(JSON.stringify(row) + '\n');
      });
      if (json) continue;
      process.stdout.write(`\n${rows[0]!.plant}, ${level}, seed 1\n`);
      process.stdout.write('year  wall s  cpu s  heap MiB  pending events  non-finite KPIs\n');
      for (const r of rows) {
        process.stdout.write(
          `${String(r.year).padStart(4)}  ${r.wallSeconds.toFixed(2).padStart(6)}  ${r.cpuSeconds.toFixed(2).padStart(5)}  ` +
            `${r.heapMiB.toFixed(1).padStart(8)}  ${String(r.pendingEvents).padStart(14)}  ${r.nonFiniteKpis.join(', ') || '-'}\n`,
        );
      }
      // Growth: the last year's cost against the second's (the first carries start-up and warm-up).
      const second = rows[Math.min(1, rows.length - 1)]!;
      const last = rows[rows.length - 1]!;
      process.stdout.write(
        `cost of year ${last.year} / year ${second.year}: ${(last.cpuSeconds / second.cpuSeconds).toFixed(2)} (CPU); ` +
          `heap ${second.heapMiB.toFixed(1)} -> ${last.heapMiB.toFixed(1)} MiB\n`,
      );
    }
  }
}
