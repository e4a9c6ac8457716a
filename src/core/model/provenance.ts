/**
 * Provenance of a model file's parameters (issue 12): where each value comes from. One optional `provenance` section,
 * the same in every kind of model file:
 *
 * - `sources`: key -> a full reference (author, title, year, and a locator: page, table, section or URL) and how it
 *   was checked: `verified: ...` (against what), `unverified: ...` (why not), or `assumption: ...` (an engineering
 *   judgement that gives a range but is no publication);
 * - `ranges`: parameter path -> the range its source gives, `{ min, max, source }`; the value must lie inside;
 * - `assumptions`: parameter path or group -> a short stated reason why the value is what it is.
 *
 * Paths use the `--set` syntax with `[*]` for every item of a list (`products[*].cncHoursPerUnit`); an assumption may
 * name a group (`energy.tariff`), covering every leaf below it. A cost written inline as `{ value, range, source }`
 * (the petrochemical plant's level costs) carries its own provenance: its `source` starts with `assumption:` or with a
 * `[key]` of `sources`, and any `[key]` in it must resolve. A decision parameter tuned by `npm run tune` is covered by
 * its record in the file's `tuning` section (command, seeds, budget, result).
 *
 * Nothing in the simulation reads this section: it is documentation that a test holds to the values
 * (`auditProvenance`, tests/model/provenance.test.ts). It is not checked on load beyond its own shape, so a `--set`
 * outside a cited range still runs: a cited range describes the shipped file, not what a user may try.
 */
import { z } from 'zod';

const sourceKey = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9 _.:-]*$/, 'expected a source key (letters, digits, space, _ . : -)');

export const provenanceSourceSchema = z.strictObject({
  reference: z.string().min(10).describe('Full reference: author(s), title, year, journal or publisher; or what an assumption rests on'),
  locator: z.string().min(3).optional().describe('Page, table, section or URL where the figures are'),
  checked: z
    .string()
    .regex(/^(verified|unverified|assumption): \S/, 'expected "verified: <against what>", "unverified: <why>" or "assumption: <basis>"')
    .describe('How the citation was checked, or that it is an assumption with a range'),
});

export const citedRangeSchema = z.strictObject({
  min: z.number(),
  max: z.number(),
  source: sourceKey.describe('A key of provenance.sources'),
  note: z.string().optional().describe('What the source says, where the range is derived from it'),
});

export const provenanceSchema = z
  .strictObject({
    sources: z.record(sourceKey, provenanceSourceSchema).default({}),
    ranges: z.record(z.string(), citedRangeSchema).default({}).describe('Parameter path (with [*] wildcards) -> cited range'),
    assumptions: z.record(z.string(), z.string().min(10)).default({}).describe('Parameter path or group (with [*] wildcards) -> why the value is what it is'),
  })
  .superRefine((p, ctx) => {
    for (const [key, source] of Object.entries(p.sources)) {
      if (source.checked.startsWith('assumption:')) continue;
      if (!/\b(1[89]|20)\d\d\b/.test(source.reference))
        ctx.addIssue({ code: 'custom', path: ['sources', key, 'reference'], message: 'expected a year in a published reference' });
      if (source.locator === undefined)
        ctx.addIssue({ code: 'custom', path: ['sources', key, 'locator'], message: 'expected a page, table, section or URL for a published reference' });
    }
    for (const [path, range] of Object.entries(p.ranges)) {
      if (!(range.min <= range.max)) ctx.addIssue({ code: 'custom', path: ['ranges', path, 'max'], message: `expected max >= min (${range.min})` });
      if (!Object.hasOwn(p.sources, range.source))
        ctx.addIssue({ code: 'custom', path: ['ranges', path, 'source'], message: `unknown source "${range.source}"; expected a key of provenance.sources` });
      if (patternError(path)) ctx.addIssue({ code: 'custom', path: ['ranges', path], message: patternError(path)! });
    }
    for (const path of Object.keys(p.assumptions)) {
      if (patternError(path)) ctx.addIssue({ code: 'custom', path: ['assumptions', path], message: patternError(path)! });
    }
  })
  .optional()
  .describe('Where each parameter value comes from (sources, cited ranges, stated assumptions); never read by the simulation');

export type Provenance = z.output<typeof provenanceSchema>;

type Segment = string | number | '*';

