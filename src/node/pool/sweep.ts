/**
 * `--sweep path=from:to:step` or `--sweep path=a,b,c`: the parameter and the values a command-line sweep runs, one
 * experiment per value (like the app's Experiments view).
 */
export interface SweepRequest {
  parameter: string;
  values: number[];
}

/** More points than anyone would plot, and a guard against a step typed too small. */
const MAX_POINTS = 10_000;

function number(text: string, what: string, whole: string): number {
  const value = Number(text.trim());
  if (text.trim() === '' || !Number.isFinite(value)) throw new RangeError(`--sweep ${whole}: ${what}: expected a number, got "${text}"`);
  return value;
}

/** Twelve significant digits, as the app rounds its sweep values: 0.1 + 0.2 is swept as 0.3. */
function rounded(value: number): number {
  return Number(value.toPrecision(12));
}

export function parseSweep(text: string): SweepRequest {
  const match = /^([^=]+)=(.+)$/.exec(text);
  if (!match) throw new RangeError(`--sweep: expected path=from:to:step or path=a,b,c, e.g. orders.lotSize=10:30:5, got "${text}"`);
  const parameter = match[1]!.trim();
  const range = match[2]!;
  const parts = range.split(':');
  if (parts.length === 3) {
    const [from, to, step] = parts.map((part, i) => number(part, ['from', 'to', 'step'][i]!, text)) as [number, number, number];
    if (!(step > 0)) throw new RangeError(`--sweep ${text}: step: expected a positive number, got ${step}`);
    if (to < from) throw new RangeError(`--sweep ${text}: expected from <= to, got ${from} > ${to}`);
    // The small tolerance keeps `to` when (to - from) / step is a whole number up to rounding (0:0.3:0.1).
    const count = Math.floor((to - from) / step + 1e-9) + 1;
    if (count > MAX_POINTS) throw new RangeError(`--sweep ${text}: ${count} values; at most ${MAX_POINTS}`);
    return { parameter, values: Array.from({ length: count }, (_, i) => rounded(from + i * step)) };
  }
  if (parts.length !== 1) throw new RangeError(`--sweep ${text}: expected from:to:step (three numbers) or a list a,b,c`);
  const values = range.split(',').map((part) => number(part, 'value', text));
  if (new Set(values).size !== values.length) throw new RangeError(`--sweep ${text}: a value is listed twice`);
  return { parameter, values };
}
