/**
 * The statistics of the comparison: settings (replications, first seed, run length), a run in workers with a progress
 * bar and cancel, then the KPI table with its chart, the attribution waterfall, the learning curves and the parallel
 * promotion matrix. Results are shown only for the plant they were run on.
 */
import { useRef } from 'react';
import { fileStem } from '../export/download.ts';
import { ExportButtons } from '../export/ExportButtons.tsx';
import { experimentRecord } from '../export/record.ts';
import { fill } from '../i18n.ts';
import { useApp } from '../store.ts';
import { useTexts } from '../use-t.ts';
import { AttributionChart } from './Attribution.tsx';
import { useCompare } from './client.ts';
import { DeltaChart, KpiTable } from './KpiTable.tsx';
import { LearningCurves } from './LearningCurves.tsx';
import { Promotion } from './Promotion.tsx';
import { cancelComparison, modelOf, runComparison, sameModel, useComparisonRun, type RunSettings } from './run.ts';
import { kpiTableCsv } from './report.ts';
import { useSvgSnapshot } from './svg-snapshot.ts';
import { compareTexts } from './texts.ts';

function NumberSetting({ name, label, min, step }: { name: keyof RunSettings; label: string; min: number; step: number }) {
  const value = useComparisonRun((s) => s.settings[name]);
  return (
    <label>
      {label}
      <input
        data-testid={`compare-${name}`}
        type="number"
        min={min}
        step={step}
        value={value}
        onChange={(e) => {
          const next = Number(e.target.value);
          if (Number.isFinite(next) && next >= min) {
            useComparisonRun.setState((s) => ({ settings: { ...s.settings, [name]: next } }));
          }
        }}
      />
    </label>
  );
}

export function Statistics() {
  const t = useTexts(compareTexts);
  const language = useApp((s) => s.language);
  const modelId = useCompare((s) => s.modelId);
  const { status, progress, error, report: lastReport, context, options } = useComparisonRun();
  const report = sameModel(context, modelId) ? lastReport : undefined;
  const model = modelOf(modelId);
  const deltaSvg = useRef<SVGSVGElement>(null);
  const deltaPng = useSvgSnapshot(deltaSvg, [report, language]);
  if (model.levels.length < 2) return <p className="compare-note">{t('noLevels')}</p>;
  return (
    <>
      <section className="compare-panel" aria-label={t('statistics')}>
        <h2>{t('statistics')}</h2>
        <div className="controls">
          <NumberSetting name="seedCount" label={t('seeds')} min={1} step={1} />
          <NumberSetting name="firstSeed" label={t('firstSeed')} min={1} step={1} />
          <NumberSetting name="days" label={t('days')} min={0.1} step={1} />
          <button data-testid="compare-run" disabled={status === 'running'} onClick={() => void runComparison(modelId)}>
            {t('run')}
          </button>
          {status === 'running' && (
            <>
              <label>
                {t('progress')}
                <progress className="compare-progress" data-testid="compare-progress" value={progress} max={1} />
                {`${Math.floor(100 * progress)} %`}
              </label>
              <button data-testid="compare-cancel" onClick={cancelComparison}>
                {t('cancel')}
              </button>
            </>
          )}
          {status === 'cancelled' && (
            <span className="compare-note" data-testid="compare-cancelled">
              {t('cancelled')}
            </span>
          )}
        </div>
        <p className="compare-note">{t('runHint')}</p>
        {error && status === 'error' && (
          <div className="error" role="alert">
            {t('error')}: {error}
          </div>
        )}
        {report ? (
          <>
            <KpiTable report={report} />
            <p className="compare-note">{t('referenceNote')}</p>
            <div data-testid="compare-exports">
              <ExportButtons
                stem={`${fileStem(report.model)}-comparison`}
                csv={() => kpiTableCsv(report)}
                json={() => experimentRecord(context!.source, model, options!, report)}
                chart={() => deltaPng.current}
              />
            </div>
            <h2>{t('deltaChart')}</h2>
            <DeltaChart report={report} language={language} svgRef={deltaSvg} />
          </>
        ) : (
          <p className="compare-note">{t('runFirst')}</p>
        )}
      </section>
      {report?.attribution && (
        <section className="compare-panel">
          <h2>{fill(t('attribution'), { level: report.attributionLevel ?? 'L3' })}</h2>
          <AttributionChart report={report} />
        </section>
      )}
      {report && context && (
        <section className="compare-panel">
          <h2>{t('curves')}</h2>
          <LearningCurves report={report} unitsPerDay={context.unitsPerDay} />
        </section>
      )}
      {model.capabilities.length > 0 && (
        <section className="compare-panel">
          <h2>{t('promotion')}</h2>
          <p className="compare-note">{t('promotionHint')}</p>
          <Promotion modelId={modelId} />
        </section>
      )}
    </>
  );
}
