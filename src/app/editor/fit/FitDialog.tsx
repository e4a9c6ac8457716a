/**
 * The editor's fitting dialog: observed times pasted or imported for a station, fitted by the core
 * (`core/fit`), shown as a ranked table, a histogram with the fitted densities and a Q-Q plot of the chosen family; one
 * click writes the chosen distribution into the station (one undo step). Everything computed here comes from pure
 * functions in `fit-view.ts`; this file only draws.
 */
import { useMemo, useState } from 'react';
import { csvColumns, FitDataError, fitDistributions, parseSample, type FitReport } from '../../../core/fit/index.ts';
import { editParams, type EditorUnit, type StationParams } from '../document.ts';
import { commit, currentDocument } from '../store.ts';
import { fill } from '../../i18n.ts';
import { useTexts } from '../../use-t.ts';
import { applyFit, densityCurve, familiesFor, FIT_TARGETS, histogram, qqPoints, type FitChoice, type FitTarget } from './fit-view.ts';
import { fitTexts } from './texts.ts';
import './fit.css';

// Okabe-Ito colours that keep their contrast on the light and the dark theme's background.
const COLOURS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#56B4E9', '#E69F00', '#7f8a96'];

function short(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const magnitude = Math.abs(value);
  return magnitude !== 0 && (magnitude >= 1e5 || magnitude < 1e-3) ? value.toExponential(2) : String(Number(value.toPrecision(4)));
}

function pValue(p: number): string {
  return Number.isNaN(p) ? '–' : p < 1e-4 ? '<1e-4' : p.toFixed(3);
}

const W = 440;
const H = 220;
const PAD = 28;

function HistogramChart({ sorted, report, choice }: { sorted: number[]; report: FitReport; choice: FitChoice }) {
  const t = useTexts(fitTexts);
  const hist = useMemo(() => histogram(sorted), [sorted]);
  const from = hist.edges[0]!;
  const to = hist.edges[hist.edges.length - 1]!;
  const shown = report.fits.filter((f, i) => i < 3 || f.family === choice);
  const curves = shown.map((fit) => ({ fit, points: densityCurve(fit.distribution, from, to) }));
  const top = Math.max(...hist.densities) * 1.25;
  const x = (v: number) => PAD + ((v - from) / (to - from)) * (W - 2 * PAD);
  const y = (v: number) => H - PAD - (Math.min(v, top) / top) * (H - 2 * PAD);
  return (
    <figure className="fit-chart">
      <figcaption>{t('histogram')}</figcaption>
      <svg data-testid="fit-histogram" width={W} height={H} viewBox={`0 0 ${W} ${H}`} role="img" aria-label={t('histogram')}>
        {hist.densities.map((d, i) => (
          <rect
            key={i}
            className="fit-bar"
            x={x(hist.edges[i]!)}
            y={y(d)}
            width={Math.max(0, x(hist.edges[i + 1]!) - x(hist.edges[i]!) - 1)}
            height={H - PAD - y(d)}
          />
        ))}
        {curves.map(({ fit, points }) => (
          <polyline
            key={fit.family}
            data-testid={`fit-curve-${fit.family}`}
            fill="none"
            stroke={COLOURS[report.fits.indexOf(fit) % COLOURS.length]}
            strokeWidth={fit.family === choice ? 3 : 1.5}
            points={points.map(([px, py]) => `${x(px).toFixed(1)},${y(py).toFixed(1)}`).join(' ')}
          />
        ))}
        <line className="fit-axis" x1={PAD} y1={H - PAD} x2={W - PAD} y2={H - PAD} />
        <text className="fit-tick" x={PAD} y={H - 8}>
          {short(from)}
        </text>
        <text className="fit-tick" x={W - PAD} y={H - 8} textAnchor="end">
          {short(to)}
        </text>
        {curves.map(({ fit }, i) => (
          <text key={fit.family} className="fit-legend" x={W - PAD} y={PAD + 12 * i} textAnchor="end" fill={COLOURS[report.fits.indexOf(fit) % COLOURS.length]}>
            {fit.family}
          </text>
        ))}
      </svg>
    </figure>
  );
}

