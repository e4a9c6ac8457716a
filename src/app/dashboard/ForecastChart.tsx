/**
 * The twin's forecasts of a KPI drawn as a band (Shadow mode): for each forecast, at the time it is for (`until`), the
 * 95 % interval as a shaded band between its low and high lines, the mean as a dashed line, and the realised value as
 * a point once the plant has reported it, so that a realised value outside the band stands out. uPlot, like the live
 * KPI chart; colours from the theme's CSS variables (a canvas cannot use them directly).
 */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { useResolvedTheme } from '../theme.ts';

export interface BandPoint {
  /** When the forecast is for (the x axis, plant hours). */
  until: number;
  mean: number;
  ci95: readonly [number, number];
  realised: number | null;
}

/** The uPlot series: x, low, high, mean, realised (null until known); points with a non-finite bound are left out. */
export function bandSeries(points: readonly BandPoint[]): [number[], number[], number[], number[], (number | null)[]] {
  const rows = points
    .filter((p) => Number.isFinite(p.until) && Number.isFinite(p.ci95[0]) && Number.isFinite(p.ci95[1]) && Number.isFinite(p.mean))
    .slice()
    .sort((a, b) => a.until - b.until);
  return [
    rows.map((p) => p.until),
    rows.map((p) => p.ci95[0]),
    rows.map((p) => p.ci95[1]),
    rows.map((p) => p.mean),
    rows.map((p) => (p.realised !== null && Number.isFinite(p.realised) ? p.realised : null)),
  ];
}

function themeColour(name: string, fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

/** `#rrggbb` with an alpha, for the band's fill. */
function withAlpha(hex: string, alpha: number): string {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) return hex;
  return `rgba(${parseInt(m[1]!, 16)}, ${parseInt(m[2]!, 16)}, ${parseInt(m[3]!, 16)}, ${alpha})`;
}

export function ForecastChart({ points, label, testId }: { points: readonly BandPoint[]; label: string; testId: string }) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const theme = useResolvedTheme();
  useEffect(() => {
    if (!host.current) return;
    const band = themeColour('--info', '#56B4E9');
    const realised = themeColour('--warn', '#E69F00');
    const axis = themeColour('--muted', '#9aa3ad');
    const grid = themeColour('--border', '#2c313a');
    const axes = { stroke: axis, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
    plot.current = new uPlot(
      {
        width: host.current.clientWidth || 420,
        height: 160,
        scales: { x: { time: false } },
        series: [
          {},
          { label: `${label}: 95 % low`, stroke: band, width: 1, points: { show: false } },
          { label: `${label}: 95 % high`, stroke: band, width: 1, points: { show: false } },
          { label: `${label}: forecast mean`, stroke: band, width: 2, dash: [6, 4], points: { show: false } },
          { label: `${label}: realised`, stroke: realised, width: 0, points: { show: true, size: 8, fill: realised, stroke: realised } },
        ],
        bands: [{ series: [2, 1], fill: withAlpha(band, 0.25) }],
        axes: [axes, axes],
        legend: { show: false },
      },
      bandSeries([]),
      host.current,
    );
    return () => {
      plot.current?.destroy();
      plot.current = null;
    };
  }, [label, theme]);
  const data = bandSeries(points);
  useEffect(() => {
    plot.current?.setData(data);
  });
  const last = data[0].length - 1;
  return (
    <div
      className="chart forecast-chart"
      ref={host}
      data-testid={testId}
      data-bands={data[0].length}
      data-realised={data[4].filter((v) => v !== null).length}
      data-low={last >= 0 ? data[1][last] : ''}
      data-high={last >= 0 ? data[2][last] : ''}
      data-mean={last >= 0 ? data[3][last] : ''}
    />
  );
}
