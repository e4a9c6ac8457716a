/**
 * The plant on a real Mosquitto broker, followed by a Sparkplug host application (mqtt.js with the Sparkplug decoder):
 * births of every unit with their datatypes, sequence numbers, DDATA counters that add up to the plant's own KPI, the
 * death certificate, and a broker restart mid-run (NDEATH seen, reconnect and rebirth with the next bdSeq, counters
 * continuing with no gap and nothing counted twice). Every run is bounded in time and stops by itself.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { runnable } from '../../src/core/models.ts';
import { loadModelFile } from '../../src/node/model-file.ts';
import { PlantEngine } from '../../src/node/plant/engine.ts';
import { SparkplugEdgeNode } from '../../src/node/plant/edge-node.ts';
import { runPlant } from '../../src/node/plant/runner.ts';
import { MOSQUITTO, startMosquitto, type Mosquitto } from './mosquitto.ts';
import { SparkplugHost, lastValue, metric, startPlant, type Received } from './host.ts';

const MODEL = 'factory-models/3c-machining.json';
const NODE = '3c-machining';
const unitIds = new PlantEngine({ model: runnable(loadModelFile(MODEL)), level: 'L1', seed: 1 }).view.units.map((u) => u.id);

/** Sums a counter's increases over the stream of one device, a birth setting the baseline it continues from. */
function sumOfIncrements(messages: readonly Received[], device: string, name: string): { total: number; decreases: number } {
  let last: number | undefined;
  let total = 0;
  let decreases = 0;
  for (const m of messages) {
    if (m.device !== device || (m.type !== 'DBIRTH' && m.type !== 'DDATA')) continue;
    const value = metric(m, name)?.value as number | undefined;
    if (value === undefined) continue;
    if (last !== undefined) {
      if (value < last) decreases++;
      else total += value - last;
    } else total = value;
    last = value;
  }
  return { total, decreases };
}

/** Checks Sparkplug seq: NBIRTH 0, then +1 per message of the node (mod 256) until the next NBIRTH. */
function seqErrors(messages: readonly Received[]): string[] {
  const errors: string[] = [];
  let expected: number | undefined;
  for (const m of messages) {
    if (m.edgeNode !== NODE || m.type === 'NDEATH' || m.type === 'NCMD' || m.type === 'DCMD') continue;
    if (m.type === 'NBIRTH') {
      if (m.payload.seq !== 0) errors.push(`NBIRTH seq ${m.payload.seq}`);
      expected = 1;
      continue;
    }
    if (m.payload.seq !== expected) errors.push(`${m.type} ${m.device ?? ''}: seq ${m.payload.seq}, expected ${expected}`);
    expected = ((m.payload.seq ?? 0) + 1) % 256;
  }
  return errors;
}

