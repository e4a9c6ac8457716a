import { describe, expect, it } from 'vitest';
import { formatClock } from '../../src/app/hud.ts';
import { translate } from '../../src/app/i18n.ts';
import { plantName } from '../../src/app/names.ts';
import { fitPreset } from '../../src/app/scene/camera.ts';
import { catalogNames } from '../../src/app/engine/catalog-index.ts';

describe('the shell in both languages', () => {
  it('writes the clock naturally: "day 2, 01:30" and "第 2 天 01:30"', () => {
    expect(formatClock(1530, 1440, translate('en', 'day'))).toBe('day 2, 01:30');
    expect(formatClock(1530, 1440, translate('zh', 'day'))).toBe('第 2 天 01:30');
    expect(formatClock(0, 24, translate('zh', 'day'))).toBe('第 1 天 00:00');
  });

  it('names every shipped plant in Chinese, and a custom one by its own name', () => {
    for (const entry of catalogNames) {
      expect(plantName('zh', entry.id, entry.name)).toMatch(/[\u4e00-\u9fff]/);
      expect(plantName('en', entry.id, entry.name)).toBe(entry.name);
    }
    expect(plantName('zh', 'editor', 'My line')).toBe('My line');
  });
});

describe('camera presets', () => {
  const out = {
    x: 0,
    y: 0,
    z: 0,
    set(x: number, y: number, z: number) {
      Object.assign(this, { x, y, z });
    },
  };
  it('keep their framing in a wide view and back away along the line of sight in a narrow one', () => {
    fitPreset([10, 8, 6], [0, 0, 0], 1.8, out);
    expect([out.x, out.y, out.z]).toEqual([10, 8, 6]);
    fitPreset([10, 8, 6], [2, 0, 0], 0.75, out);
    expect([out.x, out.y, out.z]).toEqual([2 + 16, 16, 12]);
  });
});

describe('the live summary of the 3D view', () => {
  it('counts units with the right plural form in each language', async () => {
    const { plural } = await import('../../src/app/scene/SceneSummary.tsx');
    const { shellTexts } = await import('../../src/app/shell-texts.ts');
    const { fill } = await import('../../src/app/i18n.ts');
    const units = (language: 'en' | 'zh', n: number) => fill(shellTexts[language][plural(language, n)], { n });
    expect([units('en', 1), units('en', 2), units('en', 0)]).toEqual(['1 unit', '2 units', '0 units']);
    expect([units('zh', 1), units('zh', 12)]).toEqual(['共 1 台设备', '共 12 台设备']);
  });
});
