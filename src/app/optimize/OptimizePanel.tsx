/**
 * The Experiments view's optimiser: a study edited as JSON (started from the model's own parameters), run in the
 * replication worker pool, with live progress (evaluations used, best so far with its CI, a best-so-far curve), the
 * explored points, the Kim-Nelson selection's statement, and the result exported as JSON with its study (which
 * `npm run optimize` re-runs to the same numbers). Pure parts live in `run.ts` and the core.
 */
import { useMemo, useRef, useState } from 'react';
import type { RunnableModel } from '../../core/experiment/runnable.ts';
import { ModelFileError } from '../../core/model/errors.ts';
import type { AnyModel } from '../../core/model/load.ts';
import { parseStudy, StudyError, type OptimizationProgress, type OptimizationResult, type Study } from '../../core/optimize/index.ts';
import { curatedParameters } from '../experiments/sweep.ts';
import { ExportButtons } from '../export/ExportButtons.tsx';
import { fileStem } from '../export/download.ts';
import { fill } from '../i18n.ts';
import type { ModelSource } from '../replication/protocol.ts';
import { useTexts } from '../use-t.ts';
import { defaultStudy, optimizeInWorkers } from './run.ts';
import { optimizeTexts } from './texts.ts';
import './optimize.css';

function short(value: number): string {
  return Number.isFinite(value) ? String(Number(value.toPrecision(5))) : '–';
}

function BestCurve({ points }: { points: OptimizationResult['bestSoFar'] }) {
  const t = useTexts(optimizeTexts);
  if (points.length === 0) return null;
  const W = 360;
  const H = 140;
  const P = 24;
  const xs = points.map((p) => p.evaluations);
  const lows = points.map((p) => p.objective - (Number.isFinite(p.ci95) ? p.ci95 : 0));
  const highs = points.map((p) => p.objective + (Number.isFinite(p.ci95) ? p.ci95 : 0));
  const x0 = Math.min(...xs);
  const x1 = Math.max(...xs, x0 + 1);
  const y0 = Math.min(...lows);
  const y1 = Math.max(...highs, y0 + 1e-9);
  const x = (v: number) => P + ((v - x0) / (x1 - x0)) * (W - 2 * P);
  const y = (v: number) => H - P - ((v - y0) / (y1 - y0)) * (H - 2 * P);
  return (
    <figure className="optimize-curve">
      <figcaption>{t('curve')}</figcaption>
      <svg data-testid="optimize-curve" width={W} height={H} viewBox={`0 0 ${W} ${H}`} role="img" aria-label={t('curve')}>
        <polygon
          fill="rgba(76, 201, 240, 0.2)"
          points={[
            ...points.map((p, i) => `${x(p.evaluations)},${y(highs[i]!)}`),
            ...[...points].reverse().map((p, i) => `${x(p.evaluations)},${y(lows[points.length - 1 - i]!)}`),
          ].join(' ')}
        />
        <polyline fill="none" stroke="#4cc9f0" strokeWidth={2} points={points.map((p) => `${x(p.evaluations)},${y(p.objective)}`).join(' ')} />
        <text x={P} y={H - 6} fontSize={10} fill="#9aa3ad">
          {x0}
        </text>
        <text x={W - P} y={H - 6} fontSize={10} fill="#9aa3ad" textAnchor="end">
          {x1}
        </text>
        <text x={4} y={P - 8} fontSize={10} fill="#9aa3ad">
          {short(y1)}
        </text>
        <text x={4} y={H - P} fontSize={10} fill="#9aa3ad">
          {short(y0)}
        </text>
      </svg>
    </figure>
  );
}

/** The explored points on two criteria, the Pareto front joined and marked. */
function ParetoChart({ study, pareto }: { study: Study; pareto: NonNullable<OptimizationResult['pareto']> }) {
  const t = useTexts(optimizeTexts);
  const W = 360;
  const H = 240;
  const P = 30;
  const xs = pareto.points.map((p) => p.values[0]);
  const ys = pareto.points.map((p) => p.values[1]);
  const span = (v: number[]) => [Math.min(...v), Math.max(...v) > Math.min(...v) ? Math.max(...v) : Math.min(...v) + 1] as const;
  const [x0, x1] = span(xs);
  const [y0, y1] = span(ys);
  const x = (v: number) => P + ((v - x0) / (x1 - x0)) * (W - 2 * P);
  const y = (v: number) => H - P - ((v - y0) / (y1 - y0)) * (H - 2 * P);
  const name = (i: 0 | 1) => study.pareto![i]!.kpi ?? study.pareto![i]!.variable!;
  const onFront = new Set(pareto.front);
  const front = pareto.front.map((order) => pareto.points.find((p) => p.order === order)!);
  return (
    <figure className="optimize-curve">
      <figcaption>{fill(t('pareto'), { x: name(0), y: name(1) })}</figcaption>
      <svg data-testid="optimize-pareto" data-front={pareto.front.length} width={W} height={H} viewBox={`0 0 ${W} ${H}`} role="img">
        <polyline fill="none" stroke="#f4a261" strokeWidth={1.5} points={front.map((p) => `${x(p.values[0])},${y(p.values[1])}`).join(' ')} />
        {pareto.points.map((p) => (
          <circle
            key={p.order}
            cx={x(p.values[0])}
            cy={y(p.values[1])}
            r={onFront.has(p.order) ? 4 : 2.5}
            fill={onFront.has(p.order) ? '#f4a261' : '#6c7682'}
          />
        ))}
        <text x={W / 2} y={H - 6} fontSize={10} fill="#9aa3ad" textAnchor="middle">
          {name(0)}
        </text>
        <text x={10} y={H / 2} fontSize={10} fill="#9aa3ad" textAnchor="middle" transform={`rotate(-90 10 ${H / 2})`}>
          {name(1)}
        </text>
      </svg>
    </figure>
  );
}

