/**
 * The twin measures the plant's own period past a warm-up: the plant ends a slice at the start of its measured period
 * and publishes there, the twin reads the counters at that instant, and the KPIs it recomputes from the stream equal
 * the plant's bit for bit. (Before this, a twin counted from time 0 and disagreed on four KPIs past the warm-up.)
 */
import { describe, expect, it } from 'vitest';
import { applyParameters } from '../../src/core/experiment/parameters.ts';
import { runnable } from '../../src/core/models.ts';
import { loadModelFile } from '../../src/node/model-file.ts';
import { SparkplugEdgeNode } from '../../src/node/plant/edge-node.ts';
import { PlantEngine } from '../../src/node/plant/engine.ts';
import { runPlant } from '../../src/node/plant/runner.ts';
import { Twin, unitIdsOf } from '../../src/node/twin/twin.ts';

const MODEL = 'factory-models/3c-machining.json';

async function follow(seed: number, warmupDays: number, hours: number) {
  const json = applyParameters(loadModelFile(MODEL), { warmupDays, 'cnc.health.weibullScaleHours': 40 }, MODEL);
  const model = runnable(json);
  const engine = new PlantEngine({ model, level: 'L1', seed });
  const twin = new Twin(model, json, '3c-machining', unitIdsOf(model));
  let clock = 1_700_000_000_000;
  const node = new SparkplugEdgeNode(engine, { url: 'mqtt://unused', edgeNodeId: '3c-machining', speed: 'max', clock: () => clock });
  // The edge node's MQTT client replaced by the twin itself: every message it publishes is received at once.
  const internals = node as unknown as { client: { publish: (topic: string, bytes: Buffer) => void }; online: boolean };
  internals.client = {
    publish: (topic, bytes) => {
      clock += 1;
      twin.receive({ at: clock, topic, bytes: new Uint8Array(bytes) });
    },
  };
  internals.online = true;
  node.publishBirths();
  await runPlant(engine, [node], { speed: 'max', until: hours });
  const plant = engine.kpis();
  engine.dispose();
  return { twin, plant, report: twin.report() };
}

describe('twin KPIs past the plant warm-up', () => {
  it('equal the plant KPIs bit for bit, counted from the start of the measured period', async () => {
    // A warm-up of 1.2345 days (29.628 h), an instant no one-minute slice lands on by itself.
    const { twin, plant, report } = await follow(3, 1.2345, 40);
    expect(twin.sync.atMeasurementStart?.get('packing')?.produced).toBeGreaterThan(0);
    expect(twin.sync.measurementStartMissed).toBe(false);
    expect(report.recomputed).toEqual(['throughput', 'efficiency', 'failures', 'mttr']);
    const kpis = report.kpis as { levels: Record<string, { kpis: Record<string, { mean: number | null }> }> };
    const twinValues = kpis.levels.L1!.kpis;
    for (const key of report.recomputed) expect(twinValues[key]!.mean, key).toBe(plant[key]);
    // The warm-up matters here: counted from time 0 the output per hour would differ.
    const fromZero = twin.sync.units.get('packing')!.produced / twin.sync.time;
    expect(fromZero).not.toBe(plant.efficiency);
    expect(plant.failures).toBeGreaterThan(0);
  });
});
