/**
 * Bit-identical results across JavaScript engines: the same model, level and seed run in headless Chromium (through
 * the Vite dev server, the way the app's workers load the core) and here in Node give EXACTLY the same KPIs, and the
 * core's elementary functions (src/core/math) give the same bits in both on ~120,000 inputs. Chromium's V8 and
 * Node's V8 are different builds, whose Math.* may disagree in the last bit; src/core no longer calls those.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { presetLevels } from '../src/core/experiment/levels.ts';
import { runnable } from '../src/core/models.ts';
import * as coreMath from '../src/core/math/index.ts';
import { parseModel } from '../src/core/model/load.ts';
import { createStream as createStreamType } from '../src/core/random/stream.ts';
import { appUnderTest } from './browser.ts';

const app = appUnderTest();

// Days per model: long enough that, with the engines' own Math.*, Chromium and Node already disagreed (checked on the
// code before src/core/math: the two teaching models after one day, the petrochemical plant within five; the 3C plant
// happened to agree even over 20 days, its KPIs are kept here as a guard).
const MODELS: ReadonlyArray<readonly [file: string, days: number]> = [
  ['factory-models/3c-machining.json', 5],
  ['factory-models/petrochemical.json', 5],
  ['factory-models/teaching/mm1.json', 1],
  ['factory-models/teaching/tandem5.json', 1],
];
const SEED = 11;
/** Where the dev server serves the core's sources (a variable, so that TypeScript does not resolve the page's imports). */
const CORE = '/src/core/';

/** A blank page of the app's dev server (its module graph is reachable by import()), with errors collected. */
async function corePage(): Promise<{ page: Page; errors: string[] }> {
  const page = await app.browser.newPage();
  page.setDefaultTimeout(240_000);
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  // Any page of the dev server's origin will do; this one is plain text, so the app itself does not start. The browser
  // would ask for a favicon the dev server does not have (a 404 in the console): answer it here.
  await page.route('**/favicon.ico', (route) => route.fulfill({ status: 204 }));
  await page.goto(`${app.url}src/core/math/index.ts`);
  return { page, errors };
}

/** Runs a model for `days` at its highest level with SEED; returns its KPIs. The same code runs in Node and in the page. */
function runHeadless(text: string, file: string, days: number): Record<string, number> {
  const model = runnable(parseModel(text, file));
  const level = model.levels.at(-1)!;
  const run = model.start({ seed: SEED, capabilities: presetLevels(model.capabilities, level) });
  run.sim.runUntil(days * model.unitsPerDay);
  return run.kpis();
}

// The math comparison runs this one piece of plain JavaScript on both sides (as source text, so it is the same code):
// inputs drawn from the core's own generator (integer arithmetic, exact everywhere) and shaped only with exact
// operations and our own functions, over the ranges the simulation uses plus the far ends; every result is returned as
// its two 32-bit words. `math` is src/core/math, `fns` the implementation under test.
const WORDS_OF_SOURCE = `(math, createStream, fns, names, count, seed) => {
  const buffer = new Float64Array(1);
  const words = new Uint32Array(buffer.buffer);
  const wide = (u) => (u() - 0.5) * 2 * math.pow(10, 1 + Math.floor(u() * 300));
  const inputs = {
    exp: (u) => [u() < 0.9 ? (u() - 0.5) * 100 : -745 + 1455 * u(), 0],
    expm1: (u) => [(u() - 0.5) * 80, 0],
    log: (u) => [u() < 0.9 ? 1 - u() : math.exp((u() - 0.5) * 1400), 0],
    sin: (u) => [u() < 0.8 ? 2 * Math.PI * u() : wide(u), 0],
    cos: (u) => [u() < 0.8 ? 2 * Math.PI * u() : wide(u), 0],
    tanh: (u) => [(u() - 0.5) * 50, 0],
    pow: (u) => [u() * 100, (u() - 0.5) * 20],
    hypot: (u) => [(u() - 0.5) * 100, (u() - 0.5) * 100],
  };
  const out = [];
  for (const name of names) {
    const rng = createStream(seed, 'math:' + name);
    const u = () => rng.next();
    const f = fns[name];
    for (let i = 0; i < count; i++) {
      const [x, y] = inputs[name](u);
      buffer[0] = f(x, y);
      out.push(words[0], words[1]);
    }
  }
  return out;
}`;
type WordsOf = (
  math: typeof coreMath,
  createStream: typeof createStreamType,
  fns: Record<string, (x: number, y: number) => number>,
  names: readonly string[],
  count: number,
  seed: number,
) => number[];
const FUNCTION_NAMES = ['exp', 'expm1', 'log', 'sin', 'cos', 'tanh', 'pow', 'hypot'] as const;
const PER_FUNCTION = 15_000;
/** Identity-like stand-ins: the words they return are the inputs themselves, to check both sides drew the same. */
const INPUTS_ONLY_SOURCE = `({ exp: (x) => x, expm1: (x) => x, log: (x) => x, sin: (x) => x, cos: (x) => x, tanh: (x) => x, pow: (x, y) => x * 1024 + y, hypot: (x, y) => x * 1024 - y })`;
const HOST_SOURCE = `({ exp: Math.exp, expm1: Math.expm1, log: Math.log, sin: Math.sin, cos: Math.cos, tanh: Math.tanh, pow: Math.pow, hypot: Math.hypot })`;

