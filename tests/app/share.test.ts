import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  crc32,
  decodeScenario,
  encodeScenario,
  fromBase64Url,
  scenarioPayload,
  scenarioUrl,
  ScenarioLinkError,
  toBase64Url,
  type Scenario,
} from '../../src/app/share/scenario.ts';

const scenario: Scenario = {
  plant: '3c-machining',
  level: 'L2',
  overrides: { quality: 'L3' },
  seed: 7,
  speed: 'max',
  time: 49.123456789012344,
  tour: { id: '3c-machining', step: 3 },
};

async function problemOf(payload: string): Promise<ScenarioLinkError> {
  try {
    await decodeScenario(payload);
  } catch (error) {
    if (error instanceof ScenarioLinkError) return error;
    throw error;
  }
  throw new Error('the payload was accepted');
}

/** The payload's bytes changed by `edit`, re-encoded. */
function edited(payload: string, edit: (bytes: Uint8Array) => void): string {
  const bytes = fromBase64Url(payload);
  edit(bytes);
  return toBase64Url(bytes);
}

describe('shareable scenario links', () => {
  it('round-trips a scenario exactly, the simulated time to the last bit', async () => {
    const payload = await encodeScenario(scenario);
    expect(payload).toMatch(/^[A-Za-z0-9_-]+$/);
    const decoded = await decodeScenario(payload);
    expect(decoded).toEqual(scenario);
    expect(Object.is(decoded.time, scenario.time)).toBe(true);
  });

  it('round-trips any valid scenario (property test)', async () => {
    const level = fc.constantFrom('L1' as const, 'L2' as const, 'L3' as const);
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          plant: fc.string({ minLength: 1 }),
          level,
          overrides: fc.dictionary(
            fc.string({ minLength: 1 }).filter((k) => k !== '__proto__'),
            level,
          ),
          seed: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
          speed: fc.constantFrom('max' as const, 1 as const, 10 as const, 60 as const, 600 as const, 3600 as const, 10_000 as const),
          time: fc.double({ min: 0, max: 1e9, noNaN: true }),
        }),
        async (s) => {
          expect(await decodeScenario(await encodeScenario(s))).toEqual(s);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('carries a custom model whole, and compresses it', async () => {
    const model = { kind: 'flow', name: 'my line', stations: Array.from({ length: 40 }, (_, i) => ({ id: `s${i}`, servers: 1 })) };
    const withCustom: Scenario = { ...scenario, plant: 'custom:my-line', custom: { id: 'custom:my-line', file: 'editor', model, scene: { units: {} } } };
    const payload = await encodeScenario(withCustom);
    expect(payload.length).toBeLessThan(JSON.stringify(model).length);
    expect(await decodeScenario(payload)).toEqual(withCustom);
  });

  it('detects a link changed in any one character', async () => {
    const payload = await encodeScenario(scenario);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    let detected = 0;
    // Every position of the payload, each replaced by a different character.
    for (let i = 0; i < payload.length; i++) {
      const other = alphabet[(alphabet.indexOf(payload[i]!) + 17) % alphabet.length]!;
      const changed = payload.slice(0, i) + other + payload.slice(i + 1);
      const error = await problemOf(changed).catch(() => undefined);
      // The last character may carry only padding bits, which base64 decoders ignore; then the bytes are unchanged.
      if (error) detected++;
      else expect(fromBase64Url(changed)).toEqual(fromBase64Url(payload));
    }
    expect(detected).toBeGreaterThanOrEqual(payload.length - 1);
  });

  it('says what is wrong with a malformed link', async () => {
    const payload = await encodeScenario(scenario);
    expect((await problemOf('')).problem).toBe('empty');
    const encoding = await problemOf('abc$def');
    expect(encoding.problem).toBe('encoding');
    expect(encoding.message).toContain('"$" at position 4');
    expect((await problemOf(payload.slice(0, 20))).problem).toBe('checksum');
    const version = await problemOf(edited(payload, (b) => (b[0] = 9)));
    expect(version.problem).toBe('version');
    expect(version.message).toContain('format version 9; this app reads version 1');
    const checksum = await problemOf(edited(payload, (b) => (b[8] = b[8]! ^ 0x40)));
    expect(checksum.problem).toBe('checksum');
    expect(checksum.message).toMatch(/checksum [0-9a-f]{8} does not match [0-9a-f]{8}/);
  });

  it('names the field of a scenario that is valid as a link but not as a scenario', async () => {
    // A hand-made link with a correct checksum: the content itself is validated and the path named.
    const forged = await forge({ ...scenario, seed: 1.5, level: 'L9', speed: 7 });
    const error = await problemOf(forged);
    expect(error.problem).toBe('content');
    expect(error.message).toContain('level: expected one of "L1", "L2", "L3", got "L9"');
    expect(error.message).toContain('seed: expected an integer, got 1.5');
    expect(error.message).toContain('speed: expected one of 1, 10, 60, 600, 3600, 10000, "max"');
    const notJson = await forgeBytes(new TextEncoder().encode('{"plant": '));
    expect((await problemOf(notJson)).problem).toBe('json');
    const notDeflate = toBase64Url(withHeader(new Uint8Array([0xff, 0xff, 0xff, 0xff])));
    expect((await problemOf(notDeflate)).problem).toBe('compression');
  });

  it('refuses a scenario that decompresses to more than the limit', async () => {
    const huge = await forgeBytes(new Uint8Array(5 * 1024 * 1024).fill(0x20));
    expect(huge.length).toBeLessThan(20_000); // a small link ...
    expect((await problemOf(huge)).problem).toBe('too-large'); // ... that would inflate to 5 MB
  });

  it('reads the payload from a query and builds the link without the view hash', () => {
    expect(scenarioPayload('?s=abc_-1&x=2')).toBe('abc_-1');
    expect(scenarioPayload('?x=2')).toBeUndefined();
    expect(scenarioUrl({ origin: 'http://127.0.0.1:5173', pathname: '/' }, 'abc')).toBe('http://127.0.0.1:5173/?s=abc');
  });

  it('computes the standard CRC-32', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });
});

/** A correctly framed link (version, checksum) around arbitrary compressed bytes. */
function withHeader(compressed: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(5 + compressed.length);
  bytes[0] = 1;
  bytes.set(compressed, 5);
  new DataView(bytes.buffer).setUint32(1, crc32(compressed));
  return bytes;
}

async function forgeBytes(content: Uint8Array): Promise<string> {
  const stream = new Blob([content as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  const compressed = new Uint8Array(await new Response(stream).arrayBuffer());
  return toBase64Url(withHeader(compressed));
}

function forge(content: unknown): Promise<string> {
  return forgeBytes(new TextEncoder().encode(JSON.stringify(content)));
}
