/**
 * Reads a column of observations from CSV text (a file, or a column pasted into the editor), with errors that name the
 * line and column: an empty cell, a cell that is not a number, a negative time, too few values.
 */

export class FitDataError extends Error {
  constructor(
    message: string,
    /** 1-based line of the text the problem is on, when it is on one. */
    readonly line?: number,
  ) {
    super(message);
    this.name = 'FitDataError';
  }
}

export interface Sample {
  /** The observations in file order. */
  values: number[];
  /** The 1-based line each value came from. */
  lines: number[];
  /** The column's header, or `column N` when the text has no header. */
  column: string;
}

export interface SampleOptions {
  /** Header name, or 1-based column number as text; required when the text has more than one column. */
  column?: string;
  /** Refuse negative values (times); default true. */
  nonNegative?: boolean;
  /** Prefix of error messages: the file name, or "pasted data". */
  source?: string;
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Splits one CSV line on the delimiter, honouring double quotes ("" inside quotes is a quote). */
function splitLine(line: string, delimiter: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delimiter) {
      cells.push(cell.trim());
      cell = '';
    } else cell += ch;
  }
  cells.push(cell.trim());
  return cells;
}

function detectDelimiter(firstLine: string): string {
  for (const candidate of ['\t', ';', ',']) if (firstLine.includes(candidate)) return candidate;
  return ',';
}

/** The column names of CSV text (its header, or `column N` without one); empty for empty text. */
export function csvColumns(text: string): string[] {
  const first = text
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\n|\r/)
    .find((t) => t.trim() !== '' && !t.trim().startsWith('#'));
  if (first === undefined) return [];
  const cells = splitLine(first, detectDelimiter(first));
  return cells.some((cell) => cell !== '' && !NUMBER.test(cell)) ? cells : cells.map((_, i) => `column ${i + 1}`);
}

export function parseSample(text: string, options: SampleOptions = {}): Sample {
  const source = options.source ?? 'data';
  const nonNegative = options.nonNegative ?? true;
  const rawLines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const lines: { text: string; number: number }[] = [];
  rawLines.forEach((t, i) => {
    if (t.trim() !== '' && !t.trim().startsWith('#')) lines.push({ text: t, number: i + 1 });
  });
  if (lines.length === 0) throw new FitDataError(`${source}: no data (the text is empty)`);
  const delimiter = detectDelimiter(lines[0]!.text);
  const first = splitLine(lines[0]!.text, delimiter);
  const hasHeader = first.some((cell) => cell !== '' && !NUMBER.test(cell));
  const headers = hasHeader ? first : first.map((_, i) => `column ${i + 1}`);
  let index = 0;
  if (options.column !== undefined) {
    const byName = headers.indexOf(options.column);
    const byNumber = /^\d+$/.test(options.column) ? Number(options.column) - 1 : -1;
    index = byName >= 0 ? byName : byNumber >= 0 && byNumber < headers.length ? byNumber : -1;
    if (index < 0) {
      throw new FitDataError(`${source}: no column "${options.column}"; the columns are ${headers.map((h) => `"${h}"`).join(', ')}`, lines[0]!.number);
    }
  } else if (headers.length > 1) {
    throw new FitDataError(
      `${source}: ${headers.length} columns (${headers.map((h) => `"${h}"`).join(', ')}); choose one with --column NAME (or its number)`,
      lines[0]!.number,
    );
  }
  const column = headers[index]!;
  const values: number[] = [];
  const lineNumbers: number[] = [];
  for (const line of hasHeader ? lines.slice(1) : lines) {
    const cells = splitLine(line.text, delimiter);
    const cell = cells[index];
    const where = `${source}: line ${line.number}, column "${column}"`;
    if (cell === undefined || cell === '') throw new FitDataError(`${where}: empty cell; expected a number`, line.number);
    if (!NUMBER.test(cell)) throw new FitDataError(`${where}: expected a number, got "${cell}"`, line.number);
    const value = Number(cell);
    if (!Number.isFinite(value)) throw new FitDataError(`${where}: expected a finite number, got "${cell}"`, line.number);
    if (nonNegative && value < 0) {
      throw new FitDataError(`${where}: ${cell} is negative; times must be >= 0 (fit signed data with nonNegative off)`, line.number);
    }
    values.push(value);
    lineNumbers.push(line.number);
  }
  if (values.length === 0) throw new FitDataError(`${source}: column "${column}" has a header but no values`);
  return { values, lines: lineNumbers, column };
}
