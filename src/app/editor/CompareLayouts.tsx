/**
 * Two layouts side by side with replications: the layout kept as "A" (a snapshot, saved in this browser) against the
 * one being edited ("B"), each run for the same seeds in the replication worker pool, KPIs as mean and 95 % CI, and the
 * difference B - A paired by seed (the same seed draws the same random streams by name in both layouts).
 */
import { useEffect, useRef, useState } from 'react';
import type { ExperimentReport } from '../../core/experiment/experiment.ts';
import type { Level } from '../../core/experiment/levels.ts';
import { runnable } from '../../core/models.ts';
import { validateModel } from '../../core/model/load.ts';
import { estimate } from '../../core/stats/summary.ts';
import { fill, kpiName } from '../i18n.ts';
import { runExperimentsInWorkers } from '../replication/pool.ts';
import { useApp } from '../store.ts';
import { useTexts } from '../use-t.ts';
import { layoutFile, type LayoutFile } from './document.ts';
import { currentDocument, useEditor } from './store.ts';
import { editorTexts } from './texts.ts';

const BASELINE_KEY = 'fabtwin.editor.compare-a.v1';

function readBaseline(): LayoutFile | undefined {
  try {
    const text = localStorage.getItem(BASELINE_KEY);
    return text ? (JSON.parse(text) as LayoutFile) : undefined;
  } catch {
    return undefined;
  }
}

/** Levels both files run at, or an empty list when either is not a valid model. */
function commonLevels(a: unknown, b: unknown): Level[] {
  try {
    const la = runnable(validateModel(a, 'A')).levels;
    const lb = runnable(validateModel(b, 'B')).levels;
    return la.filter((l) => lb.includes(l));
  } catch {
    return [];
  }
}

const format = (x: number) => (Number.isFinite(x) ? x.toLocaleString('en', { maximumSignificantDigits: 4 }) : '–');

export function CompareLayouts({ ready }: { ready: boolean }) {
  const t = useTexts(editorTexts);
  const language = useApp((s) => s.language);
  const doc = useEditor((s) => s.history.present);
  const [baseline, setBaseline] = useState<LayoutFile | undefined>(readBaseline);
  const [seeds, setSeeds] = useState('5');
  const [days, setDays] = useState('5');
  const [level, setLevel] = useState<Level>('L1');
  const [progress, setProgress] = useState<number | undefined>();
  const [reports, setReports] = useState<[ExperimentReport, ExperimentReport] | undefined>();
  const [error, setError] = useState<string | undefined>();
  const abort = useRef<AbortController | undefined>(undefined);
  useEffect(() => () => abort.current?.abort(), []);

  const current = ready ? layoutFile(doc) : undefined;
  const levels = baseline && current ? commonLevels(baseline, current) : [];
  const runLevel = levels.includes(level) ? level : 'L1';
  const seedCount = Number(seeds);
  const dayCount = Number(days);
  const inputsValid = Number.isInteger(seedCount) && seedCount >= 2 && seedCount <= 100 && dayCount > 0 && dayCount <= 365;

  const keep = () => {
    const file = layoutFile(currentDocument());
    localStorage.setItem(BASELINE_KEY, JSON.stringify(file));
    setBaseline(file);
    setReports(undefined);
  };

  const compare = async () => {
    if (!baseline || !current) return;
    abort.current?.abort();
    const controller = new AbortController();
    abort.current = controller;
    setError(undefined);
    setReports(undefined);
    setProgress(0);
    const unitsPerDay = runnable(validateModel(current, 'B')).unitsPerDay;
    const options = { levels: [runLevel], seeds: Array.from({ length: seedCount }, (_, i) => i + 1), until: dayCount * unitsPerDay };
    try {
      const [a, b] = await runExperimentsInWorkers(
        [
          { modelId: 'editor-a', custom: { model: baseline, file: 'layout A' }, options },
          { modelId: 'editor-b', custom: { model: current, file: 'layout B' }, options },
        ],
        setProgress,
        controller.signal,
      );
      setReports([a!, b!]);
    } catch (caught) {
      if (!(caught instanceof DOMException && caught.name === 'AbortError')) setError(String((caught as Error).message ?? caught));
    } finally {
      if (abort.current === controller) setProgress(undefined);
    }
  };

  const running = progress !== undefined;
  return (
    <section className="editor-compare" aria-label={t('compareHeading')}>
      <h3>{t('compareHeading')}</h3>
      <p className="hint">{t('compareIntro')}</p>
      <div className="editor-compare-controls">
        <button data-testid="compare-keep-a" disabled={!ready} onClick={keep}>
          {t('keepAsA')}
        </button>
        <span className="hint" data-testid="compare-a-name">
          {baseline ? fill(t('layoutA'), { name: baseline.name }) : t('noLayoutA')}
        </span>
        <label className="editor-field">
          <span>{t('replications')}</span>
          <input data-testid="compare-seeds" value={seeds} onChange={(e) => setSeeds(e.target.value)} aria-invalid={!inputsValid} />
        </label>
        <label className="editor-field">
          <span>{t('days')}</span>
          <input data-testid="compare-days" value={days} onChange={(e) => setDays(e.target.value)} aria-invalid={!inputsValid} />
        </label>
        <label className="editor-field">
          <span>{t('level')}</span>
          <select data-testid="compare-level" value={runLevel} onChange={(e) => setLevel(e.target.value as Level)}>
            {(levels.length > 0 ? levels : (['L1'] as Level[])).map((l) => (
              <option key={l} value={l}>
                {l}
              </option>
            ))}
          </select>
        </label>
        {!inputsValid && <span className="editor-field-error">{t('compareInputs')}</span>}
        {running ? (
          <button data-testid="compare-cancel" onClick={() => abort.current?.abort()}>
            {t('cancel')} ({Math.round(progress * 100)} %)
          </button>
        ) : (
          <button data-testid="compare-run" disabled={!baseline || !current || !inputsValid || levels.length === 0} onClick={() => void compare()}>
            {t('compareRun')}
          </button>
        )}
      </div>
      {error && (
        <p className="editor-field-error" role="alert">
          {error}
        </p>
      )}
      {reports && (
        <table className="editor-compare-table" data-testid="compare-table">
          <thead>
            <tr>
              <th>{t('kpi')}</th>
              <th>A</th>
              <th>B</th>
              <th>{t('difference')}</th>
            </tr>
          </thead>
          <tbody>
            {reports[1].kpis
              .filter((kpi) => reports[0].kpis.some((k) => k.key === kpi.key))
              .map((kpi) => {
                const a = reports[0].levels[runLevel]!;
                const b = reports[1].levels[runLevel]!;
                const diffs = b.samples[kpi.key]!.map((value, i) => value - a.samples[kpi.key]![i]!);
                const d = estimate(diffs);
                return (
                  <tr key={kpi.key} data-testid={`compare-row-${kpi.key}`} data-a={a.kpis[kpi.key]!.mean} data-b={b.kpis[kpi.key]!.mean}>
                    <td>
                      {kpiName(language, kpi.key, kpi.label)} <span className="hint">{kpi.unit}</span>
                    </td>
                    <td>
                      {format(a.kpis[kpi.key]!.mean)} ± {format(a.kpis[kpi.key]!.ci95)}
                    </td>
                    <td>
                      {format(b.kpis[kpi.key]!.mean)} ± {format(b.kpis[kpi.key]!.ci95)}
                    </td>
                    <td>
                      {d.mean >= 0 ? '+' : ''}
                      {format(d.mean)} ± {format(d.ci95)}
                    </td>
                  </tr>
                );
              })}
          </tbody>
        </table>
      )}
    </section>
  );
}
