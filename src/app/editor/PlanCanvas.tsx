/**
 * The top-down floor plan (SVG, one user unit = one metre): units as their rotated footprints, links as arrows. Pointer
 * input: place with the active palette item, connect by clicking two units, drag to move (snapped, one undo step per
 * drag), shift-click to add to the selection, drag on the floor for a rubber band. Re-renders on edits and pointer
 * moves only; nothing here runs per simulation tick.
 */
import { useMemo, useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import { connect, FOOTPRINTS, moveUnits, placeUnit, snap, unitsInRect, type EditorLink, type EditorUnit, type LayoutProblem } from './document.ts';
import type { EquipmentKind } from '../../core/model/scene.ts';
import { commit, currentDocument, useEditor } from './store.ts';
import { editorTexts } from './texts.ts';
import { useApp } from '../store.ts';
import { useTexts } from '../use-t.ts';

export const KIND_COLOURS: Record<EquipmentKind, string> = {
  laser: '#E69F00',
  reactor: '#CC79A7',
  heater: '#D55E00',
  column: '#56B4E9',
  tank: '#7f8a96',
  pump: '#009E73',
  separator: '#0072B2',
  source: '#009E73',
  sink: '#7f8a96',
  cnc: '#0072B2',
  deburr: '#56B4E9',
  anodize: '#CC79A7',
  inspection: '#E69F00',
  packing: '#D55E00',
  buffer: '#999933',
  robot: '#F0E442',
  station: '#5a6b7d',
};

const LINK_STYLE = {
  conveyor: { stroke: 'var(--conveyor)', width: 0.3, dash: undefined },
  agv: { stroke: 'var(--info)', width: 0.15, dash: '0.4 0.3' },
  direct: { stroke: 'var(--link)', width: 0.08, dash: undefined },
} as const;

/** The floor shown at least; it grows to hold every unit. */
const FLOOR = { x0: -4, z0: -8, x1: 32, z1: 12 };

interface Drag {
  ids: string[];
  startX: number;
  startZ: number;
  dx: number;
  dz: number;
}
interface Band {
  x0: number;
  z0: number;
  x1: number;
  z1: number;
  additive: boolean;
}

function toWorld(svg: SVGSVGElement, event: { clientX: number; clientY: number }): [number, number] {
  const matrix = svg.getScreenCTM();
  if (!matrix) return [0, 0];
  const point = new DOMPoint(event.clientX, event.clientY).matrixTransform(matrix.inverse());
  return [point.x, point.y];
}

export function PlanCanvas({ problems }: { problems: readonly LayoutProblem[] }) {
  const t = useTexts(editorTexts);
  const doc = useEditor((s) => s.history.present);
  const selection = useEditor((s) => s.selection);
  const tool = useEditor((s) => s.tool);
  const language = useApp((s) => s.language);
  const svgRef = useRef<SVGSVGElement>(null);
  const [drag, setDrag] = useState<Drag | null>(null);
  const [band, setBand] = useState<Band | null>(null);

  const flagged = useMemo(() => new Set(problems.flatMap((p) => [...p.units, ...p.links])), [problems]);
  const selected = useMemo(() => new Set(selection), [selection]);

  const view = useMemo(() => {
    let { x0, z0, x1, z1 } = FLOOR;
    for (const u of doc.units) {
      x0 = Math.min(x0, u.x - 3);
      x1 = Math.max(x1, u.x + 3);
      z0 = Math.min(z0, u.z - 3);
      z1 = Math.max(z1, u.z + 3);
    }
    return { x0, z0, w: x1 - x0, h: z1 - z0 };
  }, [doc.units]);

  /** Where a unit is drawn: moved by the drag in progress, snapped as it will land. */
  const position = (u: EditorUnit): [number, number] => (drag && drag.ids.includes(u.id) ? [snap(u.x + drag.dx), snap(u.z + drag.dz)] : [u.x, u.z]);
  const byId = new Map(doc.units.map((u) => [u.id, u]));

  function onFloorDown(event: ReactPointerEvent<SVGSVGElement>) {
    const svg = svgRef.current;
    if (!svg || event.button !== 0) return;
    const [x, z] = toWorld(svg, event);
    if (tool.mode === 'place') {
      const { doc: next, id } = placeUnit(currentDocument(), tool.kind, x, z);
      commit(next, [id]);
      useEditor.setState({ tool: { mode: 'select' } });
    } else if (tool.mode === 'connect') {
      useEditor.setState({ tool: { mode: 'connect', kind: tool.kind } });
    } else {
      svg.setPointerCapture(event.pointerId);
      setBand({ x0: x, z0: z, x1: x, z1: z, additive: event.shiftKey });
    }
  }

  function onUnitDown(event: ReactPointerEvent<SVGGElement>, id: string) {
    const svg = svgRef.current;
    if (!svg || event.button !== 0) return;
    if (tool.mode === 'place') return; // let the floor place it (over this unit: the check will report the overlap)
    event.stopPropagation();
    if (tool.mode === 'connect') {
      if (tool.from === undefined) {
        useEditor.setState({ tool: { ...tool, from: id }, notice: undefined });
        return;
      }
      const result = connect(currentDocument(), tool.from, id, tool.kind);
      if ('refused' in result) {
        useEditor.setState({ notice: { key: `refused.${result.refused}` } });
        return;
      }
      commit(result.doc, [result.id]);
      // Carry on from the unit just reached, so a line is drawn by clicking its units in order.
      useEditor.setState({ tool: { ...tool, from: id }, notice: undefined });
      return;
    }
    let ids = selection;
    if (event.shiftKey) {
      useEditor.setState({ selection: selected.has(id) ? selection.filter((s) => s !== id) : [...selection, id] });
      return;
    }
    if (!selected.has(id)) {
      ids = [id];
      useEditor.setState({ selection: ids });
    }
    const [x, z] = toWorld(svg, event);
    svg.setPointerCapture(event.pointerId);
    setDrag({ ids: ids.filter((s) => byId.has(s)), startX: x, startZ: z, dx: 0, dz: 0 });
  }

  function onLinkDown(event: ReactPointerEvent<SVGGElement>, link: EditorLink) {
    if (tool.mode !== 'select' || event.button !== 0) return;
    event.stopPropagation();
    useEditor.setState({
      selection: event.shiftKey ? (selected.has(link.id) ? selection.filter((s) => s !== link.id) : [...selection, link.id]) : [link.id],
    });
  }

  function onMove(event: ReactPointerEvent<SVGSVGElement>) {
    const svg = svgRef.current;
    if (!svg || (!drag && !band)) return;
    const [x, z] = toWorld(svg, event);
    if (drag) setDrag({ ...drag, dx: x - drag.startX, dz: z - drag.startZ });
    else if (band) setBand({ ...band, x1: x, z1: z });
  }

  function onUp() {
    if (drag) {
      commit(moveUnits(currentDocument(), drag.ids, drag.dx, drag.dz));
      setDrag(null);
    } else if (band) {
      const inside = unitsInRect(currentDocument(), band.x0, band.z0, band.x1, band.z1);
      const next = band.additive ? [...new Set([...selection, ...inside])] : inside;
      useEditor.setState({ selection: next });
      setBand(null);
    }
  }

  const cursor = tool.mode === 'place' ? 'copy' : tool.mode === 'connect' ? 'crosshair' : 'default';
  return (
    <svg
      ref={svgRef}
      className="editor-canvas"
      data-testid="editor-canvas"
      role="application"
      aria-label={t('plan')}
      viewBox={`${view.x0} ${view.z0} ${view.w} ${view.h}`}
      preserveAspectRatio="xMidYMid meet"
      style={{ cursor }}
      onPointerDown={onFloorDown}
      onPointerMove={onMove}
      onPointerUp={onUp}
      onPointerCancel={onUp}
    >
      <defs>
        <pattern id="editor-grid" width={1} height={1} patternUnits="userSpaceOnUse">
          <path d="M 1 0 L 0 0 0 1" fill="none" style={{ stroke: 'var(--border)' }} strokeWidth={0.03} />
        </pattern>
        <marker
          id="editor-arrow"
          viewBox="0 0 10 10"
          refX={10}
          refY={5}
          markerUnits="userSpaceOnUse"
          markerWidth={0.7}
          markerHeight={0.7}
          orient="auto-start-reverse"
        >
          <path d="M 0 0 L 10 5 L 0 10 z" style={{ fill: 'var(--text-soft)' }} />
        </marker>
      </defs>
      <rect x={view.x0} y={view.z0} width={view.w} height={view.h} fill="url(#editor-grid)" />
      {doc.links.map((link) => {
        const a = byId.get(link.from);
        const b = byId.get(link.to);
        if (!a || !b) return null;
        const [ax, az] = position(a);
        const [bx, bz] = position(b);
        // Run between the footprints' edges (roughly), so the arrow head stays visible.
        const length = Math.hypot(bx - ax, bz - az) || 1;
        const inset = Math.min(length / 2, Math.max(...FOOTPRINTS[b.kind]) / 2 + 0.1);
        const outset = Math.min(length / 2, Math.min(...FOOTPRINTS[a.kind]) / 2);
        const ex = bx - ((bx - ax) / length) * inset;
        const ez = bz - ((bz - az) / length) * inset;
        const sx = ax + ((bx - ax) / length) * outset;
        const sz = az + ((bz - az) / length) * outset;
        const style = LINK_STYLE[link.kind];
        const isSelected = selected.has(link.id);
        return (
          <g key={link.id} data-testid={`editor-link-${link.id}`} data-selected={isSelected} onPointerDown={(e) => onLinkDown(e, link)}>
            <line x1={sx} y1={sz} x2={ex} y2={ez} stroke="transparent" strokeWidth={0.8} />
            <line
              x1={sx}
              y1={sz}
              x2={ex}
              y2={ez}
              style={{ stroke: flagged.has(link.id) ? 'var(--danger)' : isSelected ? 'var(--info)' : style.stroke }}
              strokeWidth={isSelected ? style.width + 0.1 : style.width}
              strokeDasharray={style.dash}
              markerEnd="url(#editor-arrow)"
            />
          </g>
        );
      })}
      {doc.units.map((unit) => {
        const [x, z] = position(unit);
        const [w, d] = FOOTPRINTS[unit.kind];
        const isSelected = selected.has(unit.id);
        const isProblem = flagged.has(unit.id);
        const isFrom = tool.mode === 'connect' && tool.from === unit.id;
        return (
          <g
            key={unit.id}
            data-testid={`editor-unit-${unit.id}`}
            data-x={x}
            data-z={z}
            data-rotation={unit.rotation}
            data-selected={isSelected}
            data-problem={isProblem}
            onPointerDown={(e) => onUnitDown(e, unit.id)}
            style={{ cursor: tool.mode === 'select' ? 'move' : undefined }}
          >
            <rect
              x={-w / 2}
              y={-d / 2}
              width={w}
              height={d}
              rx={unit.kind === 'source' || unit.kind === 'sink' ? 0.5 : 0.12}
              transform={`translate(${x} ${z}) rotate(${unit.rotation})`}
              fill={KIND_COLOURS[unit.kind]}
              fillOpacity={0.85}
              style={{ stroke: isFrom ? 'var(--highlight-text)' : isSelected ? 'var(--text)' : isProblem ? 'var(--danger)' : 'var(--bg)' }}
              strokeWidth={isSelected || isProblem || isFrom ? 0.14 : 0.05}
              strokeDasharray={isProblem && !isSelected ? '0.3 0.15' : undefined}
            />
            {/* Which way the unit faces: a notch on its output side. */}
            <path
              d={`M ${w / 2 - 0.3} -0.25 L ${w / 2} 0 L ${w / 2 - 0.3} 0.25`}
              transform={`translate(${x} ${z}) rotate(${unit.rotation})`}
              fill="none"
              style={{ stroke: 'var(--bg)' }}
              strokeWidth={0.08}
            />
            <text x={x} y={z + Math.max(w, d) / 2 + 0.6} fontSize={0.55} style={{ fill: 'var(--text)' }} textAnchor="middle" pointerEvents="none">
              {unit.label?.[language] ?? unit.name ?? unit.id}
            </text>
          </g>
        );
      })}
      {band && (
        <rect
          x={Math.min(band.x0, band.x1)}
          y={Math.min(band.z0, band.z1)}
          width={Math.abs(band.x1 - band.x0)}
          height={Math.abs(band.z1 - band.z0)}
          fillOpacity={0.12}
          style={{ fill: 'var(--info)', stroke: 'var(--info)' }}
          strokeWidth={0.05}
          pointerEvents="none"
        />
      )}
    </svg>
  );
}
