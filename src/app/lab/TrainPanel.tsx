/**
 * The lab's training view: choose sizes, network width and updates, watch the learning curve live (validation gap
 * against MWKR's and SPT's), pause, resume or stop; then run the trained policy, export it as JSON or import
 * one, or use it in the 3C plant.
 */
import { useState } from 'react';
import type { CurvePoint } from '../../core/scheduling/train.ts';
import { fill } from '../i18n.ts';
import { useTexts } from '../use-t.ts';
import { startRun, useLab } from './lab-store.ts';
import { exportTrained, importTrained, pauseTraining, resumeTraining, startTraining, stopTraining, useTraining } from './train-store.ts';
import { trainTexts } from './texts.ts';
import { runPlantWithRule } from './in-plant.ts';

const SIZES: readonly (readonly [number, number])[] = [
  [10, 10],
  [15, 10],
  [15, 15],
  [20, 15],
  [20, 20],
];
const WIDTHS = [8, 16, 32] as const;

function Curve({ curve }: { curve: readonly CurvePoint[] }) {
  const t = useTexts(trainTexts);
  const W = 520;
  const H = 180;
  const pad = 34;
  const last = curve[curve.length - 1];
  const maxIteration = Math.max(1, ...curve.map((p) => p.iteration));
  const values = curve.flatMap((p) => [p.validationGap, p.mwkrGap, p.sptGap]);
  const lo = values.length ? Math.floor(Math.min(...values) - 1) : 0;
  const hi = values.length ? Math.ceil(Math.max(...values) + 1) : 1;
  const x = (iteration: number) => pad + ((W - pad - 8) * iteration) / maxIteration;
  const y = (gap: number) => 8 + ((H - pad) * (hi - gap)) / Math.max(hi - lo, 1e-9);
  const line = (pick: (p: CurvePoint) => number) => curve.map((p) => `${x(p.iteration).toFixed(1)},${y(pick(p)).toFixed(1)}`).join(' ');
  return (
    <figure
      className="learning-curve"
      data-testid="learning-curve"
      data-points={curve.length}
      data-last-gap={last?.validationGap ?? ''}
      data-mwkr={last?.mwkrGap ?? ''}
      data-spt={last?.sptGap ?? ''}
    >
      <svg width={W} height={H} role="img" aria-label={t('curveLabel')}>
        <rect x={0} y={0} width={W} height={H} className="curve-bg" />
        {[lo, (lo + hi) / 2, hi].map((v) => (
          <g key={v}>
            <line x1={pad} x2={W - 8} y1={y(v)} y2={y(v)} className="curve-grid" />
            <text x={pad - 4} y={y(v)} className="curve-tick">
              {v.toFixed(0)}
            </text>
          </g>
        ))}
        {curve.length > 0 && (
          <>
            <polyline points={line((p) => p.sptGap)} className="curve-spt" />
            <polyline points={line((p) => p.mwkrGap)} className="curve-mwkr" />
            <polyline points={line((p) => p.validationGap)} className="curve-policy" />
          </>
        )}
      </svg>
      <figcaption>
        <span className="swatch policy" /> {t('legendPolicy')} <span className="swatch mwkr" /> {t('legendMwkr')} <span className="swatch spt" />{' '}
        {t('legendSpt')}
        {last && (
          <span data-testid="curve-last">
            {' · '}
            {fill(t('lastPoint'), {
              iteration: last.iteration,
              gap: last.validationGap.toFixed(2),
              mwkr: last.mwkrGap.toFixed(2),
              spt: last.sptGap.toFixed(2),
            })}
          </span>
        )}
      </figcaption>
    </figure>
  );
}

