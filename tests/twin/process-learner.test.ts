/**
 * The petrochemical twin on the shipped recordings (no broker): the catalyst deactivation of a plant whose catalyst
 * loses 2 % of its activity a day (model file: 0) is flagged with the truth inside its interval and the fouling is
 * not; the recording of the plant as the file says raises no discrepancy; bad data in the stream (NaN and infinite
 * readings, an unknown unit, bytes that are not Sparkplug) is skipped without changing the verdict; the forecasts of a
 * shift's on-spec B have their intervals around the mean, realised values and are deterministic.
 */
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/twin.ts';
import { runnable } from '../../src/core/models.ts';
import { loadModelFile } from '../../src/node/model-file.ts';
import { decode, encode } from '../../src/node/plant/sparkplug.ts';
import { DEACTIVATION_PATH, FOULING_PATH } from '../../src/node/twin/process-learner.ts';
import { ProcessForecaster } from '../../src/node/twin/process-forecaster.ts';
import { readRecording } from '../../src/node/twin/stream.ts';
import type { TwinMessage } from '../../src/node/twin/synchroniser.ts';
import { Twin, unitIdsOf } from '../../src/node/twin/twin.ts';

const MODEL = 'factory-models/petrochemical.json';
const loaded = loadModelFile(MODEL);
const model = runnable(loaded);
const unitIds = unitIdsOf(model);
const altered = readRecording('data/recordings/petrochemical-L2-seed5-3d-deactivation0.02.jsonl.gz');
const plain = readRecording('data/recordings/petrochemical-L2-seed5-3d.jsonl.gz');

function follow(messages: readonly TwinMessage[], setup?: (twin: Twin) => void): Twin {
  const twin = new Twin(model, loaded, 'petrochemical', unitIds);
  setup?.(twin);
  for (const m of messages) twin.receive(m);
  return twin;
}

describe('petrochemical twin: learning where reality differs', () => {
  it('flags a faster catalyst deactivation with the truth in its interval, and not the fouling', () => {
    const twin = follow(altered);
    const report = twin.report();
    const deactivation = report.estimates.find((e) => e.parameter === DEACTIVATION_PATH)!;
    expect(deactivation.differs).toBe(true);
    expect(deactivation.ci95[0]).toBeLessThanOrEqual(0.02);
    expect(deactivation.ci95[1]).toBeGreaterThanOrEqual(0.02);
    expect(report.discrepancies).toEqual([
      { unit: 'reactor', parameter: DEACTIVATION_PATH, observed: deactivation.observed, ci95: deactivation.ci95, model: 0 },
    ]);
    const fouling = report.estimates.find((e) => e.parameter === FOULING_PATH)!;
    expect(fouling.differs).toBe(false);
    expect(fouling.ci95[0]).toBeLessThan(5e-6);
  });

  it('raises no discrepancy on the plant as the model file says', () => {
    const report = follow(plain).report();
    expect(report.estimates.map((e) => e.parameter).sort()).toEqual([FOULING_PATH, DEACTIVATION_PATH].sort());
    expect(report.discrepancies).toEqual([]);
  });

  it('skips bad data (NaN and infinite readings, an unknown unit, bytes that are not Sparkplug) and keeps its verdict', () => {
    let reactorData = 0;
    let relabelled = false;
    const messages: TwinMessage[] = [];
    for (const m of altered) {
      if (m.topic.includes('/DDATA/') && m.topic.endsWith('/reactor') && ++reactorData % 7 === 0) {
        const payload = decode(m.bytes);
        for (const metric of payload.metrics) {
          if (metric.name === 'Measured/outlet B') metric.value = NaN;
          if (metric.name === 'Measured/jacket duty') metric.value = Infinity;
        }
        messages.push({ ...m, bytes: encode(payload) });
        if (reactorData % 700 === 0) messages.push({ at: m.at, topic: m.topic, bytes: new Uint8Array([0xff, 0x01, 0x02, 0x03]) });
        continue;
      }
      // One unit's data relabelled as a unit the model does not have (its sequence number is kept).
      if (!relabelled && reactorData >= 100 && m.topic.includes('/DDATA/') && m.topic.endsWith('/separator')) {
        relabelled = true;
        messages.push({ ...m, topic: m.topic.replace('/separator', '/catalyst-bed') });
        continue;
      }
      messages.push(m);
    }
    const twin = follow(messages);
    const kinds = new Set(twin.sync.flags.map((f) => f.kind));
    expect(kinds.has('not-sparkplug')).toBe(true);
    expect(kinds.has('unknown-unit')).toBe(true);
    expect(kinds.has('seq-gap')).toBe(false);
    const deactivation = twin.estimates().find((e) => e.parameter === DEACTIVATION_PATH)!;
    expect(Number.isFinite(deactivation.observed)).toBe(true);
    expect(deactivation.differs).toBe(true);
    expect(deactivation.ci95[0]).toBeLessThanOrEqual(0.02);
    expect(deactivation.ci95[1]).toBeGreaterThanOrEqual(0.02);
    const fouling = twin.estimates().find((e) => e.parameter === FOULING_PATH)!;
    expect(Number.isFinite(fouling.observed)).toBe(true);
  });
});

