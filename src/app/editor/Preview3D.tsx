/**
 * The edited layout in 3D, beside the plan: the twin's own `PlantScene` (same equipment, belts and labels) fed with a
 * frame of its own in which every station is idle, so nothing runs and the twin's live frame is left alone. The scene
 * is registered as a custom layout under a name that changes with each edit, so the scene re-reads it.
 */
import { useEffect, useMemo, useRef } from 'react';
import type { UnitInfo } from '../../core/runtime/view.ts';
import { setCustomLayout } from '../scene/custom-layouts.ts';
import { PlantScene } from '../scene/PlantScene.tsx';
import { createLiveFrame } from '../store.ts';
import { roleOf, toModel, type LayoutDocument } from './document.ts';

const PREVIEW_FILE = 'editor preview';

/** Stations as the view lists them: equipment kind from the plan, and where parts go next along the links. */
export function previewUnits(doc: LayoutDocument): UnitInfo[] {
  const stations = doc.units.filter((u) => roleOf(u.kind) === 'station');
  const ids = new Set(stations.map((u) => u.id));
  return stations.map((u) => {
    const next = doc.links.filter((l) => l.from === u.id && ids.has(l.to)).map((l) => l.to);
    return { id: u.id, name: u.name ?? u.id, kind: u.kind, ...(next.length > 0 ? { next } : {}) };
  });
}

let previews = 0;

export function Preview3D({ doc }: { doc: LayoutDocument }) {
  const units = useMemo(() => previewUnits(doc), [doc]);
  const previous = useRef<string | undefined>(undefined);
  const modelId = useMemo(() => {
    const id = `editor-preview-${++previews}`;
    setCustomLayout(id, toModel(doc).scene, PREVIEW_FILE);
    return id;
  }, [doc]);
  useEffect(() => {
    if (previous.current && previous.current !== modelId) setCustomLayout(previous.current, undefined, PREVIEW_FILE);
    previous.current = modelId;
  }, [modelId]);
  useEffect(
    () => () => {
      if (previous.current) setCustomLayout(previous.current, undefined, PREVIEW_FILE);
    },
    [],
  );
  const frame = useMemo(() => {
    const f = createLiveFrame();
    f.states = new Uint8Array(units.length); // 0: idle
    f.queues = new Float32Array(units.length);
    f.utilization = new Float32Array(units.length);
    f.completed = new Float64Array(units.length);
    return f;
  }, [units]);
  if (units.length === 0) return null;
  return (
    <div className="editor-preview scene" data-testid="editor-preview">
      <PlantScene modelId={modelId} units={units} capabilities={{}} source={frame} perfProbe={false} selectable={false} />
    </div>
  );
}
