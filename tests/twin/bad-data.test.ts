/**
 * Bad data in the stream is flagged and skipped, never a crash: a sequence gap (answered by a rebirth request, data
 * skipped until the next NBIRTH, counters then continuing), an unknown unit, a NaN counter, out-of-order timestamps,
 * bytes that are not Sparkplug. Built on the first messages of a shipped recording.
 */
import { describe, expect, it } from 'vitest';
import { decode, encode, topic } from '../../src/node/plant/sparkplug.ts';
import { readRecording } from '../../src/node/twin/stream.ts';
import { Synchroniser, type TwinMessage } from '../../src/node/twin/synchroniser.ts';
import { runnable } from '../../src/core/models.ts';
import { loadModelFile } from '../../src/node/model-file.ts';
import { unitIdsOf } from '../../src/cli/twin.ts';

const recording = readRecording('data/recordings/3c-machining-L2-seed7-2d.jsonl.gz');
const unitIds = unitIdsOf(runnable(loadModelFile('factory-models/3c-machining.json')));
const NODE = '3c-machining';

function synchroniser(rebirths: string[]): Synchroniser {
  return new Synchroniser({ edgeNodeId: NODE, unitIds, requestRebirth: (reason) => rebirths.push(reason) });
}

function ddata(device: string, seq: number, timestamp: number, metrics: { name: string; value: number }[]): TwinMessage {
  return {
    at: timestamp,
    topic: topic('DDATA', NODE, device),
    bytes: encode({ timestamp, seq, metrics: metrics.map((m) => ({ ...m, type: 'Double' as const })) }),
  };
}

describe('synchroniser on bad data', () => {
  const firstData = recording.findIndex((m) => m.topic.includes('/DDATA/'));
  const prefix = recording.slice(0, firstData);

  it('a clean prefix raises no flag', () => {
    const rebirths: string[] = [];
    const sync = synchroniser(rebirths);
    for (const m of recording.slice(0, firstData + 200)) sync.receive(m);
    expect(sync.flags).toEqual([]);
    expect(rebirths).toEqual([]);
    expect(sync.units.size).toBe(unitIds.length);
  });

  it('a sequence gap is flagged, a rebirth requested, data skipped until the next NBIRTH, then followed again', () => {
    const rebirths: string[] = [];
    const sync = synchroniser(rebirths);
    const messages = recording.slice(0, firstData + 300);
    messages.splice(firstData + 100, 1); // a lost message
    for (const m of messages) sync.receive(m);
    expect(sync.flags.map((f) => f.kind)).toEqual(['seq-gap', 'rebirth']);
    expect(rebirths).toEqual(['sequence gap']);
    expect(sync.stale).toBe(true);
    const timeAtGap = sync.time;
    // A rebirth: the first NBIRTH and DBIRTHs of the recording again, with later timestamps and the current values.
    const births = prefix.filter((m) => /NBIRTH|DBIRTH/.test(m.topic));
    const later = recording[firstData + 400]!;
    for (const m of births) {
      const payload = decode(m.bytes);
      payload.timestamp = later.at + 1;
      for (const metric of payload.metrics) if (metric.name === 'Time' || metric.name === 'Plant/Time') metric.value = timeAtGap + 1;
      sync.receive({ at: later.at + 1, topic: m.topic, bytes: encode(payload) });
    }
    expect(sync.stale).toBe(false);
    expect(sync.births).toBe(2);
  });

  it('an unknown unit, a NaN counter, an out-of-order timestamp and a non-Sparkplug payload are flagged and skipped', () => {
    const rebirths: string[] = [];
    const sync = synchroniser(rebirths);
    for (const m of prefix) sync.receive(m);
    let seq = decode(prefix.at(-1)!.bytes).seq!;
    const t0 = decode(prefix.at(-1)!.bytes).timestamp;
    const producedBefore = sync.units.get('packing')!.produced;
    sync.receive(ddata('cnc-99', ++seq, t0 + 10, [{ name: 'Time', value: 0.1 }]));
    sync.receive(
      ddata('packing', ++seq, t0 + 20, [
        { name: 'Time', value: 0.1 },
        { name: 'Produced', value: NaN },
      ]),
    );
    sync.receive(
      ddata('packing', ++seq, t0 + 5, [
        { name: 'Time', value: 0.2 },
        { name: 'Produced', value: 1e6 },
      ]),
    );
    expect(() => sync.receive({ at: t0 + 30, topic: topic('DDATA', NODE, 'packing'), bytes: new Uint8Array([0xff, 0x01, 0x02, 0x03]) })).not.toThrow();
    expect(sync.flags.map((f) => f.kind)).toEqual(['unknown-unit', 'nan', 'out-of-order', 'not-sparkplug']);
    expect(sync.units.has('cnc-99')).toBe(false);
    expect(sync.units.get('packing')!.produced).toBe(producedBefore);
    // The stream goes on: a good message with the next seq is taken.
    sync.receive(
      ddata('packing', seq + 1, t0 + 40, [
        { name: 'Time', value: 0.3 },
        { name: 'Queue', value: 7 },
      ]),
    );
    expect(sync.units.get('packing')!.queue).toBe(7);
    expect(rebirths).toEqual([]);
  });

  it('an NDEATH keeps the last state, marks it stale and skips data until a birth; silence marks it stale', () => {
    const sync = synchroniser([]);
    for (const m of recording.slice(0, firstData + 50)) sync.receive(m);
    const produced = sync.units.get('packing')!.produced;
    const at = recording[firstData + 50]!.at;
    sync.receive({ at, topic: topic('NDEATH', NODE), bytes: encode({ timestamp: at, metrics: [{ name: 'bdSeq', type: 'UInt64', value: 0 }] }) });
    expect(sync.stale).toBe(true);
    expect(sync.online).toBe(false);
    expect(sync.units.get('packing')!.produced).toBe(produced);
    expect(sync.flags.map((f) => f.kind)).toEqual(['death', 'rebirth']);
    const stale = synchroniser([]);
    for (const m of recording.slice(0, firstData + 50)) stale.receive(m);
    stale.checkStale(at + 60_000, 10_000);
    expect(stale.flags.map((f) => f.kind)).toEqual(['stale', 'rebirth']);
  });
});
