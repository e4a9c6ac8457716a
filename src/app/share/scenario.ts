/**
 * A shareable scenario, encoded in a link (`?s=<payload>`): the plant (or a whole custom model), level, capability
 * overrides, seed, speed, the simulated time reached, and the tour step. Opening the link loads the same run and plays
 * it to the same time, so the KPI cards show the same numbers (the engine is deterministic per model, level and seed).
 *
 * Payload: base64url of [format version (1 byte)] [CRC-32 of the rest (4 bytes, big-endian)] [deflate-raw of the
 * scenario's JSON]. The checksum catches a link that was edited, damaged or cut short; it is not a signature (anyone
 * can make a valid link), which is why the decoded scenario is then validated like any other input.
 *
 * Pure apart from the platform's CompressionStream (browsers and Node 18+).
 */
import { z } from 'zod';
import { LEVELS } from '../../core/experiment/levels.ts';
import { problemsFromZod } from '../../core/model/errors.ts';
import { TOUR_SPEEDS } from '../tour/tour.ts';
import { savedRulesSchema } from '../lab/saved-rule.ts';

export const SCENARIO_FORMAT_VERSION = 1;
/** The link's query parameter. */
export const SCENARIO_PARAM = 's';
/** A decompressed scenario larger than this is refused (a custom model is a few hundred kB at most). */
export const MAX_SCENARIO_BYTES = 4 * 1024 * 1024;

const level = z.enum(LEVELS);

export const scenarioSchema = z.strictObject({
  /** A catalog model id, or the custom model's id. */
  plant: z.string().min(1),
  /** A model outside the catalog (from the editor or an import), sent whole. */
  custom: z.strictObject({ id: z.string().min(1), file: z.string().min(1), model: z.unknown(), scene: z.unknown().optional() }).optional(),
  level,
  overrides: z.record(z.string(), level),
  seed: z.int().positive(),
  /** Times real time, one of the app's choices, or `max` (as fast as possible). */
  speed: z.custom<(typeof TOUR_SPEEDS)[number] | 'max'>((value) => value === 'max' || (TOUR_SPEEDS as readonly unknown[]).includes(value), {
    message: `expected one of ${TOUR_SPEEDS.join(', ')}, "max"`,
  }),
  /** Simulated time reached, in the model's time unit. */
  time: z.number().nonnegative(),
  tour: z.strictObject({ id: z.string().min(1), step: z.int().nonnegative() }).optional(),
  /** The scheduling lab's saved rules of one's own; opening the link adds them to the lab. */
  rules: savedRulesSchema.optional(),
});

export type Scenario = z.infer<typeof scenarioSchema>;

/** Why a link could not be read. Each reason has a text in both languages (`texts.ts`); `detail` is technical. */
export type ScenarioProblem = 'empty' | 'encoding' | 'version' | 'checksum' | 'compression' | 'too-large' | 'json' | 'content';

export class ScenarioLinkError extends Error {
  constructor(
    readonly problem: ScenarioProblem,
    readonly detail: string,
  ) {
    super(`shared link: ${detail}`);
    this.name = 'ScenarioLinkError';
  }
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (IEEE 802.3, as zip and PNG use). */
export function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = CRC_TABLE[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

export function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromBase64Url(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) {
    const bad = /[^A-Za-z0-9_-]/.exec(text)!;
    throw new ScenarioLinkError('encoding', `unexpected character ${JSON.stringify(bad[0])} at position ${bad.index + 1}; expected base64url`);
  }
  if (text.length % 4 === 1) throw new ScenarioLinkError('encoding', `a base64url text cannot be ${text.length} characters long`);
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

async function drain(stream: ReadableStream<Uint8Array>, limit: number): Promise<Uint8Array> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    length += value.length;
    if (length > limit) {
      await reader.cancel();
      throw new ScenarioLinkError('too-large', `the scenario is over ${limit} bytes once decompressed`);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

function through(bytes: Uint8Array, transform: CompressionStream | DecompressionStream, limit = Infinity): Promise<Uint8Array> {
  const source = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream();
  return drain(source.pipeThrough(transform as TransformStream<Uint8Array, Uint8Array>), limit);
}

/** The link payload for a scenario (validated first: a link is only made from a scenario that can be opened). */
export async function encodeScenario(scenario: Scenario): Promise<string> {
  const valid = scenarioSchema.parse(scenario);
  const json = new TextEncoder().encode(JSON.stringify(valid));
  const compressed = await through(json, new CompressionStream('deflate-raw'));
  const bytes = new Uint8Array(5 + compressed.length);
  bytes[0] = SCENARIO_FORMAT_VERSION;
  bytes.set(compressed, 5);
  new DataView(bytes.buffer).setUint32(1, crc32(compressed));
  return toBase64Url(bytes);
}

/** Reads a link payload; throws a `ScenarioLinkError` saying what was wrong. */
export async function decodeScenario(payload: string): Promise<Scenario> {
  if (payload.length === 0) throw new ScenarioLinkError('empty', 'the scenario parameter is empty');
  const bytes = fromBase64Url(payload);
  if (bytes.length < 6) throw new ScenarioLinkError('checksum', `only ${bytes.length} bytes; the link was cut short`);
  if (bytes[0] !== SCENARIO_FORMAT_VERSION) {
    throw new ScenarioLinkError('version', `format version ${bytes[0]}; this app reads version ${SCENARIO_FORMAT_VERSION}`);
  }
  const compressed = bytes.subarray(5);
  const expected = new DataView(bytes.buffer, bytes.byteOffset).getUint32(1);
  const actual = crc32(compressed);
  if (expected !== actual) {
    throw new ScenarioLinkError(
      'checksum',
      `checksum ${actual.toString(16).padStart(8, '0')} does not match ${expected.toString(16).padStart(8, '0')}: the link was changed or cut short`,
    );
  }
  let json: Uint8Array;
  try {
    json = await through(compressed, new DecompressionStream('deflate-raw'), MAX_SCENARIO_BYTES);
  } catch (error) {
    if (error instanceof ScenarioLinkError) throw error;
    throw new ScenarioLinkError('compression', `the content could not be decompressed (${error instanceof Error ? error.message : String(error)})`);
  }
  let data: unknown;
  try {
    data = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(json));
  } catch (error) {
    throw new ScenarioLinkError('json', `the content is not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const result = scenarioSchema.safeParse(data, { reportInput: true });
  if (!result.success) {
    const problems = problemsFromZod(result.error.issues);
    throw new ScenarioLinkError('content', problems.map((p) => `${p.path ? `${p.path}: ` : ''}${p.message}`).join('; '));
  }
  return result.data;
}

/** The scenario payload in a URL's query, if there is one (`undefined` when the URL has no `s` parameter). */
export function scenarioPayload(search: string, hash = ''): string | undefined {
  return new URLSearchParams(search).get(SCENARIO_PARAM) ?? new URLSearchParams(hash.replace(/^#/, '')).get(SCENARIO_PARAM) ?? undefined;
}

/**
 * Payloads longer than this go in the fragment (`#s=`), which the browser never sends to the server: a query over about
 * 16 KB is refused by the dev and preview servers (HTTP 431) before the app sees it. Shorter links keep `?s=`, and
 * both forms open.
 */
export const LONG_LINK_CHARS = 4000;

/** The link for a scenario payload: this page's address with `?s=` (or `#s=` for a long one) and no view hash. */
export function scenarioUrl(location: { origin: string; pathname: string }, payload: string): string {
  const separator = payload.length > LONG_LINK_CHARS ? '#' : '?';
  return `${location.origin}${location.pathname}${separator}${SCENARIO_PARAM}=${payload}`;
}
