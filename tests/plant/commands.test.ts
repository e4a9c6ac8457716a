/**
 * Commands a plant accepts from outside (src/core/runtime/control.ts and each model's commands.ts): checked (unknown
 * unit, wrong type, out of range: refused with a reason, nothing changes), carried out by the plant's own mechanics at
 * the next event, and deterministic: a recorded command log replays to the same run bit for bit.
 */
import { describe, expect, it } from 'vitest';
import { presetLevels, type Level } from '../../src/core/experiment/levels.ts';
import { runnable } from '../../src/core/models.ts';
import { replayCommands, type CommandRecord, type PlantCommand } from '../../src/core/runtime/control.ts';
import type { PlantEvent } from '../../src/core/runtime/view.ts';
import { loadModelFile } from '../../src/node/model-file.ts';

function start(file: string, level: Level, seed: number) {
  const model = runnable(loadModelFile(file));
  const run = model.start({ seed, capabilities: presetLevels(model.capabilities, level) });
  const view = run.view!();
  const events: PlantEvent[] = [];
  view.events$?.subscribe((e) => events.push(e));
  const control = run.externalControl!();
  return { run, view, control, events };
}

/** Runs with `commands` submitted at their times (as a live host would) and returns the KPIs and the accepted log. */
function runWith(file: string, level: Level, seed: number, until: number, commands: CommandRecord[]) {
  const plant = start(file, level, seed);
  const log: CommandRecord[] = [];
  const refused: string[] = [];
  for (const { time, command } of commands) {
    plant.run.sim.runUntil(time);
    const reason = plant.control.submit(command);
    if (reason === undefined) log.push({ time, command });
    else refused.push(reason);
  }
  plant.run.sim.runUntil(until);
  return { kpis: plant.run.kpis(), log, refused, events: plant.events };
}

function replay(file: string, level: Level, seed: number, until: number, log: CommandRecord[]) {
  const plant = start(file, level, seed);
  const refused = replayCommands(plant.run.sim, plant.control, log, until);
  return { kpis: plant.run.kpis(), refused };
}

describe('3C plant commands', () => {
  const FILE = 'factory-models/3c-machining.json';

  it('refuses unknown units, rules, setpoints and wrong types with a reason, and changes nothing', () => {
    const bad: PlantCommand[] = [
      { kind: 'maintain', unit: 'cnc-99' },
      { kind: 'maintain', unit: 'deburr' },
      { kind: 'maintain', unit: 5 as unknown as string },
      { kind: 'dispatching-rule', rule: 'bogus' },
      { kind: 'setpoint', name: 'reactor-temperature', value: 120 },
      { kind: 'launch' } as unknown as PlantCommand,
    ];
    const refusedRun = runWith(
      FILE,
      'L2',
      1,
      48,
      bad.map((command, i) => ({ time: 2 + i, command })),
    );
    expect(refusedRun.log).toEqual([]);
    expect(refusedRun.refused).toHaveLength(bad.length);
    expect(refusedRun.refused[0]).toMatch(/unknown or non-maintainable unit "cnc-99".*cnc-1/);
    expect(refusedRun.refused[1]).toMatch(/"deburr"/);
    expect(refusedRun.refused[2]).toMatch(/unit must be a string/);
    expect(refusedRun.refused[3]).toMatch(/unknown rule "bogus".*spt/);
    expect(refusedRun.refused[4]).toMatch(/no setpoint/);
    expect(refusedRun.refused[5]).toMatch(/unknown command kind "launch"/);
    expect(refusedRun.kpis).toEqual(runWith(FILE, 'L2', 1, 48, []).kpis);
  });

  it('maintenance of a cell on request: a PM is ordered for it at the next event it is free, and the log replays bit for bit', () => {
    const baseline = runWith(FILE, 'L1', 1, 72, []);
    const commanded = runWith(FILE, 'L1', 1, 72, [{ time: 10, command: { kind: 'maintain', unit: 'cnc-2' } }]);
    expect(commanded.log).toHaveLength(1);
    const ordered = (r: typeof baseline) => r.events.filter((e) => e.kind === 'pm-ordered' && e.unit === 1 && e.time >= 10).map((e) => e.time);
    const first = ordered(commanded)[0]!;
    expect(first).toBeGreaterThanOrEqual(10);
    expect(first).toBeLessThan(ordered(baseline)[0] ?? Infinity);
    expect(commanded.kpis).not.toEqual(baseline.kpis);
    const again = replay(FILE, 'L1', 1, 72, commanded.log);
    expect(again.refused).toEqual([]);
    expect(again.kpis).toEqual(commanded.kpis);
  });

  it('a dispatching rule set from outside changes the run, and back to default; the log replays bit for bit', () => {
    const commands: CommandRecord[] = [
      { time: 5, command: { kind: 'dispatching-rule', rule: 'spt' } },
      { time: 30, command: { kind: 'dispatching-rule', rule: 'default' } },
    ];
    const baseline = runWith(FILE, 'L2', 2, 72, []);
    const commanded = runWith(FILE, 'L2', 2, 72, commands);
    expect(commanded.log).toEqual(commands);
    expect(commanded.kpis).not.toEqual(baseline.kpis);
    expect(replay(FILE, 'L2', 2, 72, commanded.log).kpis).toEqual(commanded.kpis);
  });
});

