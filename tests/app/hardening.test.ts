/**
 * User ids that are names of Object.prototype members (issue 13): a unit called `constructor`, `toString` or
 * `hasOwnProperty` is placed, edited and exported like any other, in the 3D layout and the editor's document.
 */
import { describe, expect, it } from 'vitest';
import { fromModel, fromPlantScene, plantScene, toModel } from '../../src/app/editor/document.ts';
import { placeUnits } from '../../src/app/scene/layout.ts';
import { validateModel } from '../../src/core/model/load.ts';
import type { FlowModel } from '../../src/core/model/flow-model.ts';
import { parseSceneLayout } from '../../src/core/model/scene.ts';

const ids = ['constructor', 'toString', 'hasOwnProperty'];

describe('unit ids named like Object.prototype members', () => {
  it('placeUnits places unlisted ones in a row and listed ones where the layout says', () => {
    expect(placeUnits(ids, { units: {} } as never)).toEqual([
      { x: 0, z: 0, rotation: 0 },
      { x: 3, z: 0, rotation: 0 },
      { x: 6, z: 0, rotation: 0 },
    ]);
    const layout = parseSceneLayout({ units: { toString: { position: [10, 2], rotation: 90 } } }, 'scene.json');
    const placed = placeUnits(ids, layout);
    expect(placed[1]).toEqual({ x: 10, z: 2, rotation: Math.PI / 2, label: undefined });
    expect(placed[0]).toEqual({ x: 13, z: 0, rotation: 0 });
  });

  it('the editor builds a document from such a model and its scene, and exports it unchanged', () => {
    const model = validateModel(
      {
        kind: 'flow',
        name: 'prototype names',
        sources: [{ id: 'constructor', interarrival: { dist: 'exponential', mean: 1 }, routing: 'r' }],
        stations: [{ id: 'toString', serviceTime: { dist: 'exponential', mean: 0.5 } }],
        routings: [{ id: 'r', steps: ['toString'], sink: 'hasOwnProperty' }],
        sinks: [{ id: 'hasOwnProperty' }],
      },
      'm.json',
    ) as FlowModel;
    const doc = fromModel(model, parseSceneLayout({ units: { toString: { position: [5, 1] } } }, 's.json'));
    expect(doc.units.map((u) => [u.id, u.kind, u.x, u.z])).toEqual([
      ['constructor', 'source', -4, 0],
      ['toString', 'station', 5, 1],
      ['hasOwnProperty', 'sink', 4, 0],
    ]);
    const exported = toModel(doc).model;
    expect(exported.stations.map((s: { id: string }) => s.id)).toEqual(['toString']);
    expect(() => validateModel(exported, 'export.json')).not.toThrow();
  });

  it('a shipped plant moved in layout-only mode keeps such units', () => {
    const scene = parseSceneLayout({ units: { constructor: { position: [1, 2] }, valueOf: { position: [3, 4], kind: 'cnc' } } }, 's.json');
    const doc = fromPlantScene('p', 'plant', scene, {});
    expect(doc.units.map((u) => [u.id, u.kind])).toEqual([
      ['constructor', 'station'],
      ['valueOf', 'cnc'],
    ]);
    expect(plantScene(doc).units.constructor).toEqual({ position: [1, 2], rotation: 0 });
  });
});

describe('view error boundary', () => {
  it('shows the error with a Retry that mounts the view again', async () => {
    const { ViewErrorBoundary } = await import('../../src/app/ViewErrorBoundary.tsx');
    const child = { type: 'p', props: {} };
    const boundary = new ViewErrorBoundary({ view: 'lab', failed: 'This view failed', retry: 'Retry', children: child as never });
    boundary.setState = ((change: object) => Object.assign(boundary.state, change)) as never;
    const healthy = boundary.render() as { key: string; props: { children: unknown } };
    expect(healthy.props.children).toBe(child);
    expect(healthy.key).toBe('0');

    Object.assign(boundary.state, ViewErrorBoundary.getDerivedStateFromError(new TypeError("Cannot read properties of undefined (reading '0')")));
    const failed = boundary.render() as { props: { role: string; 'data-testid': string; children: unknown[] } };
    expect(failed.props.role).toBe('alert');
    expect(failed.props['data-testid']).toBe('view-error-lab');
    expect(failed.props.children.slice(0, 3)).toEqual(['This view failed', ': ', "Cannot read properties of undefined (reading '0')"]);
    const retry = failed.props.children.at(-1) as { props: { onClick: () => void; children: string } };
    expect(retry.props.children).toBe('Retry');
    retry.props.onClick();
    const again = boundary.render() as { key: string; props: { children: unknown } };
    expect(again.props.children).toBe(child);
    expect(again.key).toBe('1'); // a new key: the view mounts afresh
  });
});

describe('share links: long ones in the fragment', () => {
  it('a long payload goes after #s=, a short one after ?s=, and both are read back', async () => {
    const { LONG_LINK_CHARS, scenarioPayload, scenarioUrl } = await import('../../src/app/share/scenario.ts');
    const at = { origin: 'http://127.0.0.1:5173', pathname: '/' };
    expect(scenarioUrl(at, 'abc')).toBe('http://127.0.0.1:5173/?s=abc');
    const long = 'A'.repeat(LONG_LINK_CHARS + 1);
    const url = new URL(scenarioUrl(at, long));
    expect(url.search).toBe('');
    expect(url.hash).toBe(`#s=${long}`);
    expect(scenarioPayload(url.search, url.hash)).toBe(long);
    expect(scenarioPayload('?s=old', '')).toBe('old');
    expect(scenarioPayload('', '#lab')).toBeUndefined();
  });
});
