import { bufferCount, filter, map, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { Priority, Simulation, SimulationError } from '../../src/core/kernel/simulation.ts';

describe('Simulation', () => {
  it('processes events in time order, then priority, then scheduling order, advancing the clock', () => {
    const sim = new Simulation();
    const log: string[] = [];
    const ping = sim.channel<string>('ping', (name) => log.push(`${name}@${sim.now}`));
    sim.schedule(5, ping, 'b');
    sim.schedule(5, ping, 'c');
    sim.schedule(5, ping, 'a', Priority.urgent);
    sim.schedule(1, ping, 'first');
    sim.scheduleAt(7, ping, 'last');
    sim.run();
    expect(log).toEqual(['first@1', 'a@5', 'b@5', 'c@5', 'last@7']);
    expect(sim.eventCount).toBe(5);
  });

  it('lets handlers schedule further events and cancel pending ones', () => {
    const sim = new Simulation();
    const log: number[] = [];
    let alarm = -1;
    const tick = sim.channel<number>('tick', (n) => {
      log.push(sim.now);
      if (n < 3) sim.schedule(2, tick, n + 1);
      if (n === 2) sim.cancel(alarm);
    });
    const ring = sim.channel<null>('alarm', () => log.push(-1));
    sim.schedule(0, tick, 0);
    alarm = sim.schedule(100, ring, null);
    sim.run();
    expect(log).toEqual([0, 2, 4, 6]);
  });

  it('runUntil stops at the horizon, sets the clock to it, and resumes from there', () => {
    const sim = new Simulation();
    const seen: number[] = [];
    const ch = sim.channel<number>('e', (t) => seen.push(t));
    for (const t of [1, 2, 3, 4]) sim.scheduleAt(t, ch, t);
    expect(sim.runUntil(2.5)).toBe(2);
    expect(sim.now).toBe(2.5);
    expect(seen).toEqual([1, 2]);
    expect(sim.runUntil(3)).toBe(1); // an event exactly at the horizon runs
    sim.runUntil(10);
    expect(seen).toEqual([1, 2, 3, 4]);
    expect(sim.now).toBe(10);
    expect(() => sim.runUntil(5)).toThrow(/clock is at 10/);
  });

  it('step and runWhile process one event at a time under a condition', () => {
    const sim = new Simulation();
    let count = 0;
    const ch = sim.channel<null>('e', () => count++);
    for (let t = 1; t <= 10; t++) sim.scheduleAt(t, ch, null);
    expect(sim.step()).toBe(true);
    expect(sim.now).toBe(1);
    sim.runWhile(() => count < 4);
    expect(count).toBe(4);
    expect(sim.now).toBe(4);
    sim.run();
    expect(sim.step()).toBe(false);
  });

  it('stop() ends the run after the current event', () => {
    const sim = new Simulation();
    const ch = sim.channel<number>('e', (n) => {
      if (n === 3) sim.stop();
    });
    for (let n = 1; n <= 5; n++) sim.scheduleAt(n, ch, n);
    sim.runUntil(100);
    expect(sim.now).toBe(3);
    expect(sim.pendingCount).toBe(2);
  });

  it('rejects negative delays, times in the past and duplicate channel names', () => {
    const sim = new Simulation();
    const ch = sim.channel<null>('e');
    expect(() => sim.schedule(-1, ch, null)).toThrow(RangeError);
    expect(() => sim.schedule(NaN, ch, null)).toThrow(RangeError);
    sim.runUntil(5);
    expect(() => sim.scheduleAt(4, ch, null)).toThrow(/clock is at 5/);
    expect(() => sim.channel('e')).toThrow(/already has a channel/);
    expect(() => ch.handle(() => {})).not.toThrow();
    expect(() => ch.handle(() => {})).toThrow(/already has a handler/);
  });

  it('an error in a handler stops the run and names the time and channel', () => {
    const sim = new Simulation();
    const ch = sim.channel<null>('breakdown', () => {
      throw new Error('spindle seized');
    });
    sim.scheduleAt(42, ch, null);
    let caught: unknown;
    try {
      sim.run();
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(SimulationError);
    expect((caught as SimulationError).message).toBe("at t=42, handling 'breakdown': spindle seized");
    expect((caught as SimulationError).time).toBe(42);
  });

  it('publishes every event to RxJS observers after its handler, and operators compose on the bus', async () => {
    const sim = new Simulation();
    const order: string[] = [];
    const done = sim.channel<{ part: number; good: boolean }>('done', (d) => order.push(`handler ${d.part}`));
    const goodParts = done.events$.pipe(
      filter((d) => d.good),
      map((d) => d.part),
      toArray(),
    );
    const collected = new Promise<number[]>((resolve) => goodParts.subscribe(resolve));
    done.events$.subscribe((d) => order.push(`observer ${d.part}`));
    for (let part = 0; part < 6; part++) sim.schedule(part, done, { part, good: part % 3 !== 0 });
    sim.run();
    sim.dispose(); // completes the observers, so toArray emits
    expect(await collected).toEqual([1, 2, 4, 5]);
    expect(order.slice(0, 2)).toEqual(['handler 0', 'observer 0']);
  });

  it('observers may react by scheduling events, and may unsubscribe while being notified', () => {
    const sim = new Simulation();
    const request = sim.channel<number>('request');
    const reply = sim.channel<number>('reply');
    const replies: [number, number][] = [];
    reply.events$.subscribe((n) => replies.push([n, sim.now]));
    const subscription = request.events$.pipe(bufferCount(1)).subscribe(([n]) => {
      sim.schedule(10, reply, n!);
      if (n === 2) subscription.unsubscribe();
    });
    for (let n = 1; n <= 3; n++) sim.scheduleAt(n, request, n);
    sim.run();
    expect(replies).toEqual([
      [1, 11],
      [2, 12],
    ]);
    expect(request.observed).toBe(false);
  });

  it('publish() delivers at the current instant without queueing', () => {
    const sim = new Simulation();
    const alarm = sim.channel<string>('alarm');
    const seen: string[] = [];
    alarm.events$.subscribe((text) => seen.push(`${text}@${sim.now}`));
    const ch = sim.channel<null>('e', () => alarm.publish('high temperature'));
    sim.scheduleAt(3, ch, null);
    sim.run();
    expect(seen).toEqual(['high temperature@3']);
    expect(sim.eventCount).toBe(1);
  });

  it('trace$ logs every processed event with its time and channel', () => {
    const sim = new Simulation();
    const a = sim.channel<number>('a', () => {});
    const b = sim.channel<number>('b', () => {});
    const trace: string[] = [];
    sim.trace$.subscribe((r) => trace.push(`${r.time}:${r.channel.name}:${String(r.data)}`));
    sim.scheduleAt(2, b, 20);
    sim.scheduleAt(1, a, 10);
    sim.run();
    expect(trace).toEqual(['1:a:10', '2:b:20']);
  });
});
