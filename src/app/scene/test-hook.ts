/**
 * Counters a scene part keeps for the browser tests and `npm run bench:view`, published on `window` under `name`
 * (`window.fabtwinPipes`) so a test can read them with `page.evaluate`. Returns the same object, mutated in place.
 */
export function testHook<T extends object>(name: string, stats: T): T {
  if (typeof window !== 'undefined') (window as unknown as Record<string, unknown>)[name] = stats;
  return stats;
}
