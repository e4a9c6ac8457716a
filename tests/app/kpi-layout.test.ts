import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runnable } from '../../src/core/models.ts';
import { validateModel } from '../../src/core/model/load.ts';
import { familyOfKpis, kpiDefinition, plantFamily } from '../../src/app/dashboard/kpi-definitions.ts';
import { layoutKpis } from '../../src/app/dashboard/kpi-groups.ts';
import { measureUnit } from '../../src/app/units.ts';

function kpisOf(id: string) {
  const file = `factory-models/${id}.json`;
  return runnable(validateModel(JSON.parse(readFileSync(file, 'utf8')), file)).kpis;
}

const MODELS = ['3c-machining', 'petrochemical', 'teaching/mm1', 'teaching/tandem5', 'teaching/wearing-cell'];

describe('KPI cards: survey KPIs first, the rest in groups', () => {
  it('leads the 3C plant with the five survey KPIs in the survey order, and puts every other KPI in exactly one group', () => {
    const kpis = kpisOf('3c-machining');
    const { lead, groups } = layoutKpis(kpis);
    expect(lead.map((i) => kpis[i]!.key)).toEqual(['efficiency', 'energyUtilization', 'operatingCost', 'developmentCycle', 'defectRate']);
    const grouped = groups.flatMap((g) => g.indices);
    expect([...lead, ...grouped].sort((a, b) => a - b)).toEqual(kpis.map((_, i) => i));
    const oee = groups.find((g) => g.id === 'oee')!.indices.map((i) => kpis[i]!.key);
    expect(oee).toEqual(expect.arrayContaining(['oee', 'oeeCnc1', 'qualityCnc6', 'mtbf']));
    expect(groups.find((g) => g.id === 'energy')!.indices.map((i) => kpis[i]!.key)).toContain('energyPerGoodUnit');
    expect(groups.find((g) => g.id === 'other')).toBeUndefined();
  });

  it("shows a teaching line's few KPIs all up front, without groups", () => {
    const kpis = kpisOf('teaching/tandem5');
    expect(layoutKpis(kpis)).toEqual({ lead: [0, 1, 2, 3], groups: [] });
  });
});

describe('KPI definitions', () => {
  it('defines every KPI of every shipped model in both languages, with its unit', () => {
    for (const id of MODELS) {
      const kpis = kpisOf(id);
      const family = plantFamily(id);
      expect(familyOfKpis(kpis)).toBe(family);
      for (const kpi of kpis) {
        const en = kpiDefinition('en', family, kpi.key, kpi.unit);
        const zh = kpiDefinition('zh', family, kpi.key, kpi.unit);
        expect(en, `${id}: ${kpi.key}`).toMatch(new RegExp(`Unit: ${kpi.unit.replace(/[$%()/]/g, '\\$&')}\\.$`));
        expect(zh, `${id}: ${kpi.key}`).toMatch(/[\u4e00-\u9fff]/);
        expect(zh).toContain(`单位：${measureUnit('zh', kpi.unit)}`);
      }
    }
  });

  it('tells the plants apart where a key means different things', () => {
    expect(kpiDefinition('en', 'machining', 'efficiency', 'units/h')).toMatch(/housings/);
    expect(kpiDefinition('en', 'process', 'efficiency', 't/h')).toMatch(/on-spec product B/i);
    expect(kpiDefinition('en', 'machining', 'oeeCnc4', '%')).toMatch(/^CNC cell 4 only: /);
  });

  it('translates word-like units in Chinese and keeps symbols', () => {
    expect(measureUnit('zh', 'jobs/h')).toBe('件/小时');
    expect(measureUnit('zh', 'CNY/unit')).toBe('元/件');
    expect(measureUnit('zh', '%')).toBe('%');
    expect(measureUnit('en', 'jobs/h')).toBe('jobs/h');
  });
});
