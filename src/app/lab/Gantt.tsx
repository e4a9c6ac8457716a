/**
 * The lab's Gantt chart, in SVG: machines as rows, one bar per operation coloured by job (a colour-blind-safe palette)
 * and labelled with the job number, so colour is never the only cue; the critical path has a thick outline.
 *
 * Interaction: wheel zooms around the pointer (shift+wheel pans), dragging the background pans, the buttons do both.
 * Dragging a bar along its row asks for another position in its machine's order (`onMove`); the store repairs the
 * schedule with the core. The view (time at the left edge, time span) lives in a ref, not in React state: bars are
 * drawn in time units inside one group, so a zoom or pan rewrites that group's transform, the axis and the job
 * numbers' positions, at most once per animation frame (`applyView`); a dragged bar moves by its own transform
 * attribute. Neither renders React; React renders only when the schedule shown changes.
 */
import { memo, useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import type { JobShopInstance } from '../../core/scheduling/instance.ts';
import { fill } from '../i18n.ts';
import { useTexts } from '../use-t.ts';
import type { ShownSchedule } from './lab-store.ts';
import { labTexts } from './texts.ts';

/** Okabe-Ito and Paul Tol's muted palette: distinguishable with the common colour-vision deficiencies. */
export const JOB_COLOURS = [
  '#E69F00',
  '#56B4E9',
  '#009E73',
  '#F0E442',
  '#0072B2',
  '#D55E00',
  '#CC79A7',
  '#332288',
  '#88CCEE',
  '#44AA99',
  '#117733',
  '#999933',
  '#DDCC77',
  '#CC6677',
  '#882255',
  '#AA4499',
];

/** Dark or light text, whichever reads better on the bar's colour. */
function textColour(hex: string): string {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.45 ? '#111' : '#fff';
}

const LABEL_WIDTH = 48;
const ROW_HEIGHT = 26;
const AXIS_HEIGHT = 22;
const RIGHT_PAD = 12;
const DRAG_THRESHOLD_PX = 4;

interface View {
  /** Time at the left edge of the plot. */
  t0: number;
  /** Time units across the plot. */
  span: number;
}

interface Bar {
  readonly id: number;
  readonly job: number;
  readonly operation: number;
  readonly machine: number;
  readonly start: number;
  readonly end: number;
  /** Position in its machine's sequence. */
  readonly position: number;
  readonly critical: boolean;
}

type Drag =
  | { kind: 'bar'; bar: Bar; element: SVGGElement; transform: string; startX: number; dx: number; pointerId: number }
  | { kind: 'pan'; startX: number; t0: number; pointerId: number };

function niceStep(span: number, pixels: number): number {
  const raw = span / Math.max(1, pixels / 80);
  const pow = 10 ** Math.floor(Math.log10(Math.max(raw, 1e-9)));
  for (const f of [1, 2, 5, 10]) if (f * pow >= raw) return Math.max(1, f * pow);
  return Math.max(1, 10 * pow);
}

interface GanttProps {
  instance: JobShopInstance;
  shown: ShownSchedule;
  onMove: (machine: number, from: number, to: number) => void;
}

/** Memoised: it redraws when the schedule shown changes, not when the lab's other state does. */
export const Gantt = memo(function Gantt({ instance, shown, onMove }: GanttProps) {
  const t = useTexts(labTexts);
  const container = useRef<HTMLDivElement>(null);
  const svg = useRef<SVGSVGElement>(null);
  const tooltip = useRef<HTMLDivElement>(null);
  const drag = useRef<Drag | null>(null);
  const [width, setWidth] = useState(800);
  const fit = (): View => ({ t0: 0, span: Math.max(1, shown.makespan * 1.02) });
  // The view lives outside React: zoom and pan rewrite the DOM directly (`applyView`), no render.
  const viewRef = useRef<View>(fit());
  /** True while the student has not zoomed or panned: the view then follows the makespan as edits change it. */
  const fitted = useRef(true);
  const frameRequested = useRef(false);
  const barsGroup = useRef<SVGGElement>(null);
  const labelsGroup = useRef<SVGGElement>(null);
  const axisGroup = useRef<SVGGElement>(null);
  const makespanLine = useRef<SVGLineElement>(null);

  useEffect(() => {
    const node = container.current;
    if (!node) return;
    const observer = new ResizeObserver(() => setWidth(Math.max(320, node.clientWidth)));
    observer.observe(node);
    setWidth(Math.max(320, node.clientWidth));
    return () => observer.disconnect();
  }, []);

  const plotWidth = width - LABEL_WIDTH - RIGHT_PAD;
  const m = instance.machines;
  const height = AXIS_HEIGHT + m * ROW_HEIGHT + 4;
  const scaleOf = (view: View) => plotWidth / view.span;

  const bars = useMemo<Bar[]>(() => {
    const out: Bar[] = [];
    for (let j = 0; j < instance.jobs; j++) {
      for (let k = 0; k < m; k++) {
        const id = j * m + k;
        const machine = instance.machine[j]![k]!;
        const start = shown.starts[id]!;
        out.push({
          id,
          job: j,
          operation: k,
          machine,
          start,
          end: start + instance.duration[j]![k]!,
          position: shown.sequences[machine]!.indexOf(j),
          critical: shown.critical.has(id),
        });
      }
    }
    return out;
  }, [instance, shown, m]);

  /** Writes the current view into the DOM: bar positions and widths, labels that fit, axis ticks, the makespan line. */
  const applyView = () => {
    const view = viewRef.current;
    const scale = scaleOf(view);
    const xOf = (time: number) => LABEL_WIDTH + (time - view.t0) * scale;
    // One transform for every bar: bars are drawn in time units, and strokes do not scale (vector-effect).
    barsGroup.current?.setAttribute('transform', `translate(${LABEL_WIDTH - view.t0 * scale} 0) scale(${scale} 1)`);
    // Job numbers live in their own layer so they keep their shape; shown where they fit, hidden while their bar is dragged.
    const labels = labelsGroup.current;
    if (labels) {
      const dragged = drag.current?.kind === 'bar' ? drag.current.bar.id : -1;
      const elements = labels.children;
      for (let i = 0; i < bars.length; i++) {
        const bar = bars[i]!;
        const label = elements[i] as SVGTextElement | undefined;
        if (!label) break;
        const fits = (bar.end - bar.start) * scale >= 14 && i !== dragged;
        label.style.display = fits ? '' : 'none';
        if (fits) label.setAttribute('x', String(xOf((bar.start + bar.end) / 2)));
      }
    }
    const axis = axisGroup.current;
    if (axis) {
      const step = niceStep(view.span, plotWidth);
      let time = Math.max(0, Math.ceil(view.t0 / step) * step);
      for (const tick of Array.from(axis.children) as SVGGElement[]) {
        const visible = time <= view.t0 + view.span;
        tick.style.display = visible ? '' : 'none';
        if (visible) {
          const x = String(xOf(time));
          const line = tick.firstElementChild!;
          line.setAttribute('x1', x);
          line.setAttribute('x2', x);
          const text = line.nextElementSibling!;
          text.setAttribute('x', x);
          text.textContent = String(time);
        }
        time += step;
      }
    }
    const line = makespanLine.current;
    if (line) {
      line.setAttribute('x1', String(xOf(shown.makespan)));
      line.setAttribute('x2', String(xOf(shown.makespan)));
    }
    svg.current?.setAttribute('data-t0', String(view.t0));
    svg.current?.setAttribute('data-span', String(view.span));
  };
  const applyViewRef = useRef(applyView);
  applyViewRef.current = applyView;

  // A new run shown: fit it. Hand edits of the same run keep the student's zoom, or refit when there is none.
  useLayoutEffect(() => {
    viewRef.current = fit();
    fitted.current = true;
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only a new run refits (`fit` reads `shown`); edits are below
  }, [instance, shown.runId]);
  useLayoutEffect(() => {
    if (fitted.current) viewRef.current = fit();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `fit` is a function of `shown` alone
  }, [shown]);
  // After every render (new schedule, new width) the DOM gets the current view.
  useLayoutEffect(() => applyView());

  /** Sets the view; the DOM follows once per animation frame. */
  const requestView = (next: View, isFit = false) => {
    fitted.current = isFit;
    const span = Math.min(Math.max(next.span, 1), Math.max(1, shown.makespan * 4));
    viewRef.current = { span, t0: Math.min(Math.max(next.t0, -span * 0.5), shown.makespan) };
    if (frameRequested.current) return;
    frameRequested.current = true;
    requestAnimationFrame(() => {
      frameRequested.current = false;
      applyViewRef.current();
    });
  };
  const zoomAround = (factor: number, anchorTime: number) => {
    const current = viewRef.current;
    const span = current.span * factor;
    requestView({ span, t0: anchorTime - (anchorTime - current.t0) * (span / current.span) });
  };
  const zoomCentre = (factor: number) => zoomAround(factor, viewRef.current.t0 + viewRef.current.span / 2);
  const panBy = (timeDelta: number) => requestView({ ...viewRef.current, t0: viewRef.current.t0 + timeDelta });

  // Wheel needs a non-passive listener to keep the page from scrolling.
  useEffect(() => {
    const node = svg.current;
    if (!node) return;
    const onWheel = (event: WheelEvent) => {
      event.preventDefault();
      const current = viewRef.current;
      const s = (node.clientWidth - LABEL_WIDTH - RIGHT_PAD) / current.span;
      if (event.shiftKey || Math.abs(event.deltaX) > Math.abs(event.deltaY)) {
        panBy((event.shiftKey ? event.deltaY : event.deltaX) / s);
        return;
      }
      const anchor = current.t0 + (event.clientX - node.getBoundingClientRect().left - LABEL_WIDTH) / s;
      zoomAround(Math.exp(event.deltaY * 0.0015), anchor);
    };
    node.addEventListener('wheel', onWheel, { passive: false });
    return () => node.removeEventListener('wheel', onWheel);
  });

  const barOf = (target: EventTarget | null): { bar: Bar; element: SVGGElement } | null => {
    const element = (target as Element | null)?.closest?.('.gantt-bar') as SVGGElement | null;
    if (!element) return null;
    const bar = bars[Number(element.dataset.id)];
    return bar ? { bar, element } : null;
  };

  const showTooltip = (bar: Bar, clientX: number, clientY: number) => {
    const node = tooltip.current;
    const box = container.current?.getBoundingClientRect();
    if (!node || !box) return;
    const values = { job: bar.job + 1, operation: bar.operation + 1, machine: bar.machine, start: bar.start, end: bar.end, duration: bar.end - bar.start };
    node.textContent = fill(t('tooltip'), values) + (bar.critical ? `\n${t('tooltipCritical')}` : '');
    node.style.transform = `translate(${Math.min(clientX - box.left + 12, box.width - 240)}px, ${clientY - box.top + 14}px)`;
    node.hidden = false;
  };
  const hideTooltip = () => {
    if (tooltip.current) tooltip.current.hidden = true;
  };

  const onPointerDown = (event: PointerEvent<SVGSVGElement>) => {
    if (event.button !== 0) return;
    const hit = barOf(event.target);
    svg.current?.setPointerCapture(event.pointerId);
    if (hit) {
      drag.current = { kind: 'bar', ...hit, transform: hit.element.getAttribute('transform') ?? '', startX: event.clientX, dx: 0, pointerId: event.pointerId };
      hit.element.classList.add('dragging');
      applyViewRef.current(); // hides the bar's job number while it moves
    } else drag.current = { kind: 'pan', startX: event.clientX, t0: viewRef.current.t0, pointerId: event.pointerId };
  };

  const onPointerMove = (event: PointerEvent<SVGSVGElement>) => {
    const d = drag.current;
    if (!d) {
      const hit = barOf(event.target);
      if (hit) showTooltip(hit.bar, event.clientX, event.clientY);
      else hideTooltip();
      return;
    }
    if (d.kind === 'pan') {
      requestView({ ...viewRef.current, t0: d.t0 - (event.clientX - d.startX) / scaleOf(viewRef.current) });
      return;
    }
    d.dx = event.clientX - d.startX;
    // Inside the scaled layer a shift is in time units.
    d.element.setAttribute('transform', `${d.transform} translate(${d.dx / scaleOf(viewRef.current)} 0)`);
    hideTooltip();
  };

  const endDrag = (event: PointerEvent<SVGSVGElement>, commit: boolean) => {
    const d = drag.current;
    drag.current = null;
    if (svg.current?.hasPointerCapture(event.pointerId)) svg.current.releasePointerCapture(event.pointerId);
    if (!d || d.kind !== 'bar') return;
    d.element.setAttribute('transform', d.transform);
    d.element.classList.remove('dragging');
    applyViewRef.current();
    if (!commit || Math.abs(d.dx) < DRAG_THRESHOLD_PX) {
      (d.element as unknown as HTMLElement).focus?.();
      return;
    }
    // The new place: after every other operation of the machine whose centre lies left of the dragged bar's centre.
    const centre = (d.bar.start + d.bar.end) / 2 + d.dx / scaleOf(viewRef.current);
    let to = 0;
    for (const other of bars) {
      if (other.machine === d.bar.machine && other.id !== d.bar.id && (other.start + other.end) / 2 < centre) to++;
    }
    if (to !== d.bar.position) onMove(d.bar.machine, d.bar.position, to);
  };

  const onKeyDown = (event: KeyboardEvent<SVGSVGElement>) => {
    const hit = barOf(event.target);
    if (!hit) return;
    const { machine, position } = hit.bar;
    if (event.key === 'ArrowLeft' && position > 0) onMove(machine, position, position - 1);
    else if (event.key === 'ArrowRight' && position < instance.jobs - 1) onMove(machine, position, position + 1);
    else return;
    event.preventDefault();
  };

  const clipId = `gantt-clip-${useId().replace(/:/g, '')}`;
  /** Enough tick slots for any zoom: niceStep keeps ticks at least 80 px apart. */
  const tickSlots = Math.ceil(plotWidth / 80) + 2;

  return (
    <div className="gantt-wrap">
      <div className="gantt-tools" role="toolbar" aria-label={t('gantt')}>
        <button data-testid="gantt-zoom-in" onClick={() => zoomCentre(1 / 1.5)} aria-label={t('zoomIn')} title={t('zoomIn')}>
          +
        </button>
        <button data-testid="gantt-zoom-out" onClick={() => zoomCentre(1.5)} aria-label={t('zoomOut')} title={t('zoomOut')}>
          −
        </button>
        <button data-testid="gantt-pan-left" onClick={() => panBy(-viewRef.current.span / 4)} aria-label={t('panLeft')} title={t('panLeft')}>
          ←
        </button>
        <button data-testid="gantt-pan-right" onClick={() => panBy(viewRef.current.span / 4)} aria-label={t('panRight')} title={t('panRight')}>
          →
        </button>
        <button data-testid="gantt-fit" onClick={() => requestView(fit(), true)}>
          {t('fit')}
        </button>
        <span className="gantt-legend">
          <span className="critical-swatch" aria-hidden="true" /> {t('criticalLegend')} · {t('jobLegend')}
        </span>
      </div>
      <div className="gantt-chart" ref={container}>
        <svg
          ref={svg}
          data-testid="gantt"
          data-makespan={shown.makespan}
          width={width}
          height={height}
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={(e) => endDrag(e, true)}
          onPointerCancel={(e) => endDrag(e, false)}
          onPointerLeave={hideTooltip}
          onKeyDown={onKeyDown}
        >
          <defs>
            <clipPath id={clipId}>
              <rect x={LABEL_WIDTH} y={0} width={plotWidth} height={height} />
            </clipPath>
          </defs>
          <rect className="gantt-bg" x={0} y={0} width={width} height={height} />
          {Array.from({ length: m }, (_, machine) => (
            <g key={machine}>
              <rect
                className={machine % 2 ? 'gantt-row odd' : 'gantt-row'}
                x={LABEL_WIDTH}
                y={AXIS_HEIGHT + machine * ROW_HEIGHT}
                width={plotWidth}
                height={ROW_HEIGHT}
              />
              <text className="gantt-machine" x={LABEL_WIDTH - 6} y={AXIS_HEIGHT + machine * ROW_HEIGHT + ROW_HEIGHT / 2}>
                {fill(t('machineRow'), { machine })}
              </text>
            </g>
          ))}
          <g clipPath={`url(#${clipId})`}>
            <g ref={axisGroup}>
              {Array.from({ length: tickSlots }, (_, i) => (
                <g key={i} className="gantt-tick">
                  <line y1={AXIS_HEIGHT - 4} y2={height} />
                  <text y={AXIS_HEIGHT - 8} />
                </g>
              ))}
            </g>
            <g ref={barsGroup}>
              {bars.map((bar) => {
                const colour = JOB_COLOURS[bar.job % JOB_COLOURS.length]!;
                return (
                  <g
                    key={bar.id}
                    className={bar.critical ? 'gantt-bar critical' : 'gantt-bar'}
                    data-testid="gantt-bar"
                    data-id={bar.id}
                    data-job={bar.job}
                    data-operation={bar.operation}
                    data-machine={bar.machine}
                    data-start={bar.start}
                    data-end={bar.end}
                    data-position={bar.position}
                    data-critical={bar.critical}
                    tabIndex={0}
                    role="button"
                    aria-label={fill(t('barLabel'), { job: bar.job + 1, operation: bar.operation + 1, machine: bar.machine, start: bar.start, end: bar.end })}
                    onFocus={(e) => {
                      const box = e.currentTarget.getBoundingClientRect();
                      showTooltip(bar, box.left, box.bottom - 10);
                    }}
                    onBlur={hideTooltip}
                    transform={`translate(${bar.start} ${AXIS_HEIGHT + bar.machine * ROW_HEIGHT + 3})`}
                  >
                    <rect width={bar.end - bar.start} height={ROW_HEIGHT - 6} fill={colour} vectorEffect="non-scaling-stroke" />
                  </g>
                );
              })}
            </g>
            <g ref={labelsGroup} className="gantt-labels" aria-hidden="true">
              {bars.map((bar) => (
                <text
                  key={bar.id}
                  y={AXIS_HEIGHT + bar.machine * ROW_HEIGHT + 3 + (ROW_HEIGHT - 6) / 2}
                  fill={textColour(JOB_COLOURS[bar.job % JOB_COLOURS.length]!)}
                >
                  {bar.job + 1}
                </text>
              ))}
            </g>
            <line className="gantt-makespan" ref={makespanLine} y1={AXIS_HEIGHT - 4} y2={height} />
          </g>
        </svg>
        <div className="gantt-tooltip" ref={tooltip} hidden data-testid="gantt-tooltip" />
      </div>
    </div>
  );
});
