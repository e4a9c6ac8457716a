/**
 * Reading an instance file the student loads: the OR-Library format the core parses (one line per job of "machine
 * duration" pairs, machines from 0, as JSPLIB ships Taillard's instances too), or Taillard's own format from his
 * benchmark page: a header line, "n m time-seed machine-seed upper lower", a "Times" section of n rows of m durations
 * and a "Machines" section of n rows giving each job's machine order, machines from 1. A file of several Taillard
 * instances yields the first. Errors are the core's `InstanceParseError`: file, line, what was expected, what was found.
 */
import {
  checkInstanceSize,
  checkSomeDuration,
  InstanceParseError,
  JOB_SHOP_LIMITS,
  parseInstance,
  type JobShopInstance,
} from '../../core/scheduling/instance.ts';

const SECTION_TIMES = /^\s*times\s*$/i;

export function parseInstanceFile(text: string, file: string): JobShopInstance {
  return text.split(/\r?\n/).some((line) => SECTION_TIMES.test(line)) ? parseTaillardFormat(text, file) : parseInstance(text, file);
}

function nameOf(file: string): string {
  return (file.split(/[\\/]/).pop() ?? file).replace(/\.(txt|jss|jsp)$/i, '') || file;
}

export function parseTaillardFormat(text: string, file: string): JobShopInstance {
  const lines = text.split(/\r?\n/);
  let at = 0; // index of the next line to read
  const nextLine = (): { line: number; text: string } | undefined => {
    while (at < lines.length && lines[at]!.trim() === '') at++;
    if (at >= lines.length) return undefined;
    return { line: ++at, text: lines[at - 1]!.trim() };
  };
  const end = Math.max(1, lines.length);
  const integers = (row: { line: number; text: string }, count: number, what: string, min: number, max: number): number[] => {
    const tokens = row.text.split(/\s+/);
    if (tokens.length !== count) throw new InstanceParseError(file, row.line, `${count} ${what}`, `${tokens.length} values`);
    return tokens.map((token) => {
      const value = Number(token);
      if (!/^[+-]?\d+$/.test(token) || value < min || value > max) {
        throw new InstanceParseError(file, row.line, `${what} (integers in ${min}..${max === Number.MAX_SAFE_INTEGER ? '' : max})`, JSON.stringify(token));
      }
      return value;
    });
  };

  let header = nextLine();
  // The descriptive line ("Nb of jobs, Nb of Machines, ...") is optional.
  if (header && /[a-z]/i.test(header.text)) header = nextLine();
  if (!header) throw new InstanceParseError(file, end, 'a line "jobs machines [time seed, machine seed, upper bound, lower bound]"', 'end of file');
  const head = header.text.split(/\s+/);
  if (head.length < 2 || head.slice(0, 2).some((t) => !/^\d+$/.test(t) || Number(t) < 1)) {
    throw new InstanceParseError(file, header.line, 'a line starting with two positive integers "jobs machines"', JSON.stringify(header.text));
  }
  const jobs = Number(head[0]);
  const machines = Number(head[1]);
  checkInstanceSize(file, header.line, jobs, machines);
  const section = (name: string) => {
    const row = nextLine();
    if (!row || row.text.toLowerCase() !== name.toLowerCase())
      throw new InstanceParseError(file, row?.line ?? end, `the line "${name}"`, row ? JSON.stringify(row.text) : 'end of file');
  };
  const rowLines: number[] = [];
  const rows = (what: string, min: number, max: number): number[][] => {
    const out: number[][] = [];
    rowLines.length = 0;
    for (let j = 0; j < jobs; j++) {
      const row = nextLine();
      if (!row) throw new InstanceParseError(file, end, `${jobs} rows of ${what}`, `only ${j} before the end of the file`);
      rowLines.push(row.line);
      out.push(integers(row, machines, `${what} for job ${j + 1}`, min, max));
    }
    return out;
  };
  section('Times');
  const duration = rows('durations', 0, JOB_SHOP_LIMITS.duration);
  checkSomeDuration(file, header.line, duration);
  section('Machines');
  const order = rows('machines', 1, machines);
  const machine = order.map((row, j) => {
    const seen = new Set<number>();
    for (const mach of row) {
      if (seen.has(mach)) {
        throw new InstanceParseError(file, rowLines[j]!, `each machine once in job ${j + 1}'s order`, `machine ${mach} twice`);
      }
      seen.add(mach);
    }
    return row.map((mach) => mach - 1);
  });
  return { name: nameOf(file), jobs, machines, machine, duration };
}