/** `products[*].cells` -> ['products', '*', 'cells']; null when it is not a path. */
function parsePattern(path: string): Segment[] | null {
  const segments: Segment[] = [];
  const pattern = /([A-Za-z_$][\w$-]*)|\[(\d+|\*)\]|(\.)/gy;
  let expectName = true;
  let end = 0;
  for (let m = pattern.exec(path); m !== null; m = pattern.exec(path)) {
    end = pattern.lastIndex;
    if (m[1] !== undefined) {
      if (!expectName) return null;
      segments.push(m[1]);
      expectName = false;
    } else if (m[2] !== undefined) {
      if (expectName) return null;
      segments.push(m[2] === '*' ? '*' : Number(m[2]));
    } else {
      if (expectName) return null;
      expectName = true;
    }
  }
  return segments.length === 0 || end !== path.length || expectName ? null : segments;
}

function patternError(path: string): string | undefined {
  return parsePattern(path) ? undefined : 'expected a parameter path such as cnc.cells or products[*].cncHoursPerUnit';
}

/** Does `pattern` match the first `pattern.length` segments of `path`? */
function matchesPrefix(pattern: readonly Segment[], path: readonly (string | number)[]): boolean {
  if (pattern.length > path.length) return false;
  return pattern.every((s, i) => (s === '*' ? typeof path[i] === 'number' : s === path[i]));
}

