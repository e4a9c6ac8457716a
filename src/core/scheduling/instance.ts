/**
 * The classical job-shop instance and its text format (OR-Library / Taillard as used by JSPLIB).
 *
 * Format: lines starting with `#` are comments and blank lines are ignored; the first data line is `n m` (jobs, machines);
 * then n lines, one per job, of m `machine duration` pairs in processing order, machines numbered from 0. Each job visits
 * every machine exactly once, which is what the standard benchmarks (ft, la, abz, orb, swv, yn, ta) assume.
 */

export interface JobShopInstance {
  /** A display name, e.g. `ft06`; not part of the file's data. */
  readonly name: string;
  /** n, the number of jobs. */
  readonly jobs: number;
  /** m, the number of machines; also the number of operations of every job. */
  readonly machines: number;
  /** machine[j][k]: the machine of the k-th operation of job j (0-based). */
  readonly machine: readonly (readonly number[])[];
  /** duration[j][k]: the processing time of the k-th operation of job j, a non-negative integer. */
  readonly duration: readonly (readonly number[])[];
}

/** A malformed instance: names the source, the 1-based line and what was expected there. */
export class InstanceParseError extends Error {
  constructor(
    readonly source: string,
    readonly line: number,
    readonly expected: string,
    readonly found: string,
  ) {
    super(`${source}:${line}: expected ${expected}, found ${found}`);
    this.name = 'InstanceParseError';
  }
}

const INTEGER = /^[+-]?\d+$/;

/**
 * The sizes and durations an instance may have. Far above every published instance (the largest, Taillard's 100 x 20,
 * has 2,000 operations of at most 99), and low enough that every sum of durations stays an exact integer in a double
 * (1e5 operations x 1e9 < 2^53), which the bounds and rules rely on: with 2^53 - 1 a preemptive bound never reached 0.
 */
export const JOB_SHOP_LIMITS = { jobs: 10_000, machines: 1_000, operations: 100_000, duration: 1_000_000_000 } as const;

function describe(token: string | undefined): string {
  return token === undefined ? 'end of line' : JSON.stringify(token);
}

/**
 * Parses an instance. `source` (a file name or URL) is used in error messages and, without `name`, to derive the
 * instance's name (its base name without extension).
 */
export function parseInstance(text: string, source = '<input>', name?: string): JobShopInstance {
  const lines = text.split(/\r?\n/);
  const data: { line: number; tokens: string[] }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const trimmed = lines[i]!.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    data.push({ line: i + 1, tokens: trimmed.split(/\s+/) });
  }
  const lastLine = Math.max(1, lines.length - (lines[lines.length - 1] === '' ? 1 : 0));
  if (data.length === 0) throw new InstanceParseError(source, lastLine, 'a header line "jobs machines"', 'no data');

  const header = data[0]!;
  if (header.tokens.length !== 2) {
    throw new InstanceParseError(source, header.line, 'a header of 2 integers "jobs machines"', `${header.tokens.length} values`);
  }
  const [jobs, machines] = header.tokens.map((token, index) => {
    if (!INTEGER.test(token) || Number(token) < 1) {
      throw new InstanceParseError(source, header.line, `a positive integer for the number of ${index === 0 ? 'jobs' : 'machines'}`, describe(token));
    }
    return Number(token);
  }) as [number, number];
  checkInstanceSize(source, header.line, jobs, machines);

  const machine: number[][] = [];
  const duration: number[][] = [];
  for (let j = 0; j < jobs; j++) {
    const row = data[1 + j];
    if (row === undefined) {
      throw new InstanceParseError(source, lastLine, `${jobs} job lines after the header`, `only ${j} before the end of the file`);
    }
    if (row.tokens.length !== 2 * machines) {
      throw new InstanceParseError(
        source,
        row.line,
        `${2 * machines} values (${machines} "machine duration" pairs) for job ${j}`,
        `${row.tokens.length} values`,
      );
    }
    const ms: number[] = [];
    const ds: number[] = [];
    const seenAt = new Array<number>(machines).fill(-1);
    for (let k = 0; k < machines; k++) {
      const mt = row.tokens[2 * k]!;
      const dt = row.tokens[2 * k + 1]!;
      if (!INTEGER.test(mt)) throw new InstanceParseError(source, row.line, `an integer machine for operation ${k} of job ${j}`, describe(mt));
      const mach = Number(mt);
      if (mach < 0 || mach >= machines) {
        throw new InstanceParseError(source, row.line, `a machine in 0..${machines - 1} for operation ${k} of job ${j}`, describe(mt));
      }
      if (seenAt[mach] !== -1) {
        throw new InstanceParseError(
          source,
          row.line,
          `each machine once per job, but job ${j} visits machine ${mach} at operations ${seenAt[mach]} and ${k}`,
          'a repeated machine',
        );
      }
      seenAt[mach] = k;
      if (!INTEGER.test(dt)) throw new InstanceParseError(source, row.line, `an integer duration for operation ${k} of job ${j}`, describe(dt));
      const dur = Number(dt);
      if (dur < 0) throw new InstanceParseError(source, row.line, `a non-negative duration for operation ${k} of job ${j}`, describe(dt));
      if (!(dur <= JOB_SHOP_LIMITS.duration)) {
        throw new InstanceParseError(
          source,
          row.line,
          `a duration of at most ${JOB_SHOP_LIMITS.duration} (the limit of an instance) for operation ${k} of job ${j}`,
          describe(dt),
        );
      }
      ms.push(mach);
      ds.push(dur);
    }
    machine.push(ms);
    duration.push(ds);
  }
  const extra = data[1 + jobs];
  if (extra !== undefined) {
    throw new InstanceParseError(source, extra.line, `end of data after ${jobs} job lines`, `another data line (${extra.tokens.length} values)`);
  }
  checkSomeDuration(source, header.line, duration);
  return { name: name ?? baseName(source), jobs, machines, machine, duration };
}

