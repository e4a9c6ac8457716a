/**
 * The selected unit's live state, queue and utilisation, the trend of its measured signal (vibration, temperature) as
 * a sparkline, for a CNC cell the tool wear since the last tool change as a second sparkline, and at L3 what the
 * learning controllers predict for it (click equipment in the 3D view, or pick it from the list).
 */
import { useEffect, useRef } from 'react';
import { UNIT_STATE_NAMES, type UnitInfo } from '../../core/runtime/view.ts';
import { formatClock, formatNumber, registerHudWriter } from '../hud.ts';
import { predictionName, translate, type Language, type TextKey } from '../i18n.ts';
import { STATE_STYLE } from '../palette.ts';
import { unitName } from '../names.ts';
import { live, useApp } from '../store.ts';

export function Inspector({ units, unitsPerDay, language }: { units: readonly UnitInfo[]; unitsPerDay: number; language: Language }) {
  const selected = useApp((s) => s.selectedUnit);
  const modelId = useApp((s) => s.loaded?.modelId);
  const state = useRef<HTMLElement>(null);
  const queue = useRef<HTMLElement>(null);
  const utilization = useRef<HTMLElement>(null);
  const energy = useRef<HTMLElement>(null);
  const decisions = useRef<HTMLOListElement>(null);
  const trend = useRef<HTMLCanvasElement>(null);
  const wearTrend = useRef<HTMLCanvasElement>(null);
  const predictionRows = useRef<(HTMLDivElement | null)[]>([]);
  const signal = useApp((s) => s.loaded?.signal);
  const predictions = useApp((s) => s.loaded?.predictions);
  const unitKind = selected === undefined ? undefined : units[selected]?.kind;
  useEffect(() => {
    if (selected === undefined) return;
    // Each trend keeps its last TREND_POINTS readings, one per new simulated time (no allocation per frame).
    const signalTrend = new TrendRing();
    const toolWear = new TrendRing();
    let lastTime = -Infinity;
    // The last text written per prediction row, so the DOM is touched only when a shown value changes.
    const shownPredictions: string[] = [];
    let shownDecisions: readonly unknown[] | undefined;
    return registerHudWriter(() => {
      const recent = live.decisions.get(selected);
      if (decisions.current && recent !== shownDecisions) {
        shownDecisions = recent;
        decisions.current.replaceChildren(
          ...[...(recent ?? [])].reverse().map((event) => {
            const item = document.createElement('li');
            item.textContent = `${formatClock(event.time, unitsPerDay, translate(language, 'day'))}  ${translate(language, `event.${event.kind}` as TextKey)}${event.detail ? ` (${event.detail})` : ''}`;
            return item;
          }),
        );
      }
      if (live.time > lastTime) {
        lastTime = live.time;
        if (signalTrend.add(live.signals[selected])) drawTrend(trend.current, signalTrend, '#56B4E9', 1);
        if (toolWear.add(live.wear[selected])) drawTrend(wearTrend.current, toolWear, '#E69F00', 0, ' %');
      }
      const n = live.states.length;
      for (let k = 0; k < (predictions?.length ?? 0); k++) {
        const row = predictionRows.current[k];
        const info = predictions![k]!;
        const value = live.predictions[k * n + selected];
        const text = value !== undefined && Number.isFinite(value) ? `${value.toFixed(info.decimals)} ${info.unit}` : '';
        if (!row || text === shownPredictions[k]) continue;
        shownPredictions[k] = text;
        row.hidden = text === '';
        row.lastElementChild!.textContent = text;
      }
      const name = UNIT_STATE_NAMES[live.states[selected] ?? 0] ?? 'idle';
      if (state.current) state.current.textContent = `${STATE_STYLE[name].symbol} ${translate(language, `state.${name}`)}`;
      const waiting = live.queues[selected];
      if (queue.current) queue.current.textContent = waiting !== undefined && Number.isFinite(waiting) ? String(Math.round(waiting)) : '–';
      if (utilization.current) utilization.current.textContent = `${formatNumber(100 * (live.utilization[selected] ?? NaN))} %`;
      if (energy.current) energy.current.textContent = `${formatNumber(live.energy[selected] ?? NaN)} kWh`;
    });
  }, [selected, language, unitsPerDay, predictions]);
  const unit = selected === undefined ? undefined : units[selected];
  // The list makes every machine reachable by keyboard too, not only by clicking the 3D view.
  const picker = (
    <select
      data-testid="unit-select"
      aria-label={translate(language, 'unit')}
      value={selected === undefined ? '' : String(selected)}
      onChange={(e) => useApp.setState({ selectedUnit: e.target.value === '' ? undefined : Number(e.target.value) })}
    >
      <option value="">–</option>
      {units.map((u, i) => (
        <option key={u.id} value={String(i)}>
          {unitName(language, modelId, u)}
        </option>
      ))}
    </select>
  );
  if (!unit) {
    return (
      <>
        {picker}
        <p className="hint">{translate(language, 'inspectorHint')}</p>
      </>
    );
  }
  return (
    <>
      {picker}
      <dl className="inspector" data-testid="inspector">
        <dt>{translate(language, 'unit')}</dt>
        <dd>{unitName(language, modelId, unit)}</dd>
        <dt>{translate(language, 'state')}</dt>
        <dd ref={state} />
        <dt>{translate(language, 'queue')}</dt>
        <dd ref={queue} />
        <dt>{translate(language, 'utilization')}</dt>
        <dd ref={utilization} />
        <dt>{translate(language, 'energy')}</dt>
        <dd ref={energy} data-testid="unit-energy" />
        <dt>{translate(language, 'decisions')}</dt>
        <dd>
          <ol className="decisions" data-testid="unit-decisions" ref={decisions} />
        </dd>
        {signal && (
          <>
            <dt>{translate(language, signal.name === 'vibration' ? 'overlay.vibration' : 'overlay.temperature').replace(/^[^:：]*[:：]\s*/, '')}</dt>
            <dd>
              <canvas ref={trend} width={160} height={36} data-testid="signal-trend" aria-label={`${signal.name} (${signal.unit})`} />
            </dd>
          </>
        )}
        {unitKind === 'cnc' && (
          <>
            <dt>{translate(language, 'toolWear')}</dt>
            <dd>
              <canvas ref={wearTrend} width={160} height={36} data-testid="wear-trend" aria-label={`${translate(language, 'toolWear')} (%)`} />
            </dd>
          </>
        )}
        {predictions?.map((p, k) => (
          // Hidden until the learner has a value for this unit (L3, once learned; only the units it concerns).
          <div key={p.name} hidden data-testid={`prediction-${p.name}`} ref={(node) => void (predictionRows.current[k] = node)}>
            <dt>{predictionName(language, p.name)} (L3)</dt>
            <dd />
          </div>
        ))}
      </dl>
    </>
  );
}

