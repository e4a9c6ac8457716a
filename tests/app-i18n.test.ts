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
    expect(Object.keys(kpiNameTables.zh).sort()).toEqual(Object.keys(kpiNameTables.en).sort());
    expect(Object.keys(capabilityNameTables.zh).sort()).toEqual(Object.keys(capabilityNameTables.en).sort());
    expect(Object.keys(LANGUAGES)).toEqual(['en', 'zh']);
  });

  it('has a text for every kind of plant event in the log', async () => {
    const { PLANT_EVENT_KINDS } = await import('../src/core/runtime/view.ts');
    for (const kind of PLANT_EVENT_KINDS) expect(textKeys).toContain(`event.${kind}`);
  });

  it('defaults to the browser language', () => {
    expect(detectLanguage('zh-CN')).toBe('zh');
    expect(detectLanguage('zh-TW')).toBe('zh');
    expect(detectLanguage('en-GB')).toBe('en');
    expect(detectLanguage('de')).toBe('en');
    expect(detectLanguage(undefined)).toBe('en');
  });
});