export function OptimizePanel({ source, model, base }: { source: ModelSource; model: AnyModel; base: RunnableModel }) {
  const t = useTexts(optimizeTexts);
  const initial = useMemo(() => JSON.stringify(defaultStudy(source.modelId, model, base, curatedParameters(model)), null, 2), [source.modelId, model, base]);
  const [text, setText] = useState(initial);
  const [running, setRunning] = useState(false);
  const [progress, setProgress] = useState<OptimizationProgress>();
  const [result, setResult] = useState<{ study: Study; result: OptimizationResult }>();
  const [error, setError] = useState<string>();
  const [status, setStatus] = useState('');
  const controller = useRef<AbortController>(undefined);
  const [trace, setTrace] = useState<OptimizationResult['bestSoFar']>([]);

  const run = () => {
    setError(undefined);
    setResult(undefined);
    setStatus('');
    let study: Study;
    try {
      study = parseStudy(text, 'study');
    } catch (failure) {
      return setError(failure instanceof Error ? failure.message : String(failure));
    }
    const abort = new AbortController();
    controller.current = abort;
    setTrace([]);
    setRunning(true);
    optimizeInWorkers(
      source,
      study,
      (p) => {
        const best = p.best;
        if (best?.feasible) setTrace((points) => [...points, { evaluations: p.evaluations, objective: best.objective.mean, ci95: best.objective.ci95 }]);
        setProgress(p);
      },
      abort.signal,
    )
      .then((outcome) => {
        setResult({ study, result: outcome });
        setStatus(fill(t('replications'), { count: outcome.replications }));
      })
      .catch((failure: unknown) => {
        if (failure instanceof DOMException && failure.name === 'AbortError') setStatus(t('cancelled'));
        else if (failure instanceof StudyError || failure instanceof ModelFileError || failure instanceof RangeError) setError(failure.message);
        else setError(failure instanceof Error ? failure.message : String(failure));
      })
      .finally(() => {
        setRunning(false);
        controller.current = undefined;
      });
  };

  const names = result?.study.variables.map((v) => v.path) ?? [];
  const sign = result?.study.objective.direction === 'minimize' ? -1 : 1;
  const explored = result
    ? [...result.result.evaluations].sort((a, b) => (a.feasible !== b.feasible ? (a.feasible ? -1 : 1) : sign * (b.objective.mean - a.objective.mean)))
    : [];
  const done = progress ? Math.min(progress.evaluations, progress.budget) : 0;
  return (
    <section className="optimize" data-testid="optimize-panel">
      <h3>{t('title')}</h3>
      <p className="intro">{t('intro')}</p>
      <label className="optimize-study">
        {t('study')}
        <textarea data-testid="optimize-study" rows={14} value={text} disabled={running} onChange={(e) => setText(e.target.value)} spellCheck={false} />
      </label>
      <div className="optimize-actions">
        {running ? (
          <button type="button" data-testid="optimize-cancel" onClick={() => controller.current?.abort()}>
            {t('cancel')}
          </button>
        ) : (
          <button type="button" data-testid="optimize-run" onClick={run}>
            {t('run')}
          </button>
        )}
        <span data-testid="optimize-progress" data-evaluations={done} data-running={running}>
          {progress && fill(t('progress'), { done, budget: progress.budget })}
          {progress?.best && ` · ${fill(t('bestSoFar'), { mean: short(progress.best.objective.mean), ci: short(progress.best.objective.ci95) })}`}
          {running && progress && progress.evaluations >= progress.budget && ` · ${t('selecting')}`}
        </span>
        <span>{status}</span>
      </div>
      {error && (
        <div className="sweep-error" role="alert" data-testid="optimize-error">
          {error}
        </div>
      )}
      <BestCurve points={result ? result.result.bestSoFar : trace} />
      {result && (
        <>
          <p data-testid="optimize-best" data-point={result.result.best.point.join(',')} data-mean={String(result.result.best.objective.mean)}>
            <strong>{t('best')}:</strong> {names.map((n, j) => `${n} = ${result.result.best.point[j]}`).join(', ')}; {t('objective')}{' '}
            {short(result.result.best.objective.mean)} ± {short(result.result.best.objective.ci95)}
          </p>
          <p className="intro" data-testid="optimize-statement">
            {result.result.selection.statement}
          </p>
          {result.result.pareto && <ParetoChart study={result.study} pareto={result.result.pareto} />}
          <ExportButtons stem={fileStem(`${base.name}-optimisation`)} json={() => ({ study: result.study, result: result.result })} />
          <h4>{t('explored')}</h4>
          <table className="sweep-table" data-testid="optimize-explored">
            <thead>
              <tr>
                <th>#</th>
                {names.map((n) => (
                  <th key={n}>{n}</th>
                ))}
                <th>{t('objective')}</th>
                <th>{t('feasible')}</th>
              </tr>
            </thead>
            <tbody>
              {explored.map((e) => (
                <tr key={e.order} data-best={e.point.join(',') === result.result.best.point.join(',')}>
                  <td>{e.order + 1}</td>
                  {e.point.map((v, j) => (
                    <td key={j}>{v}</td>
                  ))}
                  <td>
                    {short(e.objective.mean)} ± {short(e.objective.ci95)}
                  </td>
                  <td>{e.feasible ? t('yes') : `${t('no')} (${e.violations.join('; ')})`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