function formatSegments(path: readonly (string | number)[]): string {
  return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

/** Top-level sections that are no parameters: identity (the top-level `kind`; a conveyor's `kind` below is a choice), documentation, provenance itself, tuning records, layouts. */
const NOT_PARAMETERS = new Set(['$schema', 'kind', 'name', 'description', 'provenance', 'tuning', 'scene', 'dispatchRule']);
/** String fields that are a modelling choice (a distribution family, a dispatching rule, ...) rather than a name or a link. */
const CHOICE_KEYS = new Set(['dist', 'dispatching', 'timeUnit', 'fromLevel', 'capabilities', 'model', 'kind']);

export interface ProvenanceLeaf {
  path: string;
  segments: (string | number)[];
  value: number | boolean | string;
  /** The `source` of an inline `{ value, range, source }`, with its range. */
  inline?: { source: string; range?: [number, number] };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isInlineCited(v: Record<string, unknown>): boolean {
  const keys = Object.keys(v);
  return typeof v.value === 'number' && typeof v.source === 'string' && keys.every((k) => k === 'value' || k === 'range' || k === 'source');
}

/** Every parameter leaf of a model file's JSON: numbers, booleans and choice strings, outside the sections above. */
export function parameterLeaves(json: unknown): ProvenanceLeaf[] {
  const leaves: ProvenanceLeaf[] = [];
  const walk = (node: unknown, segments: (string | number)[], choice: boolean) => {
    if (typeof node === 'number' || typeof node === 'boolean') leaves.push({ path: formatSegments(segments), segments, value: node });
    else if (typeof node === 'string') {
      if (choice) leaves.push({ path: formatSegments(segments), segments, value: node });
    } else if (Array.isArray(node)) node.forEach((child, i) => walk(child, [...segments, i], choice));
    else if (isRecord(node)) {
      if (isInlineCited(node)) {
        const range = Array.isArray(node.range) ? (node.range as [number, number]) : undefined;
        leaves.push({
          path: formatSegments([...segments, 'value']),
          segments: [...segments, 'value'],
          value: node.value as number,
          inline: { source: node.source as string, range },
        });
        return;
      }
      for (const [k, child] of Object.entries(node)) {
        if (segments.length === 0 && NOT_PARAMETERS.has(k)) continue;
        walk(child, [...segments, k], CHOICE_KEYS.has(k));
      }
    }
  };
  walk(json, [], false);
  return leaves;
}

export type Coverage = 'cited range' | 'assumed range' | 'tuned' | 'assumption';

export interface LeafCoverage {
  path: string;
  value: number | boolean | string;
  coverage: Coverage | 'none';
  /** Source key of a range from `provenance.ranges` (first match), or the `[key]`s an inline source names. */
  sources: string[];
  range?: [number, number];
}

export interface ProvenanceAudit {
  leaves: LeafCoverage[];
  /** Problems, each naming the path: uncovered leaves, values outside their range, unknown source keys, stale entries. */
  problems: string[];
}

const INLINE_KEY = /\[([A-Za-z0-9][A-Za-z0-9 _.:-]*)\]/g;

/**
 * Checks a model file's JSON against its `provenance`: every parameter leaf covered (a range or a stated assumption),
 * every value inside each range that names it, every source key known, and no entry that names no parameter (stale).
 */
export function auditProvenance(json: unknown): ProvenanceAudit {
  const raw = (isRecord(json) && isRecord(json.provenance) ? json.provenance : {}) as {
    sources?: Record<string, { checked: string }>;
    ranges?: Record<string, { min: number; max: number; source: string }>;
    assumptions?: Record<string, string>;
  };
  const sources = raw.sources ?? {};
  const ranges = Object.entries(raw.ranges ?? {}).map(([path, r]) => ({ path, pattern: parsePattern(path), ...r, used: false }));
  const assumptions = Object.entries(raw.assumptions ?? {}).map(([path, text]) => ({ path, pattern: parsePattern(path), text, used: false }));
  const problems: string[] = [];
  // A tuned decision parameter's provenance is its tuning record (command, seeds, budget, result): see tuning.ts.
  const tuning = isRecord(json) && isRecord(json.tuning) ? json.tuning : {};
  const tuned = new Set(Object.values(tuning).flatMap((level) => (isRecord(level) && isRecord(level.values) ? Object.keys(level.values) : [])));
  const isAssumptionSource = (key: string) => sources[key]?.checked.startsWith('assumption:') ?? false;
  for (const r of ranges) {
    if (!r.pattern) problems.push(`provenance.ranges["${r.path}"]: not a parameter path`);
    if (!Object.hasOwn(sources, r.source)) problems.push(`provenance.ranges["${r.path}"]: source "${r.source}" is not in provenance.sources`);
  }
  for (const a of assumptions) if (!a.pattern) problems.push(`provenance.assumptions["${a.path}"]: not a parameter path`);

  const leaves: LeafCoverage[] = parameterLeaves(json).map((leaf) => {
    const out: LeafCoverage = { path: leaf.path, value: leaf.value, coverage: 'none', sources: [] };
    const inRange = (min: number, max: number, source: string) => {
      if (typeof leaf.value !== 'number') problems.push(`${leaf.path}: a range (${source}) names a value that is not a number`);
      else if (!(min <= leaf.value && leaf.value <= max)) problems.push(`${leaf.path} = ${leaf.value} lies outside its range ${min}-${max} (${source})`);
    };
    for (const r of ranges) {
      if (!r.pattern || r.pattern.length !== leaf.segments.length || !matchesPrefix(r.pattern, leaf.segments)) continue;
      r.used = true;
      inRange(r.min, r.max, r.source);
      if (out.coverage === 'none' || out.coverage === 'assumption' || (out.coverage === 'assumed range' && !isAssumptionSource(r.source))) {
        out.coverage = isAssumptionSource(r.source) ? 'assumed range' : 'cited range';
        out.range = [r.min, r.max];
      }
      out.sources.push(r.source);
    }
    if (leaf.inline) {
      const { source, range } = leaf.inline;
      const keys = [...source.matchAll(INLINE_KEY)].map((m) => m[1]!);
      for (const key of keys) if (!Object.hasOwn(sources, key)) problems.push(`${leaf.path}: source "[${key}]" is not in provenance.sources`);
      const assumed = source.startsWith('assumption:');
      if (!assumed && !source.startsWith('[')) problems.push(`${leaf.path}: expected its source to start with "assumption:" or a [key] of provenance.sources`);
      if (range) {
        if (!(range[0] <= range[1])) problems.push(`${leaf.path}: range ${range[0]}-${range[1]} has min above max`);
        inRange(range[0], range[1], source.slice(0, 60));
      }
      if (out.coverage === 'none') {
        out.coverage = range ? (assumed || keys.every(isAssumptionSource) ? 'assumed range' : 'cited range') : 'assumption';
        out.range = range;
      }
      out.sources.push(...keys);
    }
    if (tuned.has(leaf.path) && (out.coverage === 'none' || out.coverage === 'assumption')) out.coverage = 'tuned';
    for (const a of assumptions) {
      if (!a.pattern || !matchesPrefix(a.pattern, leaf.segments)) continue;
      a.used = true;
      if (out.coverage === 'none') out.coverage = 'assumption';
    }
    if (out.coverage === 'none') problems.push(`${leaf.path}: no cited range and no stated assumption (add one under provenance)`);
    return out;
  });
  for (const r of ranges) if (r.pattern && !r.used) problems.push(`provenance.ranges["${r.path}"]: stale, no parameter at this path`);
  for (const a of assumptions) if (a.pattern && !a.used) problems.push(`provenance.assumptions["${a.path}"]: stale, no parameter at or below this path`);
  return { leaves, problems };
}