export function TrainPanel() {
  const t = useTexts(trainTexts);
  const training = useTraining();
  const instance = useLab((s) => s.instance);
  const [sizes, setSizes] = useState<ReadonlySet<string>>(new Set(['10x10', '15x15']));
  const [hidden, setHidden] = useState<number>(16);
  const [iterations, setIterations] = useState(600);
  const [seed, setSeed] = useState(1);
  const [download, setDownload] = useState<string>();
  const active = training.status === 'running' || training.status === 'paused';
  const chosenSizes = SIZES.filter(([j, m]) => sizes.has(`${j}x${m}`));
  const bestGap = training.trained?.meta?.bestValidationGap;
  return (
    <section className="lab-panel lab-train" aria-label={t('train')}>
      <h3>{t('train')}</h3>
      <p className="hint">{t('trainHint')}</p>
      <div className="train-controls">
        <fieldset>
          <legend>{t('sizes')}</legend>
          {SIZES.map(([j, m]) => {
            const key = `${j}x${m}`;
            return (
              <label key={key}>
                <input
                  type="checkbox"
                  data-testid={`train-size-${key}`}
                  checked={sizes.has(key)}
                  disabled={active}
                  onChange={(e) => {
                    const next = new Set(sizes);
                    if (e.target.checked) next.add(key);
                    else next.delete(key);
                    setSizes(next);
                  }}
                />
                {j} × {m}
              </label>
            );
          })}
        </fieldset>
        <label>
          {t('width')}
          <select data-testid="train-width" value={hidden} disabled={active} onChange={(e) => setHidden(Number(e.target.value))}>
            {WIDTHS.map((w) => (
              <option key={w} value={w}>
                {w}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('iterations')}
          <input
            type="number"
            data-testid="train-iterations"
            min={10}
            value={iterations}
            disabled={active}
            onChange={(e) => setIterations(Math.max(10, Math.floor(Number(e.target.value)) || 10))}
          />
        </label>
        <label>
          {t('seed')}
          <input
            type="number"
            data-testid="train-seed"
            min={0}
            value={seed}
            disabled={active}
            onChange={(e) => setSeed(Math.max(0, Math.floor(Number(e.target.value)) || 0))}
          />
        </label>
        <div className="train-buttons">
          <button
            data-testid="train-start"
            disabled={active || chosenSizes.length === 0}
            onClick={() => startTraining({ seed, iterations, hidden, sizes: chosenSizes, evalEvery: Math.min(25, Math.max(5, Math.round(iterations / 100))) })}
          >
            {t('start')}
          </button>
          <button data-testid="train-pause" disabled={training.status !== 'running'} onClick={pauseTraining}>
            {t('pause')}
          </button>
          <button data-testid="train-resume" disabled={training.status !== 'paused'} onClick={resumeTraining}>
            {t('resume')}
          </button>
          <button data-testid="train-stop" disabled={!active} onClick={stopTraining}>
            {t('stop')}
          </button>
        </div>
      </div>
      <p data-testid="train-status" data-status={training.status} data-iteration={training.iteration} aria-live="polite">
        {fill(t('status'), {
          status: t(training.status),
          iteration: training.iteration,
          total: training.choice?.iterations ?? iterations,
          seconds: (training.elapsedMs / 1000).toFixed(1),
        })}
      </p>
      <Curve curve={training.curve} />
      <h4>{t('trained')}</h4>
      {training.trained ? (
        <p data-testid="trained-policy" data-hidden={training.trained.hidden} data-from={training.trainedFrom}>
          {training.trainedFrom === 'file'
            ? t('imported')
            : fill(t('trainedFrom'), { hidden: training.trained.hidden, gap: typeof bestGap === 'number' ? bestGap.toFixed(2) : '–' })}
        </p>
      ) : (
        <p className="hint">{t('noTrained')}</p>
      )}
      <div className="train-buttons">
        <button
          data-testid="train-run"
          disabled={!training.trained || !instance}
          onClick={() => startRun('trained', 0, { kind: 'iterations', value: 1 }, undefined, training.trained)}
        >
          {t('runTrained')}
        </button>
        <button
          data-testid="train-in-plant"
          disabled={!training.trained}
          title={t('inPlantHint')}
          onClick={() => training.trained && void runPlantWithRule({ weights: training.trained }, t('trainedPolicy'))}
        >
          {t('inPlant')}
        </button>
        <button
          data-testid="train-export"
          disabled={!training.trained}
          onClick={() => {
            const text = exportTrained();
            if (!text) return;
            if (download) URL.revokeObjectURL(download);
            const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
            setDownload(url);
            const link = document.createElement('a');
            link.href = url;
            link.download = 'fabtwin-dispatcher.json';
            link.click();
          }}
        >
          {t('exportTrained')}
        </button>
        <label className="file-pick">
          <input
            type="file"
            className="visually-hidden"
            data-testid="train-import"
            accept=".json,application/json"
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) void file.text().then((text) => importTrained(text, file.name));
              e.target.value = '';
            }}
          />
          <span className="file-button">{t('importTrained')}</span>
        </label>
      </div>
      {training.error && (
        <div className="error" role="alert" data-testid="train-error">
          {fill(t('importError'), { message: training.error })}
        </div>
      )}
    </section>
  );
}
