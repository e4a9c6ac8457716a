/**
 * The 3D view. Equipment is laid out from `scenes/<model>.json` when there is one, else in a row, and drawn by kind
 * from a catalogue of procedural parts, one instanced mesh per part type (`Equipment.tsx`); its colour follows the
 * unit state, and waiting parts are drawn as one instanced mesh. Everything that changes per frame is read from
 * the scene's `source` (the main twin's `live` unless another is given: the comparison view runs several scenes, each
 * fed by its own engine) inside `useFrame` without subscribing, with scratch objects allocated once at module level.
 */
import { Canvas, useFrame, useThree } from '@react-three/fiber';
import { own } from '../../core/util/own.ts';
import './three-catalogue.ts';
import { Suspense, useEffect, useMemo, useRef, type RefObject } from 'react';
import * as THREE from 'three';
import { UNIT_STATE_NAMES, type UnitInfo } from '../../core/runtime/view.ts';
import { STATE_STYLE } from '../palette.ts';
import { live, useApp, type LiveFrame } from '../store.ts';
import type { Level } from '../../core/experiment/levels.ts';
import { translate } from '../i18n.ts';
import type { SceneLayout } from './layout.ts';
import { placeUnits, type PlacedUnit } from './place-units.ts';
import { mesPosition } from './mes-position.ts';
import { layoutFor } from './layouts.ts';
import { SCENE_COLORS, useResolvedTheme } from '../theme.ts';
import { fitPreset } from './camera.ts';
import { lazyWithRetry } from '../lazy-retry.ts';
import type { CompactLabels } from './declutter.ts';
import { isProcessKind } from './belts.ts';

const MAX_PARTS_SHOWN_PER_UNIT = 40;
const SPACING = 3;

// Scratch objects for the per-frame loop (no allocation per frame).
const scratch = new THREE.Object3D();
const projected = new THREE.Vector3();

/**
 * Parts waiting in each unit's buffer, stacked in front of it: one draw call for all of them. Process units hold an
 * inventory, not parts (a tank's content is drawn as its level), so they stack nothing.
 */
function WaitingParts({ placed, kinds, source }: { placed: readonly PlacedUnit[]; kinds: readonly string[]; source: LiveFrame }) {
  const mesh = useRef<THREE.InstancedMesh>(null);
  const count = placed.length;
  const holdsParts = useMemo(() => kinds.map((kind) => !isProcessKind(kind)), [kinds]);
  const capacity = Math.max(1, count * MAX_PARTS_SHOWN_PER_UNIT);
  useFrame(() => {
    const m = mesh.current;
    if (!m) return;
    let n = 0;
    for (let unit = 0; unit < count; unit++) {
      if (!holdsParts[unit]) continue;
      const shown = Math.min(MAX_PARTS_SHOWN_PER_UNIT, Math.ceil(source.queues[unit] ?? 0));
      const x0 = placed[unit]!.x - 1.4;
      const z0 = placed[unit]!.z + 1.4;
      for (let k = 0; k < shown; k++) {
        scratch.position.set(x0 - 0.35 * Math.floor(k / 10), 0.25 + 0.3 * (k % 10 >= 5 ? 1 : 0), z0 - 0.3 * (k % 5));
        scratch.updateMatrix();
        m.setMatrixAt(n++, scratch.matrix);
      }
    }
    m.count = n;
    m.instanceMatrix.needsUpdate = true;
  });
  return (
    <instancedMesh ref={mesh} args={[undefined, undefined, capacity]} frustumCulled={false}>
      <boxGeometry args={[0.25, 0.25, 0.25]} />
      <meshStandardMaterial color="#CC79A7" />
    </instancedMesh>
  );
}

