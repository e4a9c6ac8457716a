/** `?perf`: frame time, JS time per frame, draw calls and worker events/s, refreshed four times a second. */
import { useEffect, useRef } from 'react';
import { perf } from '../scene/PerfProbe.tsx';

export function PerfOverlay() {
  const node = useRef<HTMLPreElement>(null);
  useEffect(() => {
    if (!perf.enabled) return;
    const timer = setInterval(() => {
      if (!node.current) return;
      node.current.textContent =
        `frame ${perf.frameMs.toFixed(1)} ms\n` +
        `js ${perf.jsMs.toFixed(2)} ms/frame\n` +
        `draw calls ${perf.drawCalls}\n` +
        `worker ${Math.round(perf.eventsPerSecond).toLocaleString('en')} events/s`;
      node.current.dataset.js = String(perf.jsMs);
      node.current.dataset.drawCalls = String(perf.drawCalls);
    }, 250);
    return () => clearInterval(timer);
  }, []);
  if (!perf.enabled) return null;
  return <pre className="perf" data-testid="perf-overlay" ref={node} />;
}
