/**
 * The petrochemical twin's decisions (`--act`) in the loop with an in-process plant whose catalyst deactivates: each
 * decision is a setpoint the plant accepts, sent once, logged with the fork comparison that justified it, and the
 * closed loop is deterministic (same seed: same decisions and the same plant KPIs).
 */
import { describe, expect, it } from 'vitest';
import { runnable } from '../../src/core/models.ts';
import { loadModelFile } from '../../src/node/model-file.ts';
import { ProcessActor } from '../../src/node/twin/process-actor.ts';
import { Twin, unitIdsOf, type Decision } from '../../src/node/twin/twin.ts';
import { PETRO, processStream } from './process-stream.ts';

const loaded = loadModelFile(PETRO);
const model = runnable(loaded);
const unitIds = unitIdsOf(model);

function closedLoop(level: 'L1' | 'L2' = 'L1', deactivation = 0.05): { decisions: Decision[]; commands: unknown[]; refusals: string[]; evaluations: number } {
  const twin = new Twin(model, loaded, 'petrochemical', unitIds);
  let engineRef: Parameters<NonNullable<Parameters<typeof processStream>[0]['follow']>>[1] | undefined;
  const sent: { name: string; value: number | string | boolean }[] = [];
  const actor = new ProcessActor(
    twin,
    (metrics) => {
      for (const m of metrics) {
        sent.push({ name: m.name, value: m.value });
        const name = m.name.replace('Setpoint/', '');
        engineRef!.submit({ kind: 'setpoint', name, value: m.value as number });
      }
    },
    { replications: 3, horizonHours: 6 },
  );
  twin.observers.push(actor);
  let commands: unknown[] = [];
  let refusals: string[] = [];
  processStream({
    level,
    seed: 4,
    hours: 44,
    reality: { 'reactor.catalyst.deactivationPerDay': deactivation },
    follow: (message, engine) => {
      engineRef = engine;
      twin.receive(message);
      commands = engine.commandLog.map((c) => c.command);
      refusals = engine.refusals;
    },
  });
  expect(sent.length).toBe(actor.decisions().length);
  return { decisions: actor.decisions(), commands, refusals: [...refusals], evaluations: actor.evaluations };
}

describe('petrochemical twin: acting on forks', () => {
  it('evaluates candidates once per shift after the warm-up, sends only setpoints the plant accepts, and repeats exactly', () => {
    const first = closedLoop();
    // Decisions at 24, 32 and 40 h: four candidates each.
    expect(first.evaluations).toBe(12);
    expect(first.refusals).toEqual([]);
    expect(first.decisions.length).toBeGreaterThan(0);
    expect(first.commands.length).toBe(first.decisions.length);
    for (const d of first.decisions) {
      expect(d.command).toMatch(/^NCMD Setpoint\/(reactor-temperature|feed)=/);
      expect(d.reason).toMatch(/paired difference \+[0-9.]+ t, 95 % CI [0-9.]+ to [0-9.]+/);
      expect([24, 32, 40].some((t) => Math.abs(d.at - t) < 0.05)).toBe(true);
    }
    const second = closedLoop();
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
  });

  it('at L2 on a fast-deactivating plant, tells the RTO the learned catalyst activity, which the plant accepts', () => {
    const loop = closedLoop('L2', 0.1);
    expect(loop.refusals).toEqual([]);
    const told = loop.decisions.filter((d) => d.command.startsWith('NCMD Setpoint/rto-catalyst-activity='));
    expect(told.length).toBeGreaterThan(0);
    for (const d of told) {
      // The value is the learned activity carried to mid-horizon: near the plant's exp(-0.1 t / 24) then.
      const value = Number(d.command.split('=')[1]);
      expect(Math.abs(value - Math.exp((-0.1 * (d.at + 3)) / 24))).toBeLessThan(0.02);
      expect(d.reason).toMatch(/RTO model catalyst activity .*paired difference \+[0-9.]+ t/);
    }
    expect(loop.commands).toContainEqual({ kind: 'setpoint', name: 'rto-catalyst-activity', value: Number(told[0]!.command.split('=')[1]) });
  });
});