const TREND_POINTS = 120;

/** The last `TREND_POINTS` finite readings, oldest overwritten first. */
class TrendRing {
  readonly values = new Float32Array(TREND_POINTS).fill(NaN);
  next = 0;
  count = 0;

  /** Adds a reading; false (and nothing added) when it is missing or not a number. */
  add(reading: number | undefined): boolean {
    if (reading === undefined || !Number.isFinite(reading)) return false;
    this.values[this.next] = reading;
    this.next = (this.next + 1) % TREND_POINTS;
    this.count = Math.min(TREND_POINTS, this.count + 1);
    return true;
  }
}

/** Draws the ring of readings oldest to newest, scaled to its own range, with the latest value printed. */
function drawTrend(canvas: HTMLCanvasElement | null, ring: TrendRing, color: string, decimals: number, suffix = ''): void {
  const context = canvas?.getContext('2d');
  if (!canvas || !context) return;
  const { values, next } = ring;
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (Number.isFinite(v)) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  }
  context.clearRect(0, 0, canvas.width, canvas.height);
  if (!Number.isFinite(lo)) return;
  canvas.dataset.points = String(ring.count);
  const span = hi - lo || 1;
  context.strokeStyle = color;
  context.lineWidth = 1.5;
  context.beginPath();
  let started = false;
  for (let k = 0; k < values.length; k++) {
    const v = values[(next + k) % values.length]!;
    if (!Number.isFinite(v)) continue;
    const x = (k / (values.length - 1)) * (canvas.width - 44);
    const y = canvas.height - 4 - ((v - lo) / span) * (canvas.height - 8);
    if (started) context.lineTo(x, y);
    else context.moveTo(x, y);
    started = true;
  }
  context.stroke();
  context.fillStyle = '#e8eaed';
  context.font = '11px system-ui, sans-serif';
  const latest = values[(next + values.length - 1) % values.length]!;
  canvas.dataset.latest = latest.toFixed(decimals);
  context.fillText(`${latest.toFixed(decimals)}${suffix}`, canvas.width - 40, canvas.height / 2 + 4);
}