/** Unit labels as DOM nodes over the canvas, moved each frame by projecting the unit positions (no re-render). */
function Labels({
  placed,
  nodes,
  source,
  compact,
  first,
}: {
  placed: readonly PlacedUnit[];
  nodes: RefObject<(HTMLDivElement | null)[]>;
  source: LiveFrame;
  /** Small scenes: labels that would overlap one of higher priority are hidden (`declutter.ts`). */
  compact?: CompactLabels;
  /** The label of highest priority (the MES node), or -1. */
  first: number;
}) {
  const camera = useThree((s) => s.camera);
  const size = useThree((s) => s.size);
  const language = useApp((s) => s.language);
  const declutter = useMemo(() => (compact ? new compact.LabelDeclutter(placed.length, first) : undefined), [compact, placed, first]);
  // Texts change with the language: sizes are read again and the overlap pass runs on the next frame.
  const relayout = useRef(true);
  useEffect(() => {
    declutter?.invalidate();
    relayout.current = true;
  }, [declutter, language]);
  // Last written screen positions: the DOM (and a style string) is touched only when a label actually moves.
  const last = useMemo(() => new Float32Array(placed.length * 2).fill(NaN), [placed]);
  // The state symbol beside each name, so that no state is told by colour alone; rewritten only when it changes.
  const lastState = useMemo(() => new Int16Array(placed.length).fill(-1), [placed]);
  // The overlay value (utilisation %, or parts waiting), rounded, rewritten only when the rounded value changes.
  const lastOverlay = useMemo(() => new Float64Array(placed.length).fill(NaN), [placed]);
  const overlay = useApp((s) => s.overlay);
  const signalUnit = useApp((s) => s.loaded?.signal?.unit ?? '');
  const predictions = useApp((s) => s.loaded?.predictions);
  // Which of the model's predictions the overlay shows (`prediction:<name>`; plain `prediction` is the first).
  const predictionIndex = useMemo(() => {
    if (overlay === 'prediction') return predictions && predictions.length > 0 ? 0 : -1;
    if (!overlay.startsWith('prediction:')) return -1;
    const name = overlay.slice('prediction:'.length);
    return predictions?.findIndex((p) => p.name === name) ?? -1;
  }, [overlay, predictions]);
  const prediction = predictionIndex >= 0 ? predictions?.[predictionIndex] : undefined;
  const predictionScale = 10 ** (prediction?.decimals ?? 0);
  // Set when the overlay changes: every label's value is rewritten once (a unit without a value must drop the old one,
  // and NaN compares equal to NaN).
  const staleOverlay = useMemo(() => new Uint8Array(placed.length).fill(1), [placed]);
  useEffect(() => {
    staleOverlay.fill(1);
  }, [overlay, predictionIndex, staleOverlay]);
  /* eslint-disable react-hooks/immutability -- react-three-fiber's per-frame path: useFrame updates the memoised typed arrays and three.js objects in place, so a frame allocates nothing and renders no React */
  useFrame(() => {
    let changed = relayout.current;
    relayout.current = false;
    for (let i = 0; i < placed.length; i++) {
      const node = nodes.current[i];
      if (!node) continue;
      const state = source.states[i];
      if (state !== undefined && state !== lastState[i] && node.firstElementChild) {
        lastState[i] = state;
        const name = UNIT_STATE_NAMES[state] ?? 'idle';
        node.firstElementChild.textContent = STATE_STYLE[name].symbol;
        (node.firstElementChild as HTMLElement).dataset.state = name;
      }
      const valueNode = node.lastElementChild;
      if (valueNode && valueNode !== node.firstElementChild) {
        const raw =
          overlay === 'utilization'
            ? 100 * (source.utilization[i] ?? NaN)
            : overlay === 'queue'
              ? (source.queues[i] ?? NaN)
              : overlay === 'signal'
                ? 10 * (source.signals[i] ?? NaN) // one decimal for signals
                : prediction && i < source.states.length
                  ? predictionScale * (source.predictions[predictionIndex * source.states.length + i] ?? NaN)
                  : NaN;
        const rounded = Math.round(raw);
        if (staleOverlay[i] || !Object.is(rounded, lastOverlay[i])) {
          staleOverlay[i] = 0;
          lastOverlay[i] = rounded;
          valueNode.textContent = !Number.isFinite(rounded)
            ? ''
            : overlay === 'utilization'
              ? ` ${rounded} %`
              : overlay === 'signal'
                ? ` ${(rounded / 10).toFixed(1)} ${signalUnit}`
                : prediction
                  ? ` ▸ ${(rounded / predictionScale).toFixed(prediction.decimals)} ${prediction.unit}`
                  : ` ${rounded}`;
          if (declutter) {
            declutter.invalidate(i);
            changed = true;
          }
        }
      }
      projected.set(placed[i]!.x, 2.6, placed[i]!.z).project(camera);
      const x = Math.round(((projected.x + 1) / 2) * size.width);
      const y = projected.z < 1 ? Math.round(((1 - projected.y) / 2) * size.height) : -1e4;
      if (x === last[2 * i] && y === last[2 * i + 1]) continue;
      last[2 * i] = x;
      last[2 * i + 1] = y;
      changed = true;
      node.style.transform = `translate(-50%, -100%) translate(${x}px, ${y}px)`;
    }
    if (declutter && changed) declutter.update(nodes.current, last);
  });
  /* eslint-enable react-hooks/immutability */
  return null;
}