/** Refuses a header beyond `JOB_SHOP_LIMITS` (every parser of instance files calls it). */
export function checkInstanceSize(source: string, line: number, jobs: number, machines: number): void {
  if (jobs > JOB_SHOP_LIMITS.jobs)
    throw new InstanceParseError(source, line, `at most ${JOB_SHOP_LIMITS.jobs} jobs (the limit of an instance)`, describe(String(jobs)));
  if (machines > JOB_SHOP_LIMITS.machines) {
    throw new InstanceParseError(source, line, `at most ${JOB_SHOP_LIMITS.machines} machines (the limit of an instance)`, describe(String(machines)));
  }
  if (jobs * machines > JOB_SHOP_LIMITS.operations) {
    throw new InstanceParseError(
      source,
      line,
      `at most ${JOB_SHOP_LIMITS.operations} operations, jobs x machines (the limit of an instance)`,
      `${jobs} x ${machines}`,
    );
  }
}

/** Refuses an instance whose durations are all 0 (its bound is 0, and a gap 0 / 0). */
export function checkSomeDuration(source: string, line: number, duration: readonly (readonly number[])[]): void {
  if (duration.every((row) => row.every((d) => d === 0))) {
    throw new InstanceParseError(source, line, 'at least one positive duration (with all durations 0 every schedule is empty)', 'only zero durations');
  }
}

function baseName(source: string): string {
  const last = source.split(/[\\/]/).pop() ?? source;
  return last.replace(/\.(txt|jss|jsp)$/i, '') || source;
}

/** Writes the instance in the same format; `parseInstance(writeInstance(x))` gives back x's data. */
export function writeInstance(instance: JobShopInstance, comment?: string): string {
  const out: string[] = [];
  const head = comment ?? `instance ${instance.name}`;
  for (const line of head.split('\n')) out.push(`# ${line}`);
  out.push(`${instance.jobs} ${instance.machines}`);
  const width = String(Math.max(instance.machines - 1, ...instance.duration.flat())).length;
  for (let j = 0; j < instance.jobs; j++) {
    const parts: string[] = [];
    for (let k = 0; k < instance.machines; k++) {
      parts.push(String(instance.machine[j]![k]).padStart(width), String(instance.duration[j]![k]).padStart(width));
    }
    out.push(parts.join(' '));
  }
  return out.join('\n') + '\n';
}

/**
 * Checks an instance built in code (not parsed) and returns it; throws a RangeError naming the first problem. Parsed
 * instances are already valid.
 */
export function validateInstance(instance: JobShopInstance): JobShopInstance {
  const { jobs, machines } = instance;
  if (!Number.isInteger(jobs) || jobs < 1) throw new RangeError(`${instance.name}: jobs must be a positive integer, got ${jobs}`);
  if (!Number.isInteger(machines) || machines < 1) throw new RangeError(`${instance.name}: machines must be a positive integer, got ${machines}`);
  if (instance.machine.length !== jobs || instance.duration.length !== jobs) {
    throw new RangeError(`${instance.name}: expected ${jobs} rows of machines and durations`);
  }
  for (let j = 0; j < jobs; j++) {
    const ms = instance.machine[j]!;
    const ds = instance.duration[j]!;
    if (ms.length !== machines || ds.length !== machines) throw new RangeError(`${instance.name}: job ${j} must have ${machines} operations`);
    const seen = new Set<number>();
    for (let k = 0; k < machines; k++) {
      const mach = ms[k]!;
      if (!Number.isInteger(mach) || mach < 0 || mach >= machines)
        throw new RangeError(`${instance.name}: job ${j} operation ${k}: machine ${mach} out of range`);
      if (seen.has(mach)) throw new RangeError(`${instance.name}: job ${j} visits machine ${mach} twice`);
      seen.add(mach);
      const dur = ds[k]!;
      if (!Number.isSafeInteger(dur) || dur < 0)
        throw new RangeError(`${instance.name}: job ${j} operation ${k}: duration ${dur} is not a non-negative integer`);
      if (dur > JOB_SHOP_LIMITS.duration)
        throw new RangeError(`${instance.name}: job ${j} operation ${k}: duration ${dur} is above the limit of ${JOB_SHOP_LIMITS.duration}`);
    }
  }
  return instance;
}

/** Total processing time of every job, the "total work" used by rules and bounds. */
export function jobTotals(instance: JobShopInstance): number[] {
  return instance.duration.map((row) => row.reduce((a, b) => a + b, 0));
}
