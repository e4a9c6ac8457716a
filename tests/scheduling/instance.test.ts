import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { InstanceParseError, parseInstance, validateInstance, writeInstance } from '../../src/core/scheduling/instance.ts';
import { INSTANCE_DIR, SHARED, bounds, load, shippedNames } from './helpers.ts';

describe('instance parser', () => {
  it('reads ft06 as published (Fisher and Thompson 6x6)', () => {
    const ft06 = load('ft06');
    expect(ft06.name).toBe('ft06');
    expect([ft06.jobs, ft06.machines]).toEqual([6, 6]);
    expect(ft06.machine[0]).toEqual([2, 0, 1, 3, 5, 4]);
    expect(ft06.duration[0]).toEqual([1, 3, 6, 7, 3, 6]);
    expect(ft06.machine[5]).toEqual([1, 3, 5, 0, 4, 2]);
    expect(ft06.duration[5]).toEqual([3, 3, 9, 10, 4, 1]);
  });

  it('ships all 162 instances, each matching its catalogue size and the team reference copy', () => {
    const names = shippedNames();
    expect(names).toHaveLength(162);
    for (const name of names) {
      const inst = load(name);
      const entry = bounds.get(name);
      expect(entry, name).toBeDefined();
      expect([inst.jobs, inst.machines], name).toEqual([entry!.jobs, entry!.machines]);
      const shared = join(SHARED, 'instances', name);
      if (existsSync(shared)) expect(readFileSync(join(INSTANCE_DIR, name), 'utf8'), name).toBe(readFileSync(shared, 'utf8'));
    }
  });

  it('round-trips every shipped instance through the writer', () => {
    for (const name of shippedNames()) {
      const inst = load(name);
      const again = parseInstance(writeInstance(inst), 'written', name);
      expect(again).toEqual(inst);
    }
  });

  it('round-trips random instances (property)', () => {
    const arb = fc.record({ n: fc.integer({ min: 1, max: 8 }), m: fc.integer({ min: 1, max: 6 }) }).chain(({ n, m }) =>
      fc.record({
        perms: fc.array(fc.shuffledSubarray([...Array(m).keys()], { minLength: m, maxLength: m }), { minLength: n, maxLength: n }),
        durs: fc.array(fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: m, maxLength: m }), { minLength: n, maxLength: n }),
      }),
    );
    fc.assert(
      fc.property(arb, ({ perms, durs }) => {
        fc.pre(durs.flat().some((d) => d > 0)); // all-zero durations are refused (tests/scheduling/hardening.test.ts)
        const inst = validateInstance({ name: 'x', jobs: perms.length, machines: perms[0]!.length, machine: perms, duration: durs });
        expect(parseInstance(writeInstance(inst, 'a comment\nover two lines'), 's', 'x')).toEqual(inst);
      }),
      { numRuns: 200 },
    );
  });

  it('accepts comments and blank lines anywhere, and CRLF line ends', () => {
    const inst = parseInstance('# c\r\n\r\n2 2\r\n# between\r\n0 1 1 2\r\n\r\n1 3 0 4\r\n# trailing\r\n', 'crlf.txt');
    expect(inst.name).toBe('crlf');
    expect(inst.machine).toEqual([
      [0, 1],
      [1, 0],
    ]);
    expect(inst.duration).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  const malformed: [string, string, number, RegExp][] = [
    ['empty file', '# only a comment\n', 1, /header/],
    ['header with one number', '3\n', 1, /header of 2 integers/],
    ['non-numeric header', 'two 2\n0 1 1 1\n1 1 0 1\n', 1, /positive integer for the number of jobs.*"two"/],
    ['zero machines', '2 0\n', 1, /positive integer for the number of machines/],
    ['too few job lines', '# x\n3 2\n0 1 1 2\n1 3 0 4\n', 4, /3 job lines after the header, found only 2/],
    ['too many values on a line', '2 2\n0 1 1 2 0\n1 3 0 4\n', 2, /4 values .* for job 0, found 5 values/],
    ['too few values on a line', '2 2\n0 1 1 2\n1 3\n', 3, /4 values .* for job 1, found 2 values/],
    ['an extra data line', '2 2\n0 1 1 2\n1 3 0 4\n0 1 1 1\n', 4, /end of data after 2 job lines/],
    ['a machine twice in a job', '2 2\n0 1 1 2\n1 3 1 4\n', 3, /each machine once per job, but job 1 visits machine 1 at operations 0 and 1/],
    ['a negative duration', '2 2\n0 1 1 -2\n1 3 0 4\n', 2, /non-negative duration for operation 1 of job 0, found "-2"/],
    ['a non-number', '2 2\n0 1 1 2\n1 3 0 x4\n', 3, /integer duration for operation 1 of job 1, found "x4"/],
    ['a fractional duration', '2 2\n0 1.5 1 2\n1 3 0 4\n', 2, /integer duration for operation 0 of job 0, found "1.5"/],
    ['a machine out of range', '2 2\n0 1 2 2\n1 3 0 4\n', 2, /machine in 0..1 for operation 1 of job 0, found "2"/],
  ];
  for (const [what, text, line, message] of malformed) {
    it(`rejects ${what}, naming the file and line ${line}`, () => {
      let error: unknown;
      try {
        parseInstance(text, 'bad/file.txt');
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(InstanceParseError);
      const e = error as InstanceParseError;
      expect(e.source).toBe('bad/file.txt');
      expect(e.line).toBe(line);
      expect(e.message.startsWith(`bad/file.txt:${line}: expected `)).toBe(true);
      expect(e.message).toMatch(message);
    });
  }

  it('validateInstance rejects instances built in code with a repeated machine or a bad duration', () => {
    expect(() => validateInstance({ name: 'c', jobs: 1, machines: 2, machine: [[0, 0]], duration: [[1, 1]] })).toThrow(/visits machine 0 twice/);
    expect(() => validateInstance({ name: 'c', jobs: 1, machines: 2, machine: [[0, 1]], duration: [[1, -1]] })).toThrow(/duration -1/);
    expect(() => validateInstance({ name: 'c', jobs: 2, machines: 2, machine: [[0, 1]], duration: [[1, 1]] })).toThrow(/2 rows/);
  });
});