/**
 * Orbit, pan, zoom and flights load just after the first frame (OrbitControls and its raycasting are about 5 kB gzip
 * of three.js, counted against the initial-JS budget otherwise); until then `FirstCamera` places the camera.
 */
// Loaded just after the first frame, to keep the JavaScript before it within its budget (src/build/bundle-size.ts):
// belts and parts, the process plant's pipes and a tour's highlights are not needed to draw the plant first.
// The frame-time probe only with ?perf.
const PerfStart = lazyWithRetry(
  () => import('./PerfProbe.tsx'),
  (m) => m.PerfStart,
);
const PerfRenderTimer = lazyWithRetry(
  () => import('./PerfProbe.tsx'),
  (m) => m.PerfRenderTimer,
);
// Speed trick: the equipment's part catalogue (and three's geometry-merging utilities) loads just after the first
// frame, which draws the floor and the labels; the machines appear on the next frames.
const Equipment = lazyWithRetry(
  () => import('./Equipment.tsx'),
  (m) => m.Equipment,
);
const NetworkLinks = lazyWithRetry(
  () => import('./NetworkLinks.tsx'),
  (m) => m.NetworkLinks,
);
const Conveyors = lazyWithRetry(
  () => import('./Conveyors.tsx'),
  (m) => m.Conveyors,
);
// Only for a model with AGV fleets: other models load none of it and draw nothing more.
const Vehicles = lazyWithRetry(
  () => import('./Vehicles.tsx'),
  (m) => m.Vehicles,
);
const Pipes = lazyWithRetry(
  () => import('./Pipes.tsx'),
  (m) => m.Pipes,
);
const Highlights = lazyWithRetry(
  () => import('./Highlights.tsx'),
  (m) => m.Highlights,
);
const CameraControls = lazyWithRetry(
  () => import('./CameraControls.tsx'),
  (m) => m.CameraControls,
);

/** The camera at the layout's chosen (or first) preset, for the first frame. */
function FirstCamera({
  cameras,
  fallback,
}: {
  cameras: SceneLayout['cameras'];
  fallback: { position: [number, number, number]; target: [number, number, number] };
}) {
  const camera = useThree((s) => s.camera);
  const size = useThree((s) => s.size);
  const cameraId = useApp((s) => s.cameraId);
  useEffect(() => {
    const preset = cameras?.find((c) => c.id === cameraId) ?? cameras?.[0] ?? fallback;
    fitPreset(preset.position, preset.target, size.width / size.height, camera.position);
    camera.lookAt(...preset.target);
    // Not on `cameraId` changes: those are CameraControls' flights (reading it here only picks the first view).
    // eslint-disable-next-line react-hooks/exhaustive-deps -- nor on resizes: the first view only; the size is read once
  }, [camera, cameras, fallback]);
  return null;
}

