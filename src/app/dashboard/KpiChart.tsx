/**
 * A streaming chart (uPlot, built for live time series): one KPI over simulated time, appended a few times a second
 * from `live`, with a bounded history. In Shadow mode (connect/ShadowPanel.tsx) it shows this shift's realised output
 * as it arrives instead, with the twin's forecasts on the same axes: each one's 95 % interval for the shift's output
 * shaded from the instant it was made to the shift end it is for, its mean dashed, and the output the shift realised as
 * a point at its end, so a trainer sees the realised line run into (or out of) the band. The bands are drawn in
 * uPlot's draw hooks straight onto its canvas (nothing allocated per draw). Colours from the theme's CSS variables (a
 * canvas cannot use them directly).
 */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { shadowLive, useShadow } from '../connect/shadow-state.ts';
import { shadowTexts } from '../connect/shadow-texts.ts';
import { live } from '../store.ts';
import { useResolvedTheme } from '../theme.ts';
import { useTexts } from '../use-t.ts';
import { bandExtent, drawable, ShiftSeries } from './shadow-band.ts';
import './kpi-chart.css';

const MAX_POINTS = 600;
const APPEND_MS = 250;
const HEIGHT = 180;
const MEAN_DASH = [6, 4];
const SOLID: number[] = [];
/** The Shadow chart's legend: each swatch (kpi-chart.css) with its text. */
const LEGEND = [
  ['realised-line-swatch', 'legendRealised'],
  ['band-swatch', 'legendBand'],
  ['mean-swatch', 'legendMean'],
  ['realised-swatch', 'legendEnd'],
] as const;

function themeColour(name: string, fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

/** `#rrggbb` with an alpha, for the band's fill. */
function withAlpha(hex: string, alpha: number): string {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) return hex;
  return `rgba(${parseInt(m[1]!, 16)}, ${parseInt(m[2]!, 16)}, ${parseInt(m[3]!, 16)}, ${alpha})`;
}

