/**
 * Commands over Sparkplug on a real Mosquitto: malformed and hostile ones (undecodable bytes, a huge payload, wrong
 * datatypes, unknown metrics and devices, values the plant refuses) are refused, logged and counted while the run goes
 * on; valid NCMD/DCMD commands are carried out and written to the command log, which replays to the same KPIs; NCMD
 * `Node Control/Rebirth` makes the node publish its births again.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { topic } from '../../src/node/plant/sparkplug.ts';
import { MOSQUITTO, startMosquitto, type Mosquitto } from './mosquitto.ts';
import { SparkplugHost, lastValue, metric, startPlant } from './host.ts';

const MODEL = 'factory-models/3c-machining.json';
const NODE = '3c-machining';

describe.skipIf(!existsSync(MOSQUITTO))('plant commands over Sparkplug', () => {
  let broker: Mosquitto;
  let host: SparkplugHost;
  let dir: string;
  beforeEach(async () => {
    broker = await startMosquitto();
    host = await SparkplugHost.connect(broker.url);
    dir = mkdtempSync(join(tmpdir(), 'fabtwin-plant-'));
  });
  afterEach(async () => {
    await host.close();
    await broker.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses hostile commands and goes on, carries out valid ones, rebirths on request; the command log replays to the same run', async () => {
    const log = join(dir, 'commands.json');
    const args = [MODEL, '--level', 'L2', '--seed', '2', '--days', '1', '--mqtt', broker.url];
    // Paced at 6 simulated hours per second: the commands land while it runs.
    const plant = startPlant([...args, '--speed', '21600', '--command-log', log], 90_000);
    const birth = await host.waitFor((m) => m.type === 'NBIRTH', 20_000, 'NBIRTH');
    const ncmd = topic('NCMD', NODE);
    const now = Date.now();
    const hostile: [string, Parameters<SparkplugHost['publish']>[1]][] = [
      [ncmd, Uint8Array.from([0x0a, 0xff, 0xff, 0xff, 0x0f, 0x01])],
      [ncmd, new Uint8Array(200 * 1024).fill(0x41)],
      [ncmd, { timestamp: now, metrics: [{ name: 'Command/Dispatching rule', type: 'Int64', value: 3 }] }],
      [ncmd, { timestamp: now, metrics: [{ name: 'Plant/Time', type: 'Double', value: 0 }] }],
      [ncmd, { timestamp: now, metrics: [{ name: 'Command/Dispatching rule', type: 'String', value: 'bogus' }] }],
      [ncmd, { timestamp: now, metrics: [{ name: 'Setpoint/reactor-temperature', type: 'Double', value: 120 }] }],
      [ncmd, { timestamp: now, metrics: [{ name: 'Command/Maintain', type: 'String', value: 'cnc-42' }] }],
      [topic('DCMD', NODE, 'nope'), { timestamp: now, metrics: [{ name: 'Command/Maintain', type: 'Boolean', value: true }] }],
      [topic('DCMD', NODE, 'cnc-2'), { timestamp: now, metrics: [{ name: 'Command/Maintain', type: 'String', value: 'yes' }] }],
    ];
    for (const [name, payload] of hostile) await host.publish(name, payload);
    await host.publish(ncmd, { timestamp: now, metrics: [{ name: 'Command/Dispatching rule', type: 'String', value: 'spt' }] });
    await host.publish(topic('DCMD', NODE, 'cnc-2'), { timestamp: now, metrics: [{ name: 'Command/Maintain', type: 'Boolean', value: true }] });
    await host.publish(ncmd, { timestamp: now, metrics: [{ name: 'Node Control/Rebirth', type: 'Boolean', value: true }] });
    const rebirth = await host.waitFor((m) => m.type === 'NBIRTH' && m !== birth, 20_000, 'NBIRTH after Rebirth');
    expect(await plant.exited, plant.stderr).toBe(0);

    expect(metric(rebirth, 'bdSeq')?.value).toBe(metric(birth, 'bdSeq')?.value);
    expect(plant.stderr.match(/command refused/g)).toHaveLength(hostile.length);
    expect(plant.stderr).toMatch(/not a Sparkplug B payload/);
    expect(plant.stderr).toMatch(/larger than 16384/);
    expect(plant.stderr).toMatch(/expected datatype String, got Int64/);
    expect(plant.stderr).toMatch(/unknown metric "Plant\/Time"/);
    expect(plant.stderr).toMatch(/unknown device "nope"/);
    expect(lastValue(host.messages, undefined, 'Plant/Commands refused')).toBe(hostile.length);
    expect(lastValue(host.messages, undefined, 'Plant/Commands accepted')).toBe(2);
    expect(lastValue(host.messages, undefined, 'Command/Dispatching rule')).toBe('spt');
    expect(lastValue(host.messages, undefined, 'Plant/Time')).toBe(24);

    const recorded = JSON.parse(readFileSync(log, 'utf8')) as { commands: { time: number; command: unknown }[] };
    expect(recorded.commands.map((c) => c.command)).toEqual([
      { kind: 'dispatching-rule', rule: 'spt' },
      { kind: 'maintain', unit: 'cnc-2' },
    ]);
    // The same model, level and seed with the log replayed (flat out, no one commanding) give the same KPIs.
    const replay = startPlant([...args, '--speed', 'max', '--replay-commands', log], 90_000);
    expect(await replay.exited, replay.stderr).toBe(0);
    expect(replay.stdout).toBe(plant.stdout);
    const without = startPlant([...args, '--speed', 'max'], 90_000);
    expect(await without.exited, without.stderr).toBe(0);
    expect(without.stdout).not.toBe(plant.stdout);
  }, 180_000);
});