describe('petrochemical plant commands', () => {
  const FILE = 'factory-models/petrochemical.json';

  // After the day of warm-up (the KPIs measure from there).
  it('temperature and feed setpoints within the window and a jacket cleaning are carried out; out of range refused; replay is exact', () => {
    const commands: CommandRecord[] = [
      { time: 26, command: { kind: 'setpoint', name: 'reactor-temperature', value: 300 } },
      { time: 26, command: { kind: 'setpoint', name: 'feed', value: Number.NaN } },
      { time: 27, command: { kind: 'setpoint', name: 'reactor-temperature', value: 110 } },
      { time: 28, command: { kind: 'setpoint', name: 'feed', value: 100 } },
      { time: 30, command: { kind: 'maintain', unit: 'reactor' } },
      { time: 30.5, command: { kind: 'maintain', unit: 'reactor' } },
      { time: 31, command: { kind: 'dispatching-rule', rule: 'spt' } },
    ];
    const commanded = runWith(FILE, 'L1', 1, 48, commands);
    expect(commanded.refused[0]).toMatch(/reactor-temperature: 300 °C is out of range \[95, \d+(\.\d+)?\] °C/);
    expect(commanded.refused[1]).toMatch(/feed: value must be a finite number/);
    expect(commanded.refused[2]).toMatch(/being cleaned already/);
    expect(commanded.refused[3]).toMatch(/no dispatching rule/);
    expect(commanded.log.map((r) => r.time)).toEqual([27, 28, 30]);
    expect(commanded.events.some((e) => e.kind === 'cleaning-start' && e.time === 30)).toBe(true);
    const baseline = runWith(FILE, 'L1', 1, 48, []);
    expect(commanded.kpis).not.toEqual(baseline.kpis);
    expect(replay(FILE, 'L1', 1, 48, commanded.log).kpis).toEqual(commanded.kpis);
  }, 60_000);
});

describe('flow line commands', () => {
  it('a station with a pmTime is maintained on request (L1 as well), and the log replays bit for bit', () => {
    const FILE = 'factory-models/teaching/wearing-cell.json';
    const commanded = runWith(FILE, 'L1', 1, 3000, [
      { time: 100, command: { kind: 'maintain', unit: 'cnc' } },
      { time: 100, command: { kind: 'maintain', unit: 'cnc' } },
    ]);
    expect(commanded.log).toHaveLength(1);
    expect(commanded.refused[0]).toMatch(/down or already in maintenance/);
    expect(commanded.events.some((e) => e.kind === 'pm-ordered' && e.time === 100)).toBe(true);
    expect(replay(FILE, 'L1', 1, 3000, commanded.log).kpis).toEqual(commanded.kpis);
  });
});