function QqChart({ sorted, report, choice }: { sorted: number[]; report: FitReport; choice: FitChoice }) {
  const t = useTexts(fitTexts);
  const fit = report.fits.find((f) => f.family === choice);
  if (!fit) return null;
  const points = qqPoints(sorted, fit.distribution);
  const all = points.flat().filter(Number.isFinite);
  const low = Math.min(...all);
  const high = Math.max(...all);
  const size = H;
  const s = (v: number) => PAD + ((v - low) / (high - low || 1)) * (size - 2 * PAD);
  return (
    <figure className="fit-chart">
      <figcaption>{fill(t('qq'), { family: fit.family })}</figcaption>
      <svg data-testid="fit-qq" data-points={points.length} width={size} height={size} viewBox={`0 0 ${size} ${size}`} role="img">
        <line className="fit-diagonal" x1={s(low)} y1={size - s(low)} x2={s(high)} y2={size - s(high)} />
        {points.map(([q, o], i) => (
          <circle key={i} className="fit-point" cx={s(q)} cy={size - s(o)} r={2} />
        ))}
        <text className="fit-tick" x={size / 2} y={size - 6} textAnchor="middle">
          {t('theoretical')}
        </text>
        <text className="fit-tick" x={10} y={size / 2} transform={`rotate(-90 10 ${size / 2})`} textAnchor="middle">
          {t('observed')}
        </text>
      </svg>
    </figure>
  );
}

