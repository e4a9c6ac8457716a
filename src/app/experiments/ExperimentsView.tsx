/**
 * Experiments (for engineers): sweep one model parameter over a range, run every point's replications in the worker
 * pool, and plot a KPI against the parameter with 95 % confidence intervals; table and exports (CSV, JSON with what
 * reproduces it, PNG). Form state is React state (it changes on input only); progress is written straight into the
 * progress bar, not through React.
 */
import { useCallback, useMemo, useRef, useState } from 'react';
import type { ExperimentOptions } from '../../core/experiment/experiment.ts';
import type { Level } from '../../core/experiment/levels.ts';
import { readParameter } from '../../core/experiment/parameters.ts';
import type { RunnableModel } from '../../core/experiment/runnable.ts';
import { runnable } from '../../core/models.ts';
import { validateModel, type AnyModel } from '../../core/model/load.ts';
import { catalog } from '../engine/catalog.ts';
import { ExportButtons } from '../export/ExportButtons.tsx';
import { fileStem } from '../export/download.ts';
import { sweepRecord } from '../export/record.ts';
import { fill, kpiName } from '../i18n.ts';
import { defaultWorkerCount, runExperimentsInWorkers } from '../replication/pool.ts';
import { resolveRunnable } from '../replication/resolve.ts';
import { useApp } from '../store.ts';
import { useTexts } from '../use-t.ts';
import { SweepChart } from './SweepChart.tsx';
import { curatedParameters, defaultRange, sweepCsv, sweepSeries, sweepValues, type SweepParameter, type SweepPointResult } from './sweep.ts';
import { experimentTexts } from './texts.ts';
import { OptimizePanel } from '../optimize/OptimizePanel.tsx';
import './experiments.css';

const CUSTOM = '__custom__';
const TYPED = '__typed__';

interface Source {
  modelId: string;
  custom?: { model: unknown; file: string };
}

interface PlantChoice {
  source: Source;
  model: AnyModel;
  runnable: RunnableModel;
}

/** A finished sweep: everything the chart, the table and the exports need. */
interface SweepResult {
  source: Source;
  parameter: string;
  integer: boolean;
  options: Omit<ExperimentOptions, 'onProgress'>;
  points: SweepPointResult[];
  models: RunnableModel[];
  base: RunnableModel;
}

