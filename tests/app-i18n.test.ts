import { describe, expect, it } from 'vitest';
import { capabilityNameTables, detectLanguage, kpiNameTables, LANGUAGES, textKeys, translate } from '../src/app/i18n.ts';

describe('app texts', () => {
  it('has every text in English and Chinese, and they differ', () => {
    for (const key of textKeys) {
      const en = translate('en', key);
      const zh = translate('zh', key);
      expect(en.length, key).toBeGreaterThan(0);
      expect(zh.length, key).toBeGreaterThan(0);
      if (key !== 'title') expect(zh, key).not.toBe(en);
    }
    for (const key of Object.keys(kpiNameTables.en)) expect(kpiNameTables.zh, key).toHaveProperty(key);
    expect(Object.keys(capabilityNameTables.zh).sort()).toEqual(Object.keys(capabilityNameTables.en).sort());
    expect(Object.keys(LANGUAGES)).toEqual(['en', 'zh']);
  });

  it('has a text for every kind of plant event in the log', async () => {
    const { PLANT_EVENT_KINDS } = await import('../src/core/runtime/view.ts');
    for (const kind of PLANT_EVENT_KINDS) expect(textKeys).toContain(`event.${kind}`);
  });

  it('names every KPI of every shipped model in Chinese (English comes from the model)', async () => {
    const { readFileSync, readdirSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { runnable } = await import('../src/core/models.ts');
    const { parseModel } = await import('../src/core/model/load.ts');
    const { kpiName } = await import('../src/app/i18n.ts');
    const dir = join(import.meta.dirname, '../factory-models');
    const files = [
      ...readdirSync(dir)
        .filter((f) => f.endsWith('.json'))
        .map((f) => join(dir, f)),
      join(dir, 'teaching/mm1.json'),
    ];
    for (const file of files) {
      for (const kpi of runnable(parseModel(readFileSync(file, 'utf8'), file)).kpis) {
        const zh = kpiName('zh', kpi.key, '');
        expect(zh, `${file}: ${kpi.key}`).not.toBe('');
        expect(zh).not.toContain('undefined');
        expect(kpiName('en', kpi.key, kpi.label).length).toBeGreaterThan(0);
      }
    }
  });

  it('defaults to the browser language', () => {
    expect(detectLanguage('zh-CN')).toBe('zh');
    expect(detectLanguage('zh-TW')).toBe('zh');
    expect(detectLanguage('en-GB')).toBe('en');
    expect(detectLanguage('de')).toBe('en');
    expect(detectLanguage(undefined)).toBe('en');
  });
});