describe('petrochemical twin: forecasts', () => {
  const firstDay = altered.filter((m) => {
    const time = decode(m.bytes).metrics.find((x) => x.name === 'Time' || x.name === 'Plant/Time')?.value;
    return typeof time !== 'number' || time <= 48;
  });
  const run = (learn: boolean) => {
    let forecaster: ProcessForecaster | undefined;
    follow(firstDay, (twin) => {
      forecaster = new ProcessForecaster(twin, { replications: 4, learn });
      twin.observers.push(forecaster);
    });
    forecaster!.dispose();
    return forecaster!.forecasts();
  };

  it('at each mid-shift forecasts the shift on-spec B with a 95 % interval, fills in what was realised, and repeats exactly', () => {
    const list = run(true);
    expect(list.map((f) => f.at)).toEqual([4, 12, 20, 28, 36, 44].map((t) => expect.closeTo(t, 6)));
    for (const f of list) {
      expect(f.kpi).toBe('shiftOnSpecB');
      expect(f.until - f.at).toBeCloseTo(4, 6);
      expect(f.ci95[0]).toBeLessThanOrEqual(f.mean);
      expect(f.mean).toBeLessThanOrEqual(f.ci95[1]);
      expect(f.realised).not.toBeNull();
    }
    // After the 24 h warm-up a shift makes about 8 h x 14 t/h of on-spec B; the forecast is in that range.
    const measured = list.filter((f) => f.at > 24);
    expect(measured.length).toBe(3);
    for (const f of measured) {
      expect(f.ci95[1] - f.ci95[0]).toBeGreaterThan(0);
      expect(f.mean).toBeGreaterThan(80);
      expect(f.mean).toBeLessThan(130);
    }
    expect(JSON.stringify(run(true))).toBe(JSON.stringify(list));
  });
});

describe('npm run twin on the petrochemical recording', () => {
  it('reports the catalyst discrepancy and the shift forecasts in the JSON report', async () => {
    let out = '';
    let err = '';
    const args = [
      MODEL,
      '--replay',
      'data/recordings/petrochemical-L2-seed5-3d-deactivation0.02.jsonl.gz',
      '--for',
      '36',
      '--format',
      'json',
      '--forecast',
      '--replications',
      '3',
    ];
    const code = await main(args, { out: (t) => (out += t), err: (t) => (err += t) });
    expect(err).toBe('');
    expect(code).toBe(0);
    const report = JSON.parse(out) as {
      discrepancies: { unit: string; parameter: string; ci95: number[] }[];
      forecasts: { kpi: string; realised: number | null }[];
    };
    expect(report.discrepancies.map((d) => `${d.unit} ${d.parameter}`)).toEqual([`reactor ${DEACTIVATION_PATH}`]);
    expect(report.forecasts.map((f) => f.kpi)).toEqual(['shiftOnSpecB', 'shiftOnSpecB', 'shiftOnSpecB', 'shiftOnSpecB', 'shiftOnSpecB']);
    expect(report.forecasts.filter((f) => f.realised !== null).length).toBe(4);
  });
});
