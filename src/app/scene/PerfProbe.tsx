/**
 * The `?perf` overlay's measurements, taken inside the render loop: frame time, main-thread JS time per frame (the
 * useFrame callbacks plus three.js's render call, excluding the GPU raster), draw calls, and the worker's events per
 * second. Written into `perf` (a plain object) and shown by the overlay's HUD writer; nothing here allocates per frame.
 */
import { useFrame, useThree } from '@react-three/fiber';
import { useEffect } from 'react';
import { live } from '../store.ts';

export const perf = {
  enabled: typeof location !== 'undefined' && new URLSearchParams(location.search).has('perf'),
  frameMs: 0,
  jsMs: 0,
  drawCalls: 0,
  eventsPerSecond: 0,
  /** Worst JS time per frame seen since the last reset, for the view benchmark. */
  maxJsMs: 0,
  frames: 0,
  totalJsMs: 0,
  /** JS time of the last frames (a ring of `frames % 4096`), for the benchmark's percentiles. */
  samples: new Float32Array(4096),
};
// The view benchmark (bench/view.ts) reads and resets these from the page.
if (perf.enabled) (window as unknown as { fabtwinPerf: typeof perf }).fabtwinPerf = perf;

let frameStart = 0;
let lastFrameStart = 0;
let lastEvents = 0;
let lastEventsAt = 0;

/** First in the frame: stamps the start. Mount before everything else in the Canvas. */
export function PerfStart() {
  useFrame(() => {
    const now = performance.now();
    if (lastFrameStart > 0) perf.frameMs = now - lastFrameStart;
    lastFrameStart = now;
    frameStart = now;
  });
  return null;
}

/** Wraps three's render call (only with ?perf) to add its JS time and read its draw calls. */
export function PerfRenderTimer() {
  const gl = useThree((s) => s.gl);
  useEffect(() => {
    if (!perf.enabled) return;
    const render = gl.render.bind(gl);
    // eslint-disable-next-line react-hooks/immutability -- the ?perf probe wraps three's render call to time it
    gl.render = (scene, camera) => {
      render(scene, camera);
      const jsMs = performance.now() - frameStart;
      perf.jsMs = jsMs;
      perf.maxJsMs = Math.max(perf.maxJsMs, jsMs);
      perf.totalJsMs += jsMs;
      perf.samples[perf.frames % perf.samples.length] = jsMs;
      perf.frames++;
      perf.drawCalls = gl.info.render.calls;
      const now = performance.now();
      if (now - lastEventsAt >= 1000) {
        perf.eventsPerSecond = lastEventsAt > 0 ? ((live.events - lastEvents) * 1000) / (now - lastEventsAt) : 0;
        lastEvents = live.events;
        lastEventsAt = now;
      }
    };
    return () => {
      gl.render = render;
    };
  }, [gl]);
  return null;
}
