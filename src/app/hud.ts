/**
 * Numbers that change every frame (clock, KPI values) are written straight into DOM nodes once per animation frame,
 * as the racing-game HUD does, instead of through React state. Components register their nodes here.
 */
import { live } from './store.ts';

type Writer = () => void;
const writers = new Set<Writer>();
let lastFrame = -1;
let loopStarted = false;

export function registerHudWriter(writer: Writer): () => void {
  writers.add(writer);
  writer();
  startLoop();
  return () => writers.delete(writer);
}

/** Forces every writer to run on the next animation frame (after a language or model change). */
export function invalidateHud(): void {
  lastFrame = -1;
}

function startLoop(): void {
  if (loopStarted || typeof requestAnimationFrame === 'undefined') return;
  loopStarted = true;
  const loop = () => {
    if (live.frame !== lastFrame) {
      lastFrame = live.frame;
      for (const write of writers) write();
    }
    requestAnimationFrame(loop);
  };
  requestAnimationFrame(loop);
}

export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return '–';
  const magnitude = Math.abs(x);
  const digits = magnitude >= 1000 ? 0 : magnitude >= 100 ? 1 : magnitude >= 10 ? 2 : 3;
  return x.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** `day 3, 07:15` (or `第 3 天 07:15`) for a time in model units; `dayWord` is the language's `day` text, `{n}` the day. */
export function formatClock(time: number, unitsPerDay: number, dayWord: string): string {
  const days = time / unitsPerDay;
  const day = Math.floor(days);
  const minutes = Math.floor((days - day) * 1440);
  const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
  const mm = String(minutes % 60).padStart(2, '0');
  const dayText = dayWord.includes('{n}') ? dayWord.replace('{n}', String(day + 1)) : `${dayWord} ${day + 1},`;
  return `${dayText} ${hh}:${mm}`;
}
