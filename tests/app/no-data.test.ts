import { beforeAll, describe, expect, it } from 'vitest';
import { runnable } from '../../src/core/models.ts';
import { loadModelFile } from '../../src/node/model-file.ts';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { noDataLabel, noDataReason, reasonTranslationsLoaded } from '../../src/app/no-data.ts';
import { GENERIC_NO_DATA } from '../../src/core/experiment/kpi-value.ts';

function modelFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? entry.name === 'schema'
        ? []
        : modelFiles(join(folder, entry.name))
      : entry.name.endsWith('.json')
        ? [join(folder, entry.name)]
        : [],
  );
}

describe('no data, in both languages', () => {
  beforeAll(() => reasonTranslationsLoaded);

  it('every reason a shipped model gives for a KPI without data has a Chinese text', () => {
    for (const file of modelFiles('factory-models')) {
      for (const kpi of runnable(loadModelFile(file)).kpis) {
        const reason = kpi.noData ?? GENERIC_NO_DATA;
        expect(noDataReason('zh', reason), `${file}: ${kpi.key}: ${reason}`).toMatch(/[\u4e00-\u9fff]/);
        expect(noDataReason('en', reason)).toBe(reason);
      }
    }
  });

  it('keeps the run count of a partial reason, and never shows an untranslated reason in Chinese', () => {
    expect(noDataLabel('zh', `${GENERIC_NO_DATA} (in 2 of 5 runs)`)).toBe('无数据：尚无运行给出该值（5 次运行中的 2 次）');
    expect(noDataLabel('zh', 'a reason nobody translated')).toBe('无数据');
    expect(noDataLabel('en', 'no CNC failure yet')).toBe('no data: no CNC failure yet');
  });
});