describe.skipIf(!existsSync(MOSQUITTO))('plant on a Mosquitto broker', () => {
  let broker: Mosquitto;
  let host: SparkplugHost;
  beforeEach(async () => {
    broker = await startMosquitto();
    host = await SparkplugHost.connect(broker.url);
  });
  afterEach(async () => {
    await host.close();
    await broker.dispose();
  });

  it('a simulated day at --speed max: births of every unit with datatypes, seq, DDATA counts add up to the throughput KPI, death certificate', async () => {
    const plant = startPlant([MODEL, '--level', 'L1', '--seed', '1', '--speed', 'max', '--days', '1', '--mqtt', broker.url], 90_000);
    expect(await plant.exited, plant.stderr).toBe(0);
    const death = await host.waitFor((m) => m.type === 'NDEATH', 5000, 'NDEATH');
    const report = JSON.parse(plant.stdout) as { levels: { L1: { kpis: Record<string, { mean: number }> } } };
    const kpis = report.levels.L1.kpis;

    const births = host.messages.filter((m) => m.type === 'NBIRTH');
    expect(births).toHaveLength(1);
    const nbirth = births[0]!;
    expect(metric(nbirth, 'bdSeq')?.type).toBe('UInt64');
    expect(metric(death, 'bdSeq')?.value).toBe(metric(nbirth, 'bdSeq')?.value);
    for (const key of ['efficiency', 'energyUtilization', 'operatingCost', 'developmentCycle', 'defectRate', 'throughput', 'oee']) {
      expect(metric(nbirth, `KPI/${key}`)?.type, key).toBe('Double');
    }
    expect(metric(nbirth, 'Plant/Time')?.type).toBe('Double');
    expect(metric(nbirth, 'Node Control/Rebirth')?.type).toBe('Boolean');

    const dbirths = host.messages.filter((m) => m.type === 'DBIRTH');
    expect(dbirths.map((m) => m.device).sort()).toEqual([...unitIds].sort());
    for (const m of dbirths) {
      expect(metric(m, 'State')?.type).toBe('String');
      expect(metric(m, 'Produced')?.type).toBe('UInt64');
      expect(metric(m, 'Scrapped')?.type).toBe('UInt64');
      expect(metric(m, 'Energy')?.type).toBe('Double');
      expect(metric(m, 'Energy')?.properties?.engUnit?.value).toBe('kWh');
      expect(metric(m, 'Signal/vibration')?.type).toBe('Double');
      expect(metric(m, 'Tool wear')?.type).toBe('Double');
    }
    expect(seqErrors(host.messages)).toEqual([]);
    expect(host.messages.filter((m) => m.type === 'DDATA').length).toBeGreaterThan(100);

    // Good housings leave the plant through packing: its counter's increments add up to the throughput KPI (one day).
    const packing = sumOfIncrements(host.messages, 'packing', 'Produced');
    expect(packing.decreases).toBe(0);
    expect(packing.total).toBeGreaterThan(0);
    expect(packing.total).toBe(kpis.throughput!.mean);
    expect(lastValue(host.messages, undefined, 'KPI/throughput')).toBe(kpis.throughput!.mean);
    expect(lastValue(host.messages, undefined, 'Plant/Time')).toBe(24);
    // Cells report their vibration and failures as they happen; scrap counted where it was found adds up.
    expect(host.messages.some((m) => m.device === 'cnc-1' && m.type === 'DDATA' && typeof metric(m, 'Signal/vibration')?.value === 'number')).toBe(true);
    // Every housing machined is counted by its cell, every scrapped one where it was found: together the scrap rate.
    const scrapped = unitIds.reduce((sum, id) => sum + (lastValue(host.messages, id, 'Scrapped') as number), 0);
    const machined = unitIds.filter((id) => id.startsWith('cnc-')).reduce((sum, id) => sum + (lastValue(host.messages, id, 'Produced') as number), 0);
    expect(machined).toBeGreaterThan(0);
    expect((100 * scrapped) / machined).toBeCloseTo(kpis.scrapRate!.mean, 10);
  }, 120_000);

  it('every shipped model publishes births of all its units, its KPIs, data and a death certificate', async () => {
    const files = [
      'factory-models/3c-machining.json',
      'factory-models/petrochemical.json',
      'factory-models/teaching/mm1.json',
      'factory-models/teaching/tandem5.json',
      'factory-models/teaching/wearing-cell.json',
    ];
    for (const file of files) {
      const model = runnable(loadModelFile(file));
      const engine = new PlantEngine({ model, level: model.levels.at(-1)!, seed: 5 });
      const nodeId = file.replace(/^.*\//, '').replace(/\.json$/, '');
      const node = new SparkplugEdgeNode(engine, { url: broker.url, edgeNodeId: nodeId, speed: 'max' });
      await node.connect();
      await host.waitFor((m) => m.type === 'NBIRTH' && m.edgeNode === nodeId, 10_000, `${nodeId} NBIRTH`);
      await runPlant(engine, [node], { speed: 'max', until: 0.25 * engine.unitsPerDay });
      await node.stop();
      await host.waitFor((m) => m.type === 'NDEATH' && m.edgeNode === nodeId, 10_000, `${nodeId} NDEATH`);
      const mine = host.messages.filter((m) => m.edgeNode === nodeId);
      const nbirth = mine.find((m) => m.type === 'NBIRTH')!;
      for (const kpi of model.kpis) expect(metric(nbirth, `KPI/${kpi.key}`)?.properties?.engUnit?.value, `${nodeId} ${kpi.key}`).toBe(kpi.unit);
      expect(
        mine.filter((m) => m.type === 'DBIRTH').map((m) => m.device),
        nodeId,
      ).toEqual(engine.view.units.map((u) => u.id));
      expect(
        mine.some((m) => m.type === 'DDATA'),
        nodeId,
      ).toBe(true);
      expect(lastValue(mine, undefined, 'Plant/Time'), nodeId).toBe(0.25 * engine.unitsPerDay);
      engine.dispose();
    }
  }, 120_000);

  it('broker stopped and restarted mid-run: NDEATH seen, reconnect and rebirth with the next bdSeq, counters continue', async () => {
    // Paced at 4 simulated hours per second: a day takes about 6 s of wall time.
    const plant = startPlant([MODEL, '--level', 'L2', '--seed', '3', '--speed', '14400', '--days', '1', '--mqtt', broker.url], 90_000);
    await host.waitFor((m) => m.type === 'NDATA' && ((metric(m, 'Plant/Time')?.value as number) ?? 0) >= 6, 30_000, 'the plant past 6 h');
    await broker.stop();
    const death = await host.waitFor((m) => m.type === 'NDEATH', 5000, 'NDEATH on broker shutdown');
    const before = host.messages.length;
    await new Promise((resolve) => setTimeout(resolve, 700));
    await broker.start();
    const rebirth = await host.waitFor((m) => m.type === 'NBIRTH' && host.messages.indexOf(m) >= before, 20_000, 'NBIRTH after restart');
    expect(await plant.exited, plant.stderr).toBe(0);
    await host.waitFor((m) => m.type === 'NDEATH' && host.messages.indexOf(m) > host.messages.indexOf(rebirth), 5000, 'final NDEATH');
    expect(plant.stderr).toMatch(/connection to .* lost; reconnecting/);

    const bdSeq = metric(death, 'bdSeq')?.value as number;
    expect(metric(rebirth, 'bdSeq')?.value).toBe((bdSeq + 1) % 256);
    const afterRestart = host.messages.slice(host.messages.indexOf(rebirth));
    expect(
      afterRestart
        .filter((m) => m.type === 'DBIRTH')
        .map((m) => m.device)
        .sort(),
    ).toEqual([...unitIds].sort());
    expect(seqErrors(host.messages)).toEqual([]);

    // The rebirth carries every counter where it had got to: no decrease, so nothing counted twice and no gap.
    const kpis = (JSON.parse(plant.stdout) as { levels: { L2: { kpis: Record<string, { mean: number }> } } }).levels.L2.kpis;
    for (const id of unitIds) expect(sumOfIncrements(host.messages, id, 'Produced').decreases, id).toBe(0);
    expect(sumOfIncrements(host.messages, 'packing', 'Produced').total).toBe(kpis.throughput!.mean);
    const timeBefore = lastValue(host.messages.slice(0, before), undefined, 'Plant/Time') as number;
    expect(metric(rebirth, 'Plant/Time')?.value as number).toBeGreaterThanOrEqual(timeBefore);
  }, 120_000);
});
