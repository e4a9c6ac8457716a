import { describe, expect, it } from 'vitest';
import { highlightedIndices } from '../src/app/scene/Highlights.tsx';

describe('tour highlights in the 3D view', () => {
  const units = ['cnc-1', 'cnc-2', 'deburr', 'anodize'].map((id) => ({ id, name: id, kind: 'station' }));

  it('marks the units a tour names, in unit order, and skips ids this plant does not have', () => {
    expect([...highlightedIndices(units, ['anodize', 'cnc-1', 'reactor'])]).toEqual([0, 3]);
    expect(highlightedIndices(units, []).length).toBe(0);
  });
});