function axesColours() {
  const axis = themeColour('--muted', '#9aa3ad');
  const grid = themeColour('--border', '#2c313a');
  const style = { stroke: axis, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
  return [style, style];
}

export function KpiChart({ kpiIndex, label, resetKey }: { kpiIndex: number; label: string; resetKey: string }) {
  const shadow = useShadow((s) => s.active);
  return shadow ? <ShadowChart resetKey={resetKey} /> : <SeriesChart kpiIndex={kpiIndex} label={label} resetKey={resetKey} />;
}

function SeriesChart({ kpiIndex, label, resetKey }: { kpiIndex: number; label: string; resetKey: string }) {
  const host = useRef<HTMLDivElement>(null);
  const theme = useResolvedTheme();
  // The history outlives a redraw for a theme or language; a new KPI or run starts a new one.
  const history = useRef({ key: '', xs: [] as number[], ys: [] as number[] });
  useEffect(() => {
    if (!host.current || kpiIndex < 0) return;
    const key = `${kpiIndex}/${resetKey}`;
    if (history.current.key !== key) history.current = { key, xs: [], ys: [] };
    const { xs, ys } = history.current;
    const plot = new uPlot(
      {
        width: host.current.clientWidth || 420,
        height: HEIGHT,
        scales: { x: { time: false } },
        series: [{}, { label, stroke: themeColour('--info', '#56B4E9'), width: 2 }],
        axes: axesColours(),
        legend: { show: false },
      },
      [xs, ys],
      host.current,
    );
    let lastFrame = -1;
    const timer = setInterval(() => {
      if (live.frame === lastFrame) return;
      lastFrame = live.frame;
      const y = live.kpis[kpiIndex];
      if (y === undefined || !Number.isFinite(y)) return;
      if (xs.length > 0 && live.time <= xs[xs.length - 1]!) return;
      xs.push(live.time);
      ys.push(y);
      if (xs.length > MAX_POINTS) {
        xs.splice(0, xs.length - MAX_POINTS);
        ys.splice(0, ys.length - MAX_POINTS);
      }
      plot.setData([xs, ys]);
    }, APPEND_MS);
    return () => {
      clearInterval(timer);
      plot.destroy();
    };
  }, [kpiIndex, label, resetKey, theme]);
  return <div className="chart" data-testid="kpi-chart" data-series="kpi" ref={host} />;
}

/** Shadow mode: this shift's output so far and the twin's forecast bands (see the file's comment). */
function ShadowChart({ resetKey }: { resetKey: string }) {
  const t = useTexts(shadowTexts);
  const host = useRef<HTMLDivElement>(null);
  const theme = useResolvedTheme();
  const label = t('chartSeries');
  // As in SeriesChart: kept across a redraw for a theme or language, new for a new run.
  const history = useRef<{ key: string; series?: ShiftSeries }>({ key: '' });
  useEffect(() => {
    const node = host.current;
    if (!node) return;
    let series = history.current.series;
    if (history.current.key !== resetKey || !series) {
      series = new ShiftSeries(MAX_POINTS);
      history.current = { key: resetKey, series };
    }
    let forecasts = shadowLive.forecasts;
    const bandColour = themeColour('--info', '#56B4E9');
    const bandFill = withAlpha(bandColour, 0.25);
    const realisedColour = themeColour('--warn', '#E69F00');
    // A ring in the background's colour keeps each realised point apart from the line it ends.
    const ringColour = themeColour('--bg', '#15181d');
    // Under the realised line: each band and its mean.
    const drawBands = (u: uPlot) => {
      const { ctx } = u;
      const { left, top, width, height } = u.bbox;
      ctx.save();
      ctx.beginPath();
      ctx.rect(left, top, width, height);
      ctx.clip();
      for (const f of forecasts) {
        if (!drawable(f)) continue;
        const x0 = u.valToPos(f.at, 'x', true);
        const x1 = u.valToPos(f.until, 'x', true);
        const yLow = u.valToPos(f.ci95[0], 'y', true);
        const yHigh = u.valToPos(f.ci95[1], 'y', true);
        ctx.fillStyle = bandFill;
        ctx.fillRect(x0, yHigh, x1 - x0, Math.max(1, yLow - yHigh));
        const yMean = u.valToPos(f.mean, 'y', true);
        ctx.strokeStyle = bandColour;
        ctx.lineWidth = 2 * devicePixelRatio;
        ctx.setLineDash(MEAN_DASH);
        ctx.beginPath();
        ctx.moveTo(x0, yMean);
        ctx.lineTo(x1, yMean);
        ctx.stroke();
      }
      ctx.setLineDash(SOLID);
      ctx.restore();
    };
    // Over it: what each shift realised, at its end.
    const drawRealised = (u: uPlot) => {
      const { ctx } = u;
      const r = 4.5 * devicePixelRatio;
      ctx.save();
      ctx.fillStyle = realisedColour;
      ctx.strokeStyle = ringColour;
      ctx.lineWidth = devicePixelRatio;
      for (const f of forecasts) {
        if (!drawable(f) || f.realised === null || !Number.isFinite(f.realised)) continue;
        const x = u.valToPos(f.until, 'x', true);
        if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) continue;
        ctx.beginPath();
        ctx.arc(x, u.valToPos(f.realised, 'y', true), r, 0, 2 * Math.PI);
        ctx.fill();
        ctx.stroke();
      }
      ctx.restore();
    };
    const plot = new uPlot(
      {
        width: node.clientWidth || 420,
        height: HEIGHT,
        scales: {
          x: {
            time: false,
            // Up to the newest forecast's shift end: the band of the shift under way lies ahead of the realised line.
            range: (_u, min, max) => {
              const lo = series.xs.length > 0 ? series.windowStart() : Number.isFinite(min) ? min : 0;
              const hi = Math.max(max, bandExtent(forecasts, lo).maxX);
              return hi > lo ? [lo, hi] : [lo, lo + 1];
            },
          },
          y: {
            // From zero, over what the window shows: the realised output and the bands with their realised ends.
            range: () => {
              const lo = series.windowStart();
              const top = Math.max(series.maxFrom(lo), bandExtent(forecasts, lo).maxY, 1);
              return [0, top * 1.05];
            },
          },
        },
        series: [{}, { label, stroke: realisedColour, width: 2, points: { show: false } }],
        axes: axesColours(),
        legend: { show: false },
        hooks: { drawClear: [drawBands], draw: [drawRealised] },
      },
      [series.xs, series.ys],
      node,
    );
    const write = () => {
      const last = forecasts.length - 1;
      let realised = 0;
      for (const f of forecasts) if (f.realised !== null) realised++;
      node.dataset.count = String(forecasts.length);
      node.dataset.realised = String(realised);
      node.dataset.soFar = String(series.realisedPoints());
      node.dataset.from = series.xs.length > 0 ? String(series.xs[0]) : '';
      node.dataset.low = last >= 0 ? String(forecasts[last]!.ci95[0]) : '';
      node.dataset.high = last >= 0 ? String(forecasts[last]!.ci95[1]) : '';
      node.dataset.mean = last >= 0 ? String(forecasts[last]!.mean) : '';
      node.dataset.at = last >= 0 ? String(forecasts[last]!.at) : '';
      node.dataset.until = last >= 0 ? String(forecasts[last]!.until) : '';
    };
    write();
    const timer = setInterval(() => {
      const added = series.add(shadowLive);
      const changed = forecasts !== shadowLive.forecasts;
      forecasts = shadowLive.forecasts;
      if (!added && !changed) return;
      plot.setData([series.xs, series.ys]);
      write();
    }, APPEND_MS);
    return () => {
      clearInterval(timer);
      plot.destroy();
    };
  }, [label, resetKey, theme]);
  return (
    <figure className="shadow-chart" data-testid="kpi-chart" data-series="shiftOutput">
      {/* The bands are drawn on this chart's canvas; its data attributes carry the newest forecast and the counts. */}
      <div className="chart" data-testid="shadow-forecast" role="img" aria-label={`${label}; ${t('legendBand')}`} ref={host} />
      <figcaption data-testid="shadow-forecast-legend">
        {LEGEND.map(([swatch, key]) => (
          <span key={key} className="legend-item">
            <span className={swatch} /> {t(key)}
          </span>
        ))}
      </figcaption>
      <p className="hint">{t('chartHint')}</p>
    </figure>
  );
}
