import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventQueue } from '../../src/core/kernel/event-queue.ts';

type Op = { kind: 'push'; time: number; priority: number } | { kind: 'cancel'; index: number } | { kind: 'pop' };

const opArbitrary: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('push' as const), time: fc.integer({ min: 0, max: 20 }), priority: fc.integer({ min: -3, max: 3 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('cancel' as const), index: fc.nat(200) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('pop' as const) }) },
);

describe('EventQueue', () => {
  it('pops in (time, priority, insertion) order and never returns a cancelled event, for any sequence of operations', () => {
    fc.assert(
      fc.property(fc.array(opArbitrary, { maxLength: 300 }), (ops) => {
        const queue = new EventQueue<number, string>();
        // Reference model: a plain list of live entries, searched for the minimum on every pop.
        const live: { time: number; priority: number; seq: number; handle: number }[] = [];
        const handles: number[] = [];
        let seq = 0;
        for (const op of ops) {
          if (op.kind === 'push') {
            const id = seq++;
            const handle = queue.push(op.time, op.priority, id, `data-${id}`);
            handles.push(handle);
            live.push({ time: op.time, priority: op.priority, seq: id, handle });
          } else if (op.kind === 'cancel') {
            if (handles.length === 0) continue;
            const handle = handles[op.index % handles.length]!;
            const at = live.findIndex((e) => e.handle === handle);
            expect(queue.cancel(handle)).toBe(at >= 0);
            if (at >= 0) live.splice(at, 1);
          } else {
            live.sort((a, b) => a.time - b.time || a.priority - b.priority || a.seq - b.seq);
            const expected = live.shift();
            const got = queue.pop();
            expect(got).toBe(expected?.seq);
            if (expected) {
              expect(queue.poppedTime).toBe(expected.time);
              expect(queue.poppedData).toBe(`data-${expected.seq}`);
            }
          }
          expect(queue.size).toBe(live.length);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('reports the next live time, skipping cancelled events at the top', () => {
    const queue = new EventQueue<string, null>();
    const early = queue.push(1, 0, 'early', null);
    queue.push(5, 0, 'late', null);
    expect(queue.peekTime()).toBe(1);
    expect(queue.cancel(early)).toBe(true);
    expect(queue.cancel(early)).toBe(false);
    expect(queue.peekTime()).toBe(5);
    expect(queue.popUntil(4)).toBeUndefined();
    expect(queue.popUntil(5)).toBe('late');
    expect(queue.peekTime()).toBe(Infinity);
  });

  it('does not cancel a later event that reuses the slot of one already run', () => {
    const queue = new EventQueue<string, null>();
    const first = queue.push(1, 0, 'first', null);
    expect(queue.pop()).toBe('first');
    queue.push(2, 0, 'second', null); // reuses the freed slot
    expect(queue.cancel(first)).toBe(false);
    expect(queue.pop()).toBe('second');
  });

  it('grows past its initial capacity and keeps order', () => {
    const queue = new EventQueue<number, null>();
    const n = 5000;
    for (let i = 0; i < n; i++) queue.push((i * 7919) % n, 0, i, null);
    let last = -1;
    for (let i = 0; i < n; i++) {
      queue.pop();
      expect(queue.poppedTime).toBeGreaterThanOrEqual(last);
      last = queue.poppedTime;
    }
    expect(queue.pop()).toBeUndefined();
  });

  it('rejects priorities outside the supported range', () => {
    const queue = new EventQueue<number, null>();
    expect(() => queue.push(0, 1.5, 0, null)).toThrow(/priority/);
    expect(() => queue.push(0, 5000, 0, null)).toThrow(/priority/);
  });
});