describe('bit-identical results in Chromium and Node', () => {
  for (const [file, days] of MODELS) {
    it(`${file}: ${days} day(s) at the highest level, seed ${SEED}, give exactly the KPIs Node gives`, async () => {
      const text = readFileSync(file, 'utf8');
      const expected = runHeadless(text, file, days);
      expect(Object.keys(expected).length).toBeGreaterThan(3);

      const { page, errors } = await corePage();
      const inBrowser = await page.evaluate(
        async ({ text, file, seed, days, root }) => {
          // import() written out here would be rewritten by Vitest's transform; the page must run the browser's own.
          const load = new Function('path', 'return import(path)') as (path: string) => Promise<unknown>;
          const { runnable } = (await load(`${root}models.ts`)) as typeof import('../src/core/models.ts');
          const { parseModel } = (await load(`${root}model/load.ts`)) as typeof import('../src/core/model/load.ts');
          const { presetLevels } = (await load(`${root}experiment/levels.ts`)) as typeof import('../src/core/experiment/levels.ts');
          const model = runnable(parseModel(text, file));
          const level = model.levels.at(-1)!;
          const run = model.start({ seed, capabilities: presetLevels(model.capabilities, level) });
          run.sim.runUntil(days * model.unitsPerDay);
          return run.kpis();
        },
        { text, file, seed: SEED, days, root: CORE },
      );
      expect(inBrowser).toEqual(expected); // exact: no tolerance
      // NaN-free numbers compared again through their bits, so that -0 / +0 or a NaN payload cannot hide
      for (const key of Object.keys(expected)) expect(Object.is(inBrowser[key], expected[key]), key).toBe(true);
      expect(errors).toEqual([]);
      await page.close();
    });
  }

  it(`src/core/math gives the same bits in Chromium and Node on ${FUNCTION_NAMES.length * PER_FUNCTION} inputs`, async () => {
    const wordsOf = new Function(`return (${WORDS_OF_SOURCE})`)() as WordsOf;
    const inputsOnly = new Function(`return ${INPUTS_ONLY_SOURCE}`)() as Record<string, (x: number, y: number) => number>;
    const nodeHost = new Function(`return ${HOST_SOURCE}`)() as Record<string, (x: number, y: number) => number>;
    const expected = wordsOf(coreMath, createStreamType, coreMath, FUNCTION_NAMES, PER_FUNCTION, SEED);
    const expectedInputs = wordsOf(coreMath, createStreamType, inputsOnly, FUNCTION_NAMES, PER_FUNCTION, SEED);
    const expectedHost = wordsOf(coreMath, createStreamType, nodeHost, FUNCTION_NAMES, PER_FUNCTION, SEED);

    const { page, errors } = await corePage();
    const inBrowser = await page.evaluate(
      async ({ wordsSource, inputsSource, hostSource, names, count, seed, root }) => {
        const load = new Function('path', 'return import(path)') as (path: string) => Promise<unknown>;
        const math = (await load(`${root}math/index.ts`)) as typeof import('../src/core/math/index.ts');
        const { createStream } = (await load(`${root}random/stream.ts`)) as typeof import('../src/core/random/stream.ts');
        const wordsOf = new Function(`return (${wordsSource})`)();
        const run = (fns: unknown): number[] => wordsOf(math, createStream, fns, names, count, seed);
        return {
          ours: run(math),
          inputs: run(new Function(`return ${inputsSource}`)()),
          host: run(new Function(`return ${hostSource}`)()),
        };
      },
      {
        wordsSource: WORDS_OF_SOURCE,
        inputsSource: INPUTS_ONLY_SOURCE,
        hostSource: HOST_SOURCE,
        names: FUNCTION_NAMES,
        count: PER_FUNCTION,
        seed: SEED,
        root: CORE,
      },
    );
    expect(inBrowser.inputs.length).toBe(2 * FUNCTION_NAMES.length * PER_FUNCTION);
    expect(inBrowser.inputs).toEqual(expectedInputs); // both sides computed the very same inputs
    const mismatches: string[] = [];
    for (let i = 0; i < expected.length; i += 2) {
      if (inBrowser.ours[i] !== expected[i] || inBrowser.ours[i + 1] !== expected[i + 1]) {
        mismatches.push(`${FUNCTION_NAMES[Math.floor(i / 2 / PER_FUNCTION)]} #${(i / 2) % PER_FUNCTION}`);
      }
    }
    expect(mismatches).toEqual([]);

    // For the record, not asserted (engines may legitimately differ): how often the engines' own Math.* disagree.
    const hostDiffers = FUNCTION_NAMES.map((name, n) => {
      let differing = 0;
      for (let i = n * PER_FUNCTION * 2; i < (n + 1) * PER_FUNCTION * 2; i += 2) {
        if (inBrowser.host[i] !== expectedHost[i] || inBrowser.host[i + 1] !== expectedHost[i + 1]) differing++;
      }
      return `${name} ${((100 * differing) / PER_FUNCTION).toFixed(2)} %`;
    });
    console.info(`Math.* of Chromium vs Node on the same inputs, share of results that differ: ${hostDiffers.join(', ')}`);
    expect(errors).toEqual([]);
    await page.close();
  });
});