function FitDialog({ unit, onClose }: { unit: EditorUnit; onClose: () => void }) {
  const t = useTexts(fitTexts);
  const [target, setTarget] = useState<FitTarget>('serviceTime');
  const [text, setText] = useState('');
  const [source, setSource] = useState('pasted data');
  const [column, setColumn] = useState<string | undefined>(undefined);
  const [result, setResult] = useState<{ report: FitReport; sorted: number[] } | { error: string } | undefined>(undefined);
  const [choice, setChoice] = useState<FitChoice>('exponential');
  const [message, setMessage] = useState<string | undefined>(undefined);
  const columns = useMemo(() => csvColumns(text), [text]);

  const runFit = (fitTarget = target) => {
    setMessage(undefined);
    try {
      const sample = parseSample(text, { column: columns.length > 1 ? (column ?? columns[0]) : undefined, source });
      const report = fitDistributions(sample.values, { lines: sample.lines, families: familiesFor(fitTarget) });
      setResult({ report, sorted: [...sample.values].sort((a, b) => a - b) });
      setChoice(report.fits[0]?.family ?? 'empirical');
    } catch (error) {
      if (!(error instanceof FitDataError)) throw error;
      setResult({ error: error.message });
    }
  };

  const apply = () => {
    if (!result || 'error' in result) return;
    const outcome = applyFit(unit.params as StationParams, target, choice, result.report, unit.id);
    if ('reason' in outcome) setMessage(fill(t('cannotApply'), { reason: outcome.reason }));
    else {
      commit(editParams(currentDocument(), unit.id, outcome.params));
      setMessage(fill(t('applied'), { station: unit.name ?? unit.id }));
    }
  };

  const report = result && 'report' in result ? result.report : undefined;
  return (
    <div className="fit-overlay" role="dialog" aria-modal="true" aria-label={t('title')} data-testid="fit-dialog">
      <div className="fit-dialog">
        <header className="fit-head">
          <h3>
            {t('title')} · {unit.name ?? unit.id}
          </h3>
          <button data-testid="fit-close" onClick={onClose}>
            {t('close')}
          </button>
        </header>
        <div className="fit-inputs">
          <label className="editor-field">
            <span>{t('target')}</span>
            <select
              data-testid="fit-target"
              value={target}
              onChange={(e) => {
                const next = e.target.value as FitTarget;
                setTarget(next);
                if (result) runFit(next);
              }}
            >
              {FIT_TARGETS.map((k) => (
                <option key={k} value={k}>
                  {t(`target.${k}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="editor-field fit-text">
            <span>{t('paste')}</span>
            <textarea data-testid="fit-text" rows={6} value={text} onChange={(e) => (setText(e.target.value), setSource('pasted data'))} />
          </label>
          <div className="fit-row">
            <label className="fit-file">
              {t('importFile')}
              <input
                data-testid="fit-file"
                type="file"
                accept=".csv,.txt,text/csv,text/plain"
                onChange={async (e) => {
                  const file = e.target.files?.[0];
                  if (!file) return;
                  setText(await file.text());
                  setSource(file.name);
                  setColumn(undefined);
                }}
              />
            </label>
            {columns.length > 1 && (
              <label className="editor-field">
                <span>{t('column')}</span>
                <select data-testid="fit-column" value={column ?? columns[0]} onChange={(e) => setColumn(e.target.value)}>
                  {columns.map((c) => (
                    <option key={c} value={c}>
                      {c}
                    </option>
                  ))}
                </select>
              </label>
            )}
            <button data-testid="fit-run" onClick={() => runFit()} disabled={text.trim() === ''}>
              {t('fit')}
            </button>
          </div>
        </div>
        {result && 'error' in result && (
          <p className="editor-field-error" role="alert" data-testid="fit-error">
            {result.error}
          </p>
        )}
        {report && result && 'sorted' in result && (
          <>
            <p data-testid="fit-summary">
              {source}:{' '}
              {fill(t('summary'), {
                n: report.summary.n,
                mean: short(report.summary.mean),
                sd: short(report.summary.sd),
                min: short(report.summary.min),
                max: short(report.summary.max),
              })}
            </p>
            <table className="fit-table" data-testid="fit-table">
              <thead>
                <tr>
                  <th />
                  <th>{t('family')}</th>
                  <th>{t('parameters')}</th>
                  <th>{t('aic')}</th>
                  <th>{t('deltaAic')}</th>
                  <th>{t('bicRank')}</th>
                  <th>{t('ks')}</th>
                  <th>{t('ad')}</th>
                  <th>{t('chi2')}</th>
                </tr>
              </thead>
              <tbody>
                {report.fits.map((fit) => (
                  <tr key={fit.family} data-testid={`fit-row-${fit.family}`} data-selected={fit.family === choice} onClick={() => setChoice(fit.family)}>
                    <td>
                      <input
                        type="radio"
                        name="fit-choice"
                        data-testid={`fit-choice-${fit.family}`}
                        checked={fit.family === choice}
                        onChange={() => setChoice(fit.family)}
                      />
                    </td>
                    <td>{fit.family}</td>
                    <td>
                      {Object.entries(fit.parameters)
                        .map(([k, v]) => `${k} ${short(v)}`)
                        .join(', ')}
                    </td>
                    <td>{fit.aic.toFixed(2)}</td>
                    <td>{fit.deltaAic.toFixed(2)}</td>
                    <td>{fit.bicRank}</td>
                    <td>{pValue(fit.ks.pValue)}</td>
                    <td>{pValue(fit.ad.pValue)}</td>
                    <td>{pValue(fit.chiSquare.pValue)}</td>
                  </tr>
                ))}
                <tr data-testid="fit-row-empirical" data-selected={choice === 'empirical'} onClick={() => setChoice('empirical')}>
                  <td>
                    <input
                      type="radio"
                      name="fit-choice"
                      data-testid="fit-choice-empirical"
                      checked={choice === 'empirical'}
                      onChange={() => setChoice('empirical')}
                    />
                  </td>
                  <td colSpan={8}>{fill(t('empirical'), { count: report.empirical.values.length })}</td>
                </tr>
              </tbody>
            </table>
            {report.skipped.map((s) => (
              <p key={s.family} className="hint">
                {s.family}: {s.reason}
              </p>
            ))}
            <p className="hint">{t('method')}</p>
            <div className="fit-charts">
              <HistogramChart sorted={result.sorted} report={report} choice={choice} />
              <QqChart sorted={result.sorted} report={report} choice={choice} />
            </div>
            <div className="fit-row">
              <button data-testid="fit-apply" className="fit-apply" onClick={apply}>
                {fill(t('apply'), { family: choice })}
              </button>
              {message !== undefined && (
                <span data-testid="fit-message" role="status">
                  {message}
                </span>
              )}
            </div>
          </>
        )}
      </div>
    </div>
  );
}

/** The button in a station's parameter panel that opens the fitting dialog. */
export function FitFromData({ unit }: { unit: EditorUnit }) {
  const t = useTexts(fitTexts);
  const [open, setOpen] = useState(false);
  return (
    <>
      <button className="fit-open" data-testid="fit-open" onClick={() => setOpen(true)}>
        {t('open')}
      </button>
      {open && <FitDialog unit={unit} onClose={() => setOpen(false)} />}
    </>
  );
}
