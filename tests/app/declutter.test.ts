import { describe, expect, it } from 'vitest';
import { LabelDeclutter, shortLabel } from '../../src/app/scene/declutter.ts';

describe('short labels for small scenes', () => {
  it('abbreviates the shipped labels in both languages', () => {
    expect(shortLabel('CNC cell 3')).toBe('CNC 3');
    expect(shortLabel('CNC 加工单元 3')).toBe('CNC 3');
    expect(shortLabel('CMM / vision')).toBe('CMM');
    expect(shortLabel('三坐标/视觉检测')).toBe('三坐标');
    expect(shortLabel('Laser marking')).toBe('Laser');
    expect(shortLabel('Deburring')).toBe('Deburr.');
    expect(shortLabel('Packing')).toBe('Packing');
    expect(shortLabel('Reactor (CSTR)')).toBe('Reactor');
    expect(shortLabel('MES（全厂数据）')).toBe('MES');
    expect(shortLabel('不合格品罐')).toBe('不合格品');
  });
});

/** A label node as the pass sees it: a size and a dataset. */
const node = (width: number, height = 20) => ({ offsetWidth: width, offsetHeight: height, dataset: {} as Record<string, string> }) as unknown as HTMLElement;

describe('label declutter', () => {
  it('hides a label that overlaps one of higher priority, the first named label before the units', () => {
    const nodes = [node(60), node(60), node(60), node(40)];
    const at = new Float32Array([100, 100, 130, 105, 300, 100, 120, 95]);
    const declutter = new LabelDeclutter(4, 3);
    declutter.update(nodes, at);
    // 3 (the MES) first; 0 and 1 overlap it; 2 stands apart.
    expect([0, 1, 2, 3].map((i) => declutter.isShown(i))).toEqual([false, false, true, true]);
    expect(nodes[0]!.dataset.hidden).toBe('overlap');
    expect(nodes[2]!.dataset.hidden).toBeUndefined();

    // Moved apart: all shown again; a label behind the camera is hidden.
    at.set([100, 300, 400, 300, 700, -1e4, 120, 95]);
    declutter.update(nodes, at);
    expect([0, 1, 2, 3].map((i) => declutter.isShown(i))).toEqual([true, true, false, true]);
    expect(nodes[0]!.dataset.hidden).toBeUndefined();
  });

  it('shows labels in the units order when none is first, and reads a size again only after invalidate', () => {
    const nodes = [node(50), node(50)];
    const at = new Float32Array([100, 100, 156, 100]);
    const declutter = new LabelDeclutter(2);
    declutter.update(nodes, at);
    expect([declutter.isShown(0), declutter.isShown(1)]).toEqual([true, true]); // 54 px apart, 50 wide plus margins
    (nodes[0] as unknown as { offsetWidth: number }).offsetWidth = 80;
    declutter.update(nodes, at);
    expect(declutter.isShown(1)).toBe(true); // the old size until told
    declutter.invalidate(0);
    declutter.update(nodes, at);
    expect([declutter.isShown(0), declutter.isShown(1)]).toEqual([true, false]);
  });
});
