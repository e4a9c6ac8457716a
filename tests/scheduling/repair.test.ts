import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { JobShopInstance } from '../../src/core/scheduling/instance.ts';
import { randomInstance } from '../../src/core/scheduling/generator.ts';
import { criticalPath, findCycle, moveInSequence, repairMove, type MachineSequences } from '../../src/core/scheduling/repair.ts';
import { runRule } from '../../src/core/scheduling/rules.ts';
import { makespanOf, semiActiveFromSequences, sequencesOf, validateStarts } from '../../src/core/scheduling/schedule.ts';
import { tabuSearch } from '../../src/core/scheduling/tabu.ts';
import { load } from './helpers.ts';

// job 0: M0 3 then M1 2; job 1: M1 2 then M0 4
const tiny: JobShopInstance = {
  name: 'tiny',
  jobs: 2,
  machines: 2,
  machine: [
    [0, 1],
    [1, 0],
  ],
  duration: [
    [3, 2],
    [2, 4],
  ],
};

/** True when `a` is an arc of the disjunctive graph the sequences fix (job order or adjacent on a machine). */
function isArc(
  instance: JobShopInstance,
  sequences: MachineSequences,
  a: { job: number; operation: number; machine: number },
  b: { job: number; operation: number; machine: number },
): boolean {
  if (a.job === b.job) return b.operation === a.operation + 1;
  if (a.machine !== b.machine) return false;
  const seq = sequences[a.machine]!;
  return seq.indexOf(b.job) === seq.indexOf(a.job) + 1 && instance.machine[a.job]![a.operation] === a.machine;
}

describe('repairing a hand-edited schedule', () => {
  it('moves an operation, recomputes the semi-active schedule and its makespan', () => {
    // M0: j0 then j1; M1: j1 then j0 -> makespan 7. Moving j0 to the front of M1 delays job 1: makespan 11.
    const result = repairMove(
      tiny,
      [
        [0, 1],
        [1, 0],
      ],
      { machine: 1, from: 1, to: 0 },
    );
    expect(result.status).toBe('moved');
    expect(result.job).toBe(0);
    expect(result.sequences).toEqual([
      [0, 1],
      [0, 1],
    ]);
    expect(result.starts).toEqual([0, 3, 5, 7]);
    expect(result.makespan).toBe(11);
    expect(validateStarts(tiny, result.starts)).toEqual([]);
  });

  it('refuses a move that closes a cycle and names the cycle, operation by operation', () => {
    // From M0 [0, 1], M1 [0, 1]: putting j1 first on M0 contradicts job 0 (M0 then M1) against job 1 (M1 then M0).
    const sequences = [
      [0, 1],
      [0, 1],
    ];
    const refused = repairMove(tiny, sequences, { machine: 0, from: 1, to: 0 }, 'refuse');
    expect(refused.status).toBe('refused');
    expect(refused.sequences).toEqual(sequences);
    expect(refused.makespan).toBe(11);
    const cycle = refused.cycle!;
    expect(cycle).toHaveLength(4);
    const moved = moveInSequence(sequences, { machine: 0, from: 1, to: 0 });
    for (let i = 0; i < cycle.length; i++) expect(isArc(tiny, moved, cycle[i]!, cycle[(i + 1) % cycle.length]!)).toBe(true);
    // Nearest: no other position on the way exists, so this is a refusal too.
    expect(repairMove(tiny, sequences, { machine: 0, from: 1, to: 0 }).status).toBe('refused');
  });

  it('leaves a move to the same position unchanged and rejects out-of-range moves and broken sequences', () => {
    const unchanged = repairMove(
      tiny,
      [
        [0, 1],
        [1, 0],
      ],
      { machine: 0, from: 1, to: 1 },
    );
    expect(unchanged.status).toBe('unchanged');
    expect(unchanged.makespan).toBe(7);
    expect(() =>
      repairMove(
        tiny,
        [
          [0, 1],
          [1, 0],
        ],
        { machine: 2, from: 0, to: 1 },
      ),
    ).toThrow(/machine 2 is not in 0..1/);
    expect(() =>
      repairMove(
        tiny,
        [
          [0, 1],
          [1, 0],
        ],
        { machine: 0, from: 0, to: 2 },
      ),
    ).toThrow(/to position 2 is not in 0..1/);
    expect(() =>
      repairMove(
        tiny,
        [
          [0, 0],
          [1, 0],
        ],
        { machine: 0, from: 0, to: 1 },
      ),
    ).toThrow(/machine 0: job 0 is listed twice/);
    expect(() =>
      repairMove(
        tiny,
        [
          [1, 0],
          [0, 1],
        ],
        { machine: 0, from: 0, to: 1 },
      ),
    ).toThrow(/already contradict/);
  });

  it('finds no cycle in the sequences of a feasible schedule and one in contradictory sequences', () => {
    const ft06 = load('ft06');
    const spt = runRule(ft06, 'spt');
    expect(findCycle(ft06, sequencesOf(ft06, spt.starts))).toBeNull();
    expect(
      findCycle(tiny, [
        [1, 0],
        [0, 1],
      ]),
    ).not.toBeNull();
  });

  it('on ft06, the optimum (55) edited by hand stays valid, and its critical path spans the makespan', () => {
    const ft06 = load('ft06');
    const best = tabuSearch(ft06, { seed: 1, target: 55, maxIterations: 20_000 });
    expect(best.makespan).toBe(55);
    const sequences = sequencesOf(ft06, best.starts);
    const path = criticalPath(ft06, best.starts);
    const length = path.reduce((sum, id) => sum + ft06.duration[Math.floor(id / 6)]![id % 6]!, 0);
    expect(length).toBe(55);
    for (let machine = 0; machine < 6; machine++) {
      for (let from = 0; from < 6; from++) {
        for (let to = 0; to < 6; to++) {
          const r = repairMove(ft06, sequences, { machine, from, to });
          expect(validateStarts(ft06, r.starts)).toEqual([]);
          expect(r.makespan).toBeGreaterThanOrEqual(55); // it was optimal
        }
      }
    }
  });
});

