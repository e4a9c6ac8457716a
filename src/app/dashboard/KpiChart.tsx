/**
 * A streaming chart (uPlot, built for live time series): one KPI over simulated time, appended a few times a second
 * from `live`, with a bounded history.
 */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { live } from '../store.ts';

const MAX_POINTS = 600;
const APPEND_MS = 250;

export function KpiChart({ kpiIndex, label, resetKey }: { kpiIndex: number; label: string; resetKey: string }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!host.current || kpiIndex < 0) return;
    const xs: number[] = [];
    const ys: number[] = [];
    const plot = new uPlot(
      {
        width: host.current.clientWidth || 420,
        height: 180,
        scales: { x: { time: false } },
        series: [{}, { label, stroke: '#56B4E9', width: 2 }],
        axes: [{ stroke: '#aab' }, { stroke: '#aab' }],
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
  }, [kpiIndex, label, resetKey]);
  return <div className="chart" ref={host} />;
}
