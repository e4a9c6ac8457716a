import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSceneLayout, placeUnits } from '../src/app/scene/layout.ts';

const root = join(import.meta.dirname, '..');
const sceneFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sceneFiles(join(dir, e.name)) : e.name.endsWith('.json') ? [join(dir, e.name)] : [],
  );

describe('scene layouts', () => {
  it('every shipped layout validates and names a model that exists', () => {
    // Guided tours (scenes/tours/) are not layouts; the app's layout glob skips them too.
    const files = sceneFiles(join(root, 'scenes')).filter((path) => !relative(root, path).startsWith(join('scenes', 'tours')));
    expect(files.length).toBeGreaterThanOrEqual(2);
    for (const path of files) {
      const file = relative(root, path);
      const layout = parseSceneLayout(JSON.parse(readFileSync(path, 'utf8')), file);
      expect(Object.keys(layout.units).length).toBeGreaterThan(0);
      const modelFile = join(root, 'factory-models', relative(join(root, 'scenes'), path));
      expect(() => readFileSync(modelFile), `${file} has no model at ${modelFile}`).not.toThrow();
    }
  });

  it('reports a malformed layout with its file and path', () => {
    expect(() => parseSceneLayout({ units: { a: { position: [1] } } }, 'scenes/x.json')).toThrow(/^scenes\/x\.json: units\.a\.position/);
  });

  it('places laid-out units where the file says and the others in a row after them', () => {
    const layout = parseSceneLayout({ units: { b: { position: [4, 1], rotation: 90 } } }, 'scenes/y.json');
    const placed = placeUnits(['a', 'b', 'c'], layout, 3);
    expect(placed[1]).toMatchObject({ x: 4, z: 1 });
    expect(placed[1]!.rotation).toBeCloseTo(Math.PI / 2, 12);
    expect(placed[0]).toMatchObject({ x: 7, z: 0 });
    expect(placed[2]).toMatchObject({ x: 10, z: 0 });
    expect(placeUnits(['a', 'b'], undefined, 2).map((p) => p.x)).toEqual([0, 2]);
  });
});