/** A random instance, a random feasible schedule of it and a random move on one machine. */
const scenario = fc
  .record({
    jobs: fc.integer({ min: 2, max: 7 }),
    machines: fc.integer({ min: 1, max: 5 }),
    seed: fc.integer({ min: 0, max: 1_000_000 }),
    ruleSeed: fc.integer({ min: 0, max: 1_000_000 }),
    machine: fc.nat(),
    from: fc.nat(),
    to: fc.nat(),
  })
  .map(({ jobs, machines, seed, ruleSeed, machine, from, to }) => {
    const instance = randomInstance({ jobs, machines, seed, maxDuration: 20 });
    const schedule = runRule(instance, 'random', { seed: ruleSeed });
    return {
      instance,
      sequences: sequencesOf(instance, schedule.starts),
      move: { machine: machine % machines, from: from % jobs, to: to % jobs },
    };
  });

describe('repair properties (fast-check)', () => {
  it('nearest: the result is always a valid semi-active schedule of the returned sequences, only the moved machine changes', () => {
    fc.assert(
      fc.property(scenario, ({ instance, sequences, move }) => {
        const r = repairMove(instance, sequences, move);
        expect(validateStarts(instance, r.starts)).toEqual([]);
        expect(r.makespan).toBe(makespanOf(instance, r.starts));
        expect(semiActiveFromSequences(instance, r.sequences)).toEqual(r.starts);
        expect(sequencesOf(instance, r.starts)).toEqual(r.sequences);
        expect(r.sequences).toEqual(moveInSequence(sequences, { machine: move.machine, from: move.from, to: r.position }));
        expect(r.sequences[move.machine]![r.position]).toBe(r.job);
        // The position lies between the old one and the requested one.
        expect(Math.min(move.from, move.to) <= r.position && r.position <= Math.max(move.from, move.to)).toBe(true);
        if (r.status === 'moved') expect(r.position).toBe(move.to);
      }),
      { numRuns: 400 },
    );
  });

  it('nearest goes as far as the job orders allow: one step further toward the request closes a cycle', () => {
    fc.assert(
      fc.property(scenario, ({ instance, sequences, move }) => {
        const r = repairMove(instance, sequences, move);
        if (r.status !== 'adjusted' && r.status !== 'refused') return;
        expect(r.cycle!.length).toBeGreaterThan(1);
        const further = r.position + Math.sign(move.to - move.from);
        expect(semiActiveFromSequences(instance, moveInSequence(sequences, { ...move, to: further }))).toBeNull();
        expect(findCycle(instance, moveInSequence(sequences, { ...move, to: further }))).not.toBeNull();
      }),
      { numRuns: 400 },
    );
  });

  it('refuse: either the requested move, valid, or nothing changed and a real cycle of the requested sequences', () => {
    fc.assert(
      fc.property(scenario, ({ instance, sequences, move }) => {
        const r = repairMove(instance, sequences, move, 'refuse');
        const requested = moveInSequence(sequences, move);
        const feasible = semiActiveFromSequences(instance, requested);
        if (feasible !== null) {
          expect(r.status === 'moved' || r.status === 'unchanged').toBe(true);
          expect(r.starts).toEqual(feasible);
          expect(validateStarts(instance, r.starts)).toEqual([]);
        } else {
          expect(r.status).toBe('refused');
          expect(r.sequences).toEqual(sequences.map((s) => [...s]));
          expect(validateStarts(instance, r.starts)).toEqual([]);
          const cycle = r.cycle!;
          for (let i = 0; i < cycle.length; i++) expect(isArc(instance, requested, cycle[i]!, cycle[(i + 1) % cycle.length]!)).toBe(true);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('the critical path of a repaired schedule is a tight chain from time 0 to the makespan', () => {
    fc.assert(
      fc.property(scenario, ({ instance, sequences, move }) => {
        const r = repairMove(instance, sequences, move);
        const m = instance.machines;
        const path = criticalPath(instance, r.starts);
        const end = (id: number) => r.starts[id]! + instance.duration[Math.floor(id / m)]![id % m]!;
        expect(r.starts[path[0]!]).toBe(0);
        expect(end(path[path.length - 1]!)).toBe(r.makespan);
        for (let i = 1; i < path.length; i++) {
          const a = path[i - 1]!;
          const b = path[i]!;
          expect(r.starts[b]).toBe(end(a));
          const sameJob = Math.floor(a / m) === Math.floor(b / m) && b === a + 1;
          const sameMachine = instance.machine[Math.floor(a / m)]![a % m] === instance.machine[Math.floor(b / m)]![b % m];
          expect(sameJob || sameMachine).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});
