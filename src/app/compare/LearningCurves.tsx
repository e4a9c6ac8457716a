/**
 * Learning curves over simulated time (uPlot): the L3 controllers' per-period performance, mean over seeds with a
 * 95 % CI band, and the L1 and L2 controllers' means on the same periods for comparison.
 */
import { useEffect, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { CurveEstimate, ExperimentReport } from '../../core/experiment/experiment.ts';
import { LEVELS } from '../../core/experiment/levels.ts';
import { fill } from '../i18n.ts';
import { useApp } from '../store.ts';
import { useTexts } from '../use-t.ts';
import { fileStem } from '../export/download.ts';
import { ExportButtons } from '../export/ExportButtons.tsx';
import { LEVEL_COLORS } from './KpiTable.tsx';
import { curveCsv } from './report.ts';
import { compareTexts, curveTexts } from './texts.ts';

function curveLabel(name: string, table: Readonly<Record<string, string>>): string {
  return table[name] ?? name;
}

/**
 * The curves of every level on one x axis (the union of their time points, in days); a level with no point at a time
 * gets a gap there, which the lines span. The L3 series is followed by its upper and lower CI bounds.
 */
export function curveData(report: ExperimentReport, name: string, unitsPerDay: number): { levels: string[]; data: (number | null)[][] } {
  const present = LEVELS.filter((level) => (report.levels[level]?.curves?.[name]?.length ?? 0) > 0);
  const times = [...new Set(present.flatMap((level) => report.levels[level]!.curves![name]!.map((p) => p.time)))].sort((a, b) => a - b);
  const index = new Map(times.map((time, i) => [time, i]));
  const column = (points: readonly CurveEstimate[], pick: (p: CurveEstimate) => number) => {
    const out: (number | null)[] = new Array<number | null>(times.length).fill(null);
    for (const p of points) {
      const value = pick(p);
      out[index.get(p.time)!] = Number.isFinite(value) ? value : null;
    }
    return out;
  };
  const data: (number | null)[][] = [times.map((time) => time / unitsPerDay)];
  for (const level of present) {
    const points = report.levels[level]!.curves![name]!;
    data.push(column(points, (p) => p.mean));
    if (level === 'L3') {
      data.push(column(points, (p) => (Number.isFinite(p.ci95) ? p.mean + p.ci95 : p.mean)));
      data.push(column(points, (p) => (Number.isFinite(p.ci95) ? p.mean - p.ci95 : p.mean)));
    }
  }
  return { levels: present, data };
}

export function LearningCurves({ report, unitsPerDay }: { report: ExperimentReport; unitsPerDay: number }) {
  const t = useTexts(compareTexts);
  const language = useApp((s) => s.language);
  const names = Object.keys(report.levels.L3?.curves ?? {});
  const [chosen, setChosen] = useState(names[0] ?? '');
  const name = names.includes(chosen) ? chosen : (names[0] ?? '');
  const host = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement | null>(null);
  useEffect(() => {
    if (!host.current || !name) return;
    const { levels, data } = curveData(report, name, unitsPerDay);
    const series: uPlot.Series[] = [{ label: compareTexts[language].time }];
    const bands: uPlot.Band[] = [];
    for (const level of levels) {
      series.push({
        label: level,
        stroke: LEVEL_COLORS[level],
        width: level === 'L3' ? 2 : 1.5,
        dash: level === 'L3' ? undefined : [6, 4],
        spanGaps: true,
        points: { show: false },
      });
      if (level === 'L3') {
        const upper = series.length;
        series.push({ label: 'L3 +95 %', stroke: 'transparent', spanGaps: true, points: { show: false } });
        series.push({ label: 'L3 −95 %', stroke: 'transparent', spanGaps: true, points: { show: false } });
        bands.push({ series: [upper, upper + 1], fill: 'rgba(0, 158, 115, 0.25)' });
      }
    }
    const plot = new uPlot(
      {
        width: Math.min(720, host.current.clientWidth || 640),
        height: 240,
        scales: { x: { time: false } },
        series,
        bands,
        axes: [
          { stroke: '#aab', label: compareTexts[language].time, grid: { stroke: '#2c313a' } },
          { stroke: '#aab', grid: { stroke: '#2c313a' }, size: 60 },
        ],
        // The legend is drawn below in HTML: uPlot's would list the band's bounds as series of their own.
        legend: { show: false },
      },
      data as uPlot.AlignedData,
      host.current,
    );
    canvas.current = plot.ctx.canvas;
    return () => {
      canvas.current = null;
      plot.destroy();
    };
  }, [report, name, unitsPerDay, language]);
  const levelsWithCurve = name ? curveData(report, name, unitsPerDay).levels.slice().reverse() : [];
  if (names.length === 0) return <p className="compare-note">{t('noCurves')}</p>;
  return (
    <div data-testid="learning-curves">
      <label className="compare-note">
        {t('curve')}{' '}
        <select data-testid="curve-select" value={name} onChange={(e) => setChosen(e.target.value)}>
          {names.map((n) => (
            <option key={n} value={n}>
              {curveLabel(n, curveTexts[language])}
            </option>
          ))}
        </select>
      </label>
      <div className="compare-curves" ref={host} />
      <ul className="compare-legend">
        {levelsWithCurve.map((level) => (
          <li key={level}>
            <span className={level === 'L3' ? 'swatch-band' : 'swatch-dashed'} style={{ borderColor: LEVEL_COLORS[level] }} />
            {level === 'L3' ? t('legendL3') : fill(t('legendLevel'), { level })}
          </li>
        ))}
      </ul>
      <p className="compare-note">{t('curvesHint')}</p>
      <ExportButtons stem={`${fileStem(report.model)}-curve-${name}`} csv={() => curveCsv(report, name)} chart={() => canvas.current} />
    </div>
  );
}
