/**
 * Parallel promotion: the per-capability level matrix (each capability at L1, L2 or L3, on top of L1) and the KPIs of
 * the chosen mix over the same seeds and run length, beside L1 and L3, with the mix's change against L1 paired by seed.
 */
import { pairedDeltas } from '../../core/experiment/experiment.ts';
import type { Level } from '../../core/experiment/levels.ts';
import { tableCsv } from '../export/csv.ts';
import { fileStem } from '../export/download.ts';
import { ExportButtons } from '../export/ExportButtons.tsx';
import { experimentRecord } from '../export/record.ts';
import { formatNumber } from '../hud.ts';
import { capabilityName, kpiName } from '../i18n.ts';
import { useApp } from '../store.ts';
import { useTexts } from '../use-t.ts';
import { percent } from './KpiTable.tsx';
import { chartKpis } from './report.ts';
import { cancelMix, modelOf, runMix, sameModel, useComparisonRun } from './run.ts';
import { compareTexts } from './texts.ts';

export function Promotion({ modelId }: { modelId: string }) {
  const t = useTexts(compareTexts);
  const language = useApp((s) => s.language);
  const { mix, mixStatus, mixProgress, mixError, mixReport, mixBase, mixOptions, mixSource } = useComparisonRun();
  const model = modelOf(modelId);
  const levels = model.levels;
  const mixResult = mixReport?.levels.L1;
  const base = mixBase?.levels.L1;
  const top = mixBase ? (['L3', 'L2'] as const).find((l) => mixBase.levels[l]) : undefined;
  const topResult = top ? mixBase?.levels[top] : undefined;
  const shown = mixReport && mixSource && sameModel({ source: mixSource }, modelId) ? mixReport : undefined;
  const deltas = shown && base && mixResult ? pairedDeltas(shown.kpis, base.samples, mixResult.samples) : undefined;
  return (
    <div className="compare-promotion">
      <div>
        <table className="compare-matrix" data-testid="promotion-matrix">
          <thead>
            <tr>
              <th>{t('capability')}</th>
              {levels.map((level) => (
                <th key={level}>{level}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {model.capabilities.map((capability) => (
              <tr key={capability}>
                <td>{capabilityName(language, capability)}</td>
                {levels.map((level) => (
                  <td key={level}>
                    <input
                      type="radio"
                      name={`mix-${capability}`}
                      data-testid={`mix-${capability}-${level}`}
                      aria-label={`${capabilityName(language, capability)} ${level}`}
                      checked={(mix[capability] ?? 'L1') === level}
                      onChange={() => useComparisonRun.setState({ mix: { ...mix, [capability]: level as Level } })}
                    />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        <p>
          <button data-testid="run-mix" disabled={mixStatus === 'running'} onClick={() => void runMix(modelId)}>
            {t('runMix')}
          </button>{' '}
          {mixStatus === 'running' && (
            <>
              <progress className="compare-progress" data-testid="mix-progress" value={mixProgress} max={1} />{' '}
              <button onClick={cancelMix}>{t('cancel')}</button>
            </>
          )}
          {mixStatus === 'cancelled' && <span className="compare-note">{t('cancelled')}</span>}
        </p>
        {mixError && (
          <div className="error" role="alert">
            {t('error')}: {mixError}
          </div>
        )}
      </div>
      {shown && mixResult && base && (
        <div>
          <table className="compare-table" data-testid="mix-table" data-mix={JSON.stringify(mixOptions?.overrides ?? {})}>
            <thead>
              <tr>
                <th>{t('kpi')}</th>
                <th>{t('lane.L1')}</th>
                <th>{t('mix')}</th>
                {top && <th>{t(`lane.${top}`)}</th>}
                <th>{t('mixChange')}</th>
              </tr>
            </thead>
            <tbody>
              {chartKpis(shown).map((kpi) => (
                <tr key={kpi.key}>
                  <td>{kpiName(language, kpi.key, kpi.label)}</td>
                  <td>{`${formatNumber(base.kpis[kpi.key]!.mean)} ± ${formatNumber(base.kpis[kpi.key]!.ci95)}`}</td>
                  <td data-testid={`mix-${kpi.key}`}>{`${formatNumber(mixResult.kpis[kpi.key]!.mean)} ± ${formatNumber(mixResult.kpis[kpi.key]!.ci95)}`}</td>
                  {topResult && <td>{`${formatNumber(topResult.kpis[kpi.key]!.mean)} ± ${formatNumber(topResult.kpis[kpi.key]!.ci95)}`}</td>}
                  <td>{percent(deltas?.[kpi.key]?.percent, deltas?.[kpi.key]?.ci95)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <ExportButtons
            stem={`${fileStem(shown.model)}-mix`}
            csv={() =>
              tableCsv(
                [
                  'kpi',
                  'unit',
                  'L1_mean',
                  'L1_ci95',
                  'mix_mean',
                  'mix_ci95',
                  ...(top ? [`${top}_mean`, `${top}_ci95`] : []),
                  'mix_vs_L1_percent',
                  'mix_vs_L1_ci95',
                ],
                shown.kpis.map((kpi) => [
                  kpi.key,
                  kpi.unit,
                  base.kpis[kpi.key]?.mean,
                  base.kpis[kpi.key]?.ci95,
                  mixResult.kpis[kpi.key]?.mean,
                  mixResult.kpis[kpi.key]?.ci95,
                  ...(topResult ? [topResult.kpis[kpi.key]?.mean, topResult.kpis[kpi.key]?.ci95] : []),
                  deltas?.[kpi.key]?.percent,
                  deltas?.[kpi.key]?.ci95,
                ]),
              )
            }
            json={() => experimentRecord(mixSource!, model, mixOptions!, shown)}
          />
        </div>
      )}
    </div>
  );
}
