/**
 * The KPI against the swept parameter: one line with points per level, and the 95 % confidence interval of each point
 * as a vertical bar with caps (drawn in uPlot's draw hook, on the same canvas, so a PNG export includes it).
 * Rebuilt only when the results change; nothing here runs per simulation tick.
 */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { Level } from '../../core/experiment/levels.ts';

/** Okabe-Ito colours, readable for colour-blind viewers, one per level. */
const LEVEL_COLOURS: Record<Level, string> = { L1: '#E69F00', L2: '#56B4E9', L3: '#009E73' };

export interface SweepChartProps {
  x: number[];
  levels: { level: Level; mean: (number | null)[]; low: (number | null)[]; high: (number | null)[] }[];
  xLabel: string;
  yLabel: string;
  /** The parameter counts things (cells, servers): ticks on whole numbers only. */
  integerX?: boolean;
  /** Receives the chart's canvas (for PNG export). */
  canvasRef?: (canvas: HTMLCanvasElement | null) => void;
}

export function SweepChart({ x, levels, xLabel, yLabel, integerX, canvasRef }: SweepChartProps) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = host.current;
    if (!element || x.length === 0) return;
    const drawIntervals = (u: uPlot) => {
      const context = u.ctx;
      const cap = 5 * devicePixelRatio;
      context.save();
      context.lineWidth = 1.5 * devicePixelRatio;
      for (const series of levels) {
        context.strokeStyle = LEVEL_COLOURS[series.level];
        for (let i = 0; i < x.length; i++) {
          const low = series.low[i];
          const high = series.high[i];
          if (low == null || high == null) continue;
          const px = u.valToPos(x[i]!, 'x', true);
          const top = u.valToPos(high, 'y', true);
          const bottom = u.valToPos(low, 'y', true);
          context.beginPath();
          context.moveTo(px, top);
          context.lineTo(px, bottom);
          context.moveTo(px - cap, top);
          context.lineTo(px + cap, top);
          context.moveTo(px - cap, bottom);
          context.lineTo(px + cap, bottom);
          context.stroke();
        }
      }
      context.restore();
    };
    // The y range must include the intervals, not only the means.
    const bounds = levels.flatMap((s) => [...s.low, ...s.high]).filter((v): v is number => v !== null);
    const yMin = Math.min(...bounds);
    const yMax = Math.max(...bounds);
    const pad = (yMax - yMin) * 0.08 || Math.abs(yMax) * 0.05 || 1;
    const xPad = x.length > 1 ? (x.at(-1)! - x[0]!) * 0.05 : Math.abs(x[0]!) * 0.1 || 1;
    const plot = new uPlot(
      {
        width: Math.max(320, Math.min(element.clientWidth || 640, 900)),
        height: 300,
        scales: {
          x: { time: false, range: [Math.min(...x) - xPad, Math.max(...x) + xPad] },
          y: { range: [yMin - pad, yMax + pad] },
        },
        series: [
          { label: xLabel },
          ...levels.map((s) => ({
            label: s.level,
            stroke: LEVEL_COLOURS[s.level],
            width: 2,
            points: { show: true, size: 7, fill: LEVEL_COLOURS[s.level] },
          })),
        ],
        axes: [
          { stroke: '#aab', label: xLabel, grid: { stroke: '#2c313a' }, ...(integerX ? { incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000] } : {}) },
          { stroke: '#aab', label: yLabel, grid: { stroke: '#2c313a' }, size: 70 },
        ],
        legend: { show: true },
        hooks: { draw: [drawIntervals] },
      },
      [x, ...levels.map((s) => s.mean)] as uPlot.AlignedData,
      element,
    );
    canvasRef?.(plot.ctx.canvas);
    return () => {
      canvasRef?.(null);
      plot.destroy();
    };
  }, [x, levels, xLabel, yLabel, integerX, canvasRef]);
  return (
    <div
      className="sweep-chart"
      ref={host}
      data-testid="sweep-chart"
      data-points={x.length}
      data-series={levels.length}
      data-means={JSON.stringify(levels.map((s) => s.mean))}
    />
  );
}