function choosePlant(key: string, custom: ReturnType<typeof useApp.getState>['custom']): PlantChoice | { error: string } {
  try {
    if (key === CUSTOM && custom) {
      const model = validateModel(custom.model, custom.file);
      return { source: { modelId: custom.id, custom: { model: custom.model, file: custom.file } }, model, runnable: runnable(model) };
    }
    const entry = catalog.find((e) => e.id === key) ?? catalog[0]!;
    return { source: { modelId: entry.id }, model: entry.model, runnable: runnable(entry.model) };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

export function ExperimentsView() {
  const t = useTexts(experimentTexts);
  const language = useApp((s) => s.language);
  const custom = useApp((s) => s.custom);
  const [plantKey, setPlantKey] = useState(() => (catalog.some((e) => e.id === 'teaching/mm1') ? 'teaching/mm1' : catalog[0]!.id));
  const plant = useMemo(() => choosePlant(plantKey, custom), [plantKey, custom]);
  const ok = 'runnable' in plant ? plant : undefined;
  const parameters = useMemo(() => (ok ? curatedParameters(ok.model) : []), [ok]);

  const [levelChoice, setLevelChoice] = useState<Level | 'all'>('L1');
  const [parameterChoice, setParameterChoice] = useState<string>('');
  const [typedPath, setTypedPath] = useState('');
  const [range, setRange] = useState({ from: '', to: '', steps: '3' });
  const [seeds, setSeeds] = useState('3');
  const [firstSeed, setFirstSeed] = useState('1');
  const [days, setDays] = useState('');
  const [kpi, setKpi] = useState('');
  const [running, setRunning] = useState(false);
  const [status, setStatus] = useState('');
  const [error, setError] = useState<string>();
  const [result, setResult] = useState<SweepResult>();
  const progress = useRef<HTMLProgressElement>(null);
  const controller = useRef<AbortController>(undefined);
  const chartCanvas = useRef<HTMLCanvasElement | null>(null);
  const setChartCanvas = useCallback((canvas: HTMLCanvasElement | null) => (chartCanvas.current = canvas), []);

  // The chosen parameter: from the list, or typed by hand. Defaults follow the plant until the user picks.
  const curated: SweepParameter | undefined = parameters.find((p) => p.path === parameterChoice) ?? (parameterChoice === TYPED ? undefined : parameters[0]);
  const path = parameterChoice === TYPED ? typedPath.trim() : (curated?.path ?? '');
  const integer = parameterChoice === TYPED ? false : (curated?.integer ?? false);
  const current = ok && path ? safeRead(ok.model, path) : undefined;
  const defaults = ok && curated && parameterChoice !== TYPED ? defaultRange(ok.model, curated) : { from: 1, to: 2 };
  const from = range.from === '' ? defaults.from : Number(range.from);
  const to = range.to === '' ? defaults.to : Number(range.to);
  const values = sweepValues(from, to, Number(range.steps), integer);
  const level: Level | 'all' = ok && levelChoice !== 'all' && !ok.runnable.levels.includes(levelChoice) ? ok.runnable.levels[0]! : levelChoice;
  const runDays = days === '' ? Math.min(ok?.runnable.defaultDays ?? 1, 2) : Number(days);
  const kpiKey = ok?.runnable.kpis.some((k) => k.key === kpi) ? kpi : (ok?.runnable.kpis[0]?.key ?? '');

  const labelOf = (parameter: SweepParameter) => fill(t(parameter.label.key as Parameters<typeof t>[0]), parameter.label.values ?? {});
  const kpiLabel = (key: string) => {
    const definition = (result?.base ?? ok?.runnable)?.kpis.find((k) => k.key === key);
    return definition ? `${kpiName(language, key, definition.label)} (${definition.unit})` : key;
  };

  const run = () => {
    if (!ok) return;
    setError(undefined);
    if (values.length === 0) return setError(t('noPoints'));
    const seedCount = Math.floor(Number(seeds));
    const seed0 = Math.floor(Number(firstSeed));
    if (!(seedCount >= 1) || !Number.isFinite(seed0) || !(runDays > 0) || path === '') return setError(t('noPoints'));
    const options: Omit<ExperimentOptions, 'onProgress'> = {
      levels: level === 'all' ? [...ok.runnable.levels] : [level],
      seeds: Array.from({ length: seedCount }, (_, i) => seed0 + i),
      until: runDays * ok.runnable.unitsPerDay,
    };
    const requests = values.map((value) => ({ ...ok.source, parameters: { [path]: value }, options }));
    const abort = new AbortController();
    controller.current = abort;
    if (progress.current) progress.current.value = 0;
    setRunning(true);
    const runs = values.length * options.seeds.length * options.levels.length;
    setStatus(fill(t('running'), { runs, workers: Math.min(defaultWorkerCount(), runs) }));
    runExperimentsInWorkers(requests, (fraction) => progress.current && (progress.current.value = fraction), abort.signal)
      .then((reports) => {
        const models = requests.map((request) => resolveRunnable(request));
        const points = reports.map((report, i) => ({ value: values[i]!, report }));
        setResult({ source: ok.source, parameter: path, integer, options, points, models, base: ok.runnable });
        const events = reports.reduce((sum, r) => sum + r.events, 0);
        setStatus(fill(t('done'), { runs, events: events.toLocaleString(language === 'zh' ? 'zh-CN' : 'en') }));
      })
      .catch((failure: unknown) => {
        if (failure instanceof DOMException && failure.name === 'AbortError') setStatus(t('cancelled'));
        else {
          setStatus('');
          setError(failure instanceof Error ? failure.message : String(failure));
        }
      })
      .finally(() => {
        setRunning(false);
        controller.current = undefined;
      });
  };

  const series = useMemo(() => (result ? sweepSeries(result.points, kpiKey) : undefined), [result, kpiKey]);
  const resultKpis = result?.points[0]?.report.kpis ?? [];
  const stem = result ? fileStem(`${result.base.name}-${result.parameter}`) : 'sweep';

  return (
    <section className="experiments" data-testid="experiments-view">
      <h2>{t('title')}</h2>
      <p className="intro">{t('intro')}</p>
      <div className="sweep-form">
        <label>
          {t('plant')}
          <select
            data-testid="experiments-plant"
            value={plantKey}
            disabled={running}
            onChange={(e) => {
              setPlantKey(e.target.value);
              setParameterChoice('');
              setRange({ from: '', to: '', steps: range.steps });
              setDays('');
              setKpi('');
            }}
          >
            {catalog.map((entry) => (
              <option key={entry.id} value={entry.id}>
                {entry.model.name}
              </option>
            ))}
            {custom && <option value={CUSTOM}>{fill(t('customModel'), { name: custom.file })}</option>}
          </select>
        </label>
        <label>
          {t('level')}
          <select data-testid="experiments-level" value={level} disabled={running} onChange={(e) => setLevelChoice(e.target.value as Level | 'all')}>
            {(ok?.runnable.levels ?? []).map((l) => (
              <option key={l} value={l}>
                {l}
              </option>
            ))}
            {(ok?.runnable.levels.length ?? 0) > 1 && <option value="all">{t('allLevels')}</option>}
          </select>
        </label>
        <label>
          {t('parameter')}
          <select
            data-testid="experiments-parameter"
            value={parameterChoice === TYPED ? TYPED : (curated?.path ?? '')}
            disabled={running}
            onChange={(e) => {
              setParameterChoice(e.target.value);
              setRange({ from: '', to: '', steps: range.steps });
            }}
          >
            {parameters.map((p) => (
              <option key={p.path} value={p.path}>
                {labelOf(p)}
              </option>
            ))}
            <option value={TYPED}>{t('customPath')}</option>
          </select>
        </label>
        {parameterChoice === TYPED && (
          <label>
            {t('path')}
            <input
              className="path"
              data-testid="experiments-path"
              placeholder={t('pathHint')}
              value={typedPath}
              disabled={running}
              onChange={(e) => setTypedPath(e.target.value)}
            />
          </label>
        )}
        <span className="field-hint" data-testid="experiments-current">
          {path && (current !== undefined ? fill(t('currentValue'), { value: current }) : t('noValue'))}
        </span>
        {(['from', 'to', 'steps'] as const).map((field) => (
          <label key={field}>
            {t(field)}
            <input
              type="number"
              data-testid={`experiments-${field}`}
              value={range[field] === '' && field !== 'steps' ? String(field === 'from' ? from : to) : range[field]}
              step={field === 'steps' || integer ? 1 : 'any'}
              min={field === 'steps' ? 1 : undefined}
              disabled={running}
              onChange={(e) => setRange({ ...range, [field]: e.target.value })}
            />
          </label>
        ))}
        <label>
          {t('seeds')}
          <input type="number" min={1} step={1} data-testid="experiments-seeds" value={seeds} disabled={running} onChange={(e) => setSeeds(e.target.value)} />
        </label>
        <label>
          {t('firstSeed')}
          <input
            type="number"
            step={1}
            data-testid="experiments-first-seed"
            value={firstSeed}
            disabled={running}
            onChange={(e) => setFirstSeed(e.target.value)}
          />
        </label>
        <label>
          {t('days')}
          <input
            type="number"
            min={0}
            step="any"
            data-testid="experiments-days"
            value={days === '' ? String(runDays) : days}
            disabled={running}
            onChange={(e) => setDays(e.target.value)}
          />
        </label>
        <label>
          {t('kpi')}
          <select data-testid="experiments-kpi" value={kpiKey} onChange={(e) => setKpi(e.target.value)}>
            {(ok?.runnable.kpis ?? []).map((k) => (
              <option key={k.key} value={k.key}>
                {kpiLabel(k.key)}
              </option>
            ))}
          </select>
        </label>
        {running ? (
          <button type="button" data-testid="experiments-cancel" onClick={() => controller.current?.abort()}>
            {t('cancel')}
          </button>
        ) : (
          <button type="button" data-testid="experiments-run" disabled={!ok} onClick={run}>
            {t('run')}
          </button>
        )}
      </div>
      <div className="sweep-status" data-testid="experiments-status" data-running={running}>
        <progress ref={progress} max={1} value={0} data-testid="experiments-progress" hidden={!running} />
        <span>{status}</span>
      </div>
      {'error' in plant && <div className="sweep-error">{plant.error}</div>}
      {error && (
        <div className="sweep-error" data-testid="experiments-error" role="alert">
          {error}
        </div>
      )}
      {result && series && (
        <>
          <h3>
            {t('results')}: {kpiLabel(kpiKey)} / {result.parameter}
          </h3>
          <SweepChart
            x={series.x}
            levels={series.levels}
            xLabel={result.parameter}
            yLabel={kpiLabel(kpiKey)}
            integerX={result.integer}
            canvasRef={setChartCanvas}
          />
          <ExportButtons
            stem={stem}
            csv={() => sweepCsv(result.parameter, result.points)}
            json={() =>
              sweepRecord(result.source, result.base, result.options, {
                parameter: result.parameter,
                kpi: kpiKey,
                points: result.points.map((p, i) => ({ ...p, model: result.models[i]! })),
              })
            }
            chart={() => chartCanvas.current}
          />
          <p className="intro">{t('reproduce')}</p>
          <table className="sweep-table" data-testid="sweep-table">
            <thead>
              <tr>
                <th>{result.parameter}</th>
                {series.levels.map(({ level: column }) => (
                  <th key={column}>
                    {column}: {kpiLabel(kpiKey)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {result.points.map((point) => (
                <tr key={point.value} data-value={point.value}>
                  <td>{point.value}</td>
                  {series.levels.map(({ level: column }) => {
                    const e = point.report.levels[column]!.kpis[kpiKey]!;
                    return (
                      <td key={column} data-level={column} data-kpi={kpiKey} data-mean={String(e.mean)}>
                        {formatEstimate(e.mean, e.ci95)}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
          <details>
            <summary>{t('allKpis')}</summary>
            <div className="sweep-all">
              <table className="sweep-table" data-testid="sweep-table-all">
                <thead>
                  <tr>
                    <th>{t('value')}</th>
                    <th>{t('level')}</th>
                    {resultKpis.map((k) => (
                      <th key={k.key} className={k.key === kpiKey ? 'chosen' : undefined}>
                        {kpiLabel(k.key)}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {result.points.flatMap((point) =>
                    series.levels.map(({ level: rowLevel }) => (
                      <tr key={`${point.value}-${rowLevel}`}>
                        <td>{point.value}</td>
                        <td>{rowLevel}</td>
                        {resultKpis.map((k) => {
                          const e = point.report.levels[rowLevel]!.kpis[k.key]!;
                          return (
                            <td key={k.key} className={k.key === kpiKey ? 'chosen' : undefined}>
                              {formatEstimate(e.mean, e.ci95)}
                            </td>
                          );
                        })}
                      </tr>
                    )),
                  )}
                </tbody>
              </table>
            </div>
          </details>
        </>
      )}
      {ok && <OptimizePanel key={plantKey} source={ok.source} model={ok.model} base={ok.runnable} />}
    </section>
  );
}

function safeRead(model: AnyModel, path: string): number | undefined {
  try {
    return readParameter(model, path);
  } catch {
    return undefined;
  }
}

/** Mean ± CI with four significant digits. */
function formatEstimate(mean: number, ci95: number): string {
  if (!Number.isFinite(mean)) return '–';
  const digits = Math.min(3, Math.max(0, 3 - Math.floor(Math.log10(Math.abs(mean) || 1))));
  return Number.isFinite(ci95) ? `${mean.toFixed(digits)} ± ${ci95.toFixed(digits)}` : mean.toFixed(digits);
}
