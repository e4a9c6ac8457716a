import { describe, expect, it } from 'vitest';
import { failedModuleUrl, retryUrl } from '../../src/app/lazy-retry.ts';

describe('lazyWithRetry helpers', () => {
  it('reads the chunk a failed dynamic import names (Chromium, Firefox), and nothing from other errors', () => {
    const chromium = new TypeError('Failed to fetch dynamically imported module: https://x.org/fabtwin/assets/LabView-abc.js');
    expect(failedModuleUrl(chromium)).toBe('https://x.org/fabtwin/assets/LabView-abc.js');
    const firefox = new TypeError('error loading dynamically imported module: https://x.org/assets/LabView-abc.js');
    expect(failedModuleUrl(firefox)).toBe('https://x.org/assets/LabView-abc.js');
    expect(failedModuleUrl(new TypeError('Importing a module script failed.'))).toBeUndefined();
    expect(failedModuleUrl('boom')).toBeUndefined();
  });

  it('adds or replaces the retry query, keeping other parameters and the fragment', () => {
    expect(retryUrl('https://x.org/a/B-1.js', 1)).toBe('https://x.org/a/B-1.js?retry=1');
    expect(retryUrl('https://x.org/a/B-1.js?retry=1', 2)).toBe('https://x.org/a/B-1.js?retry=2');
    expect(retryUrl('http://h/src/app/lab/LabView.tsx?t=5&retry=3#x', 4)).toBe('http://h/src/app/lab/LabView.tsx?t=5&retry=4#x');
  });
});
