import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkInitialJs, initialChunks } from '../../src/build/bundle-size.ts';
import { r3fCatalogueTransform } from '../../src/build/r3f-catalogue-plugin.ts';
import { readSceneLayouts } from '../../src/build/scene-layouts-plugin.ts';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A built site: entry -> vendor -> shared statically, plus a lazy view that must not count. */
function fakeSite(vendorBytes: number): string {
  dir = mkdtempSync(join(tmpdir(), 'fabtwin-size-'));
  mkdirSync(join(dir, '.vite'));
  mkdirSync(join(dir, 'assets'));
  // Random-looking content, so gzip cannot shrink it much and the sizes are predictable.
  let seed = 1;
  const noise = (n: number) => Array.from({ length: n }, () => String.fromCharCode(33 + ((seed = (seed * 48271) % 2147483647) % 90))).join('');
  writeFileSync(join(dir, 'assets/index.js'), noise(2_000));
  writeFileSync(join(dir, 'assets/vendor.js'), noise(vendorBytes));
  writeFileSync(join(dir, 'assets/shared.js'), noise(1_000));
  writeFileSync(join(dir, 'assets/lazy.js'), noise(500_000));
  writeFileSync(
    join(dir, '.vite/manifest.json'),
    JSON.stringify({
      'index.html': { file: 'assets/index.js', isEntry: true, imports: ['_vendor.js'], dynamicImports: ['lazy.tsx'] },
      '_vendor.js': { file: 'assets/vendor.js', imports: ['_shared.js'] },
      '_shared.js': { file: 'assets/shared.js', imports: ['_vendor.js'] },
      'lazy.tsx': { file: 'assets/lazy.js', isDynamicEntry: true, imports: ['_shared.js'] },
    }),
  );
  return dir;
}

describe('initial-JS budget check', () => {
  it('counts the entry and its static imports, transitively and once, but not lazy chunks', () => {
    const chunks = initialChunks(fakeSite(10_000));
    expect(chunks.map((c) => c.file)).toEqual(['assets/index.js', 'assets/vendor.js', 'assets/shared.js']);
    expect(chunks[1]!.gzipBytes).toBeGreaterThan(7_000);
    expect(chunks[1]!.gzipBytes).toBeLessThan(10_000);
  });

  it('passes under the budget and fails above it, naming the total', () => {
    const site = fakeSite(100_000);
    const under = checkInitialJs(site, 200);
    expect(under.ok).toBe(true);
    const over = checkInitialJs(site, 50);
    expect(over.ok).toBe(false);
    expect(over.report).toMatch(/initial JS before the first frame: \d+\.\d kB gzip \(budget 50 kB\): OVER BUDGET/);
  });
});

describe('build plugins', () => {
  it("removes R3F's whole-namespace registration, and fails loudly if R3F changed it", () => {
    const id = '/x/node_modules/@react-three/fiber/dist/react-three-fiber.esm.js';
    expect(r3fCatalogueTransform('a; React.useMemo(() => extend(THREE), []); b', id)).not.toContain('extend(THREE)');
    expect(() => r3fCatalogueTransform('a; b', id)).toThrow(/has R3F changed/);
    expect(r3fCatalogueTransform('extend(THREE)', '/x/src/app/App.tsx')).toBeNull();
  });

  it('validates the shipped scene layouts at build time, and names the file and path of a broken one', () => {
    const { layouts } = readSceneLayouts(process.cwd());
    expect(Object.keys(layouts)).toEqual(expect.arrayContaining(['3c-machining', 'petrochemical', 'teaching/tandem5']));
    expect(Object.keys(layouts).some((id) => id.startsWith('tours'))).toBe(false);
    // Defaults are applied: every placed unit has a rotation.
    expect(Object.values(layouts['3c-machining']!.units).every((u) => typeof u.rotation === 'number')).toBe(true);
    dir = mkdtempSync(join(tmpdir(), 'fabtwin-scenes-'));
    mkdirSync(join(dir, 'scenes'));
    writeFileSync(join(dir, 'scenes/bad.json'), JSON.stringify({ units: { a: { position: [1] } } }));
    expect(() => readSceneLayouts(dir)).toThrow(/scenes\/bad\.json.*units\.a\.position/s);
  });
});
