/**
 * The most the 3C twin's maintenance orders could win (`npx tsx bench/twin-maintenance-ceiling.ts [days] [seeds]
 * [level]`): in-process, without broker or learning, a controller that knows each altered cell's true life orders a
 * maintenance (`maintain`, the plant's own external command, as the twin's NCMD) whenever the cell's operating age
 * passes the optimal age-replacement age of that life (core/twin/replacement.ts, failure-to-repair 6.5 h, PM 1.5 h),
 * once per life; the same plant and seeds without it are the baseline. Paired differences of the KPIs with 95 %
 * intervals, for the two 3C realities of `bench/twin.ts`. The twin's `--act` learns the life first and so wins less.
 */
import { applyParameters } from '../src/core/experiment/parameters.ts';
import { presetLevels, type Level } from '../src/core/experiment/levels.ts';
import type { startMachining } from '../src/core/machining/index.ts';
import { runnable } from '../src/core/models.ts';
import { Welford } from '../src/core/twin/estimators.ts';
import { ageReplacement } from '../src/core/twin/replacement.ts';
import { loadModelFile } from '../src/node/model-file.ts';

const [days, seeds] = [Number(process.argv[2] ?? 30), Number(process.argv[3] ?? 20)];
const level = (process.argv[4] ?? 'L1') as Level;
const loaded = loadModelFile('factory-models/3c-machining.json');
const age = ageReplacement(2.2, 55, 6.5, 1.5).age;
const realities: [string, Record<string, number>, number[]][] = [
  ['cnc-3 at 55 h', { 'cnc.health.cellWeibullScaleHours.cnc-3': 55 }, [2]],
  ['all cells at 55 h', { 'cnc.health.weibullScaleHours': 55 }, [0, 1, 2, 3, 4, 5]],
];
const keys = ['throughput', 'operatingCost', 'onTimeDelivery', 'leadTime', 'failures'];
for (const [name, reality, cells] of realities) {
  const model = runnable(applyParameters(loaded, reality, 'ceiling'));
  const capabilities = presetLevels(model.capabilities, level);
  const differences = new Map(keys.map((k) => [k, new Welford()]));
  let orders = 0;
  for (let seed = 1; seed <= seeds; seed++) {
    const kpis: Record<string, number>[] = [];
    for (const act of [false, true]) {
      const run = model.start({ seed, capabilities }) as ReturnType<typeof startMachining>;
      const control = run.externalControl!();
      const ordered = new Set<number>();
      for (let t = 0.25; t <= days * 24 + 1e-9; t += 0.25) {
        run.sim.runUntil(t);
        if (!act) continue;
        for (const i of cells) {
          const cell = run.plant.cells[i]!;
          const own = run.plant.cnc.ageOf(cell);
          if (own < 1) ordered.delete(i);
          if (own >= age && cell.state !== 'down' && cell.state !== 'pm' && !ordered.has(i)) {
            control.submit({ kind: 'maintain', unit: `cnc-${i + 1}` });
            ordered.add(i);
            orders++;
          }
        }
      }
      kpis.push(run.kpis());
      run.sim.dispose();
    }
    for (const k of keys) differences.get(k)!.push(kpis[1]![k]! - kpis[0]![k]!);
  }
  process.stdout.write(`${name}, ${level}, ${days} days, seeds 1..${seeds}: orders at age ${age.toFixed(1)} h (${orders} in all)\n`);
  for (const [k, w] of differences) {
    const [low, high] = w.ci95();
    process.stdout.write(`  ${k} with orders minus without: ${w.mean.toFixed(2)} (95 % CI ${low.toFixed(2)} to ${high.toFixed(2)})\n`);
  }
}