export function PlantScene({
  modelId,
  units,
  capabilities,
  source = live,
  perfProbe = true,
  selectable = true,
  active = true,
  vehicles = 0,
  compactLabels,
}: {
  modelId: string;
  units: readonly UnitInfo[];
  capabilities: Record<string, Level>;
  /** Where the per-frame arrays come from: the main twin's `live` by default, or a frame of the embedding view's own. */
  source?: LiveFrame;
  /** Whether this scene measures itself for `?perf` and writes the test hooks; only one scene per page should. */
  perfProbe?: boolean;
  /** Whether clicking a unit selects it for the inspector (the main twin's; off in embedded scenes). */
  selectable?: boolean;
  /** AGVs to draw (the loaded model's `vehicles`); none by default. */
  vehicles?: number;
  /** Whether the scene draws: a scene kept mounted behind another view stops its render loop (and the conveyor physics it steps). */
  active?: boolean;
  /** For small embedded scenes: abbreviated labels, overlapping ones hidden (`declutter.ts`, from the embedding view's chunk). */
  compactLabels?: CompactLabels;
}) {
  const language = useApp((s) => s.language);
  const colors = SCENE_COLORS[useResolvedTheme()];
  const highlighted = useApp((s) => s.highlightedUnits);
  const layout = useMemo(() => layoutFor(modelId), [modelId]);
  const placed = useMemo(
    () =>
      placeUnits(
        units.map((u) => u.id),
        layout,
        SPACING,
      ),
    [units, layout],
  );
  // What to draw for each unit: the scene layout's kind where it names one, else the model's.
  const kinds = useMemo(() => units.map((u) => own(layout?.units, u.id)?.kind ?? u.kind), [units, layout]);
  const levels = Object.values(capabilities);
  const networked = levels.some((l) => l !== 'L1');
  const learning = levels.some((l) => l === 'L3');
  // The MES node gets a label too, placed after the units' labels.
  const labelled = useMemo(() => {
    if (!networked) return placed;
    const [x, , z] = mesPosition(placed);
    return [...placed, { x, z, rotation: 0 }];
  }, [placed, networked]);
  const labelNodes = useRef<(HTMLDivElement | null)[]>([]);
  const minX = Math.min(0, ...placed.map((p) => p.x));
  const maxX = Math.max(0, ...placed.map((p) => p.x));
  const centreX = (minX + maxX) / 2;
  const width = maxX - minX + SPACING;
  const fallback = useMemo(
    () => ({
      position: [centreX, 6 + width * 0.25, 9 + width * 0.3] as [number, number, number],
      target: [centreX, 0, 0] as [number, number, number],
    }),
    [centreX, width],
  );
  return (
    <>
      <Canvas
        data-testid="scene-canvas"
        dpr={1}
        frameloop={active ? 'always' : 'never'}
        camera={{ position: fallback.position, fov: 45 }}
        gl={{ preserveDrawingBuffer: true, antialias: false }}
      >
        {perfProbe && (
          <Suspense fallback={null}>
            <PerfStart />
            <PerfRenderTimer />
          </Suspense>
        )}
        <FirstCamera cameras={layout?.cameras} fallback={fallback} />
        <Suspense fallback={null}>
          <CameraControls cameras={layout?.cameras} fallback={fallback} placed={placed} interactive={selectable} />
        </Suspense>
        <color attach="background" args={[colors.background]} />
        <ambientLight intensity={0.6} />
        <directionalLight position={[5, 10, 6]} intensity={1.4} />
        <mesh rotation={[-Math.PI / 2, 0, 0]} position={[centreX, 0, 1]}>
          <planeGeometry args={[width + 6, 14]} />
          <meshStandardMaterial color={colors.floor} />
        </mesh>
        <Suspense fallback={null}>
          <Equipment kinds={kinds} placed={placed} source={source} selectable={selectable} reportStats={perfProbe} />
        </Suspense>
        <WaitingParts placed={placed} kinds={kinds} source={source} />
        <Suspense fallback={null}>
          <Conveyors units={units} placed={placed} source={source} reportStats={perfProbe} />
          <Pipes units={units} placed={placed} source={source} reportStats={perfProbe} />
          <Highlights units={units} placed={placed} reportStats={perfProbe} />
          <NetworkLinks placed={placed} capabilities={capabilities} />
          {vehicles > 0 && <Vehicles count={vehicles} placed={placed} source={source} reportStats={perfProbe} />}
        </Suspense>
        <Labels placed={labelled} nodes={labelNodes} source={source} compact={compactLabels} first={networked ? placed.length : -1} />
      </Canvas>
      <div className="labels" aria-hidden="true">
        {units.map((unit, i) => (
          <div
            key={unit.id}
            className="unit-label"
            data-testid={`label-${unit.id}`}
            data-highlighted={highlighted.includes(unit.id) ? 'true' : undefined}
            ref={(node) => void (labelNodes.current[i] = node)}
          >
            <span className="state-icon" />
            {compactLabels ? compactLabels.shortLabel(placed[i]!.label?.[language] ?? unit.name) : (placed[i]!.label?.[language] ?? unit.name)}
            <span className="overlay-value" />
          </div>
        ))}
        {networked && (
          <div className="unit-label mes-label" data-testid="mes-label" ref={(node) => void (labelNodes.current[units.length] = node)}>
            {compactLabels
              ? compactLabels.shortLabel(learning ? translate(language, 'mesLearning') : translate(language, 'mes'))
              : learning
                ? translate(language, 'mesLearning')
                : translate(language, 'mes')}
          </div>
        )}
      </div>
    </>
  );
}
