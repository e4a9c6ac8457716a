/**
 * The 3D view's camera: orbit (left drag), pan (right drag or shift + drag), zoom (wheel or pinch) with three's
 * OrbitControls; the layout's presets and a double-clicked unit are reached by a short flight. Per frame it only
 * interpolates into preallocated vectors and updates the controls (no allocation), and only while flying or damping.
 */
import { useFrame, useThree } from '@react-three/fiber';
import { useEffect, useMemo, useState } from 'react';
import * as THREE from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import { useApp } from '../store.ts';
import { fitPreset, flyToUnit, useCameraRequest } from './camera.ts';
import type { SceneLayout } from './layout.ts';
import type { PlacedUnit } from './place-units.ts';
import { testHook } from './test-hook.ts';

const FLIGHT_SECONDS = 0.6;
/** Where the camera stands relative to a unit it flies to, metres. */
const UNIT_VIEW_OFFSET = new THREE.Vector3(3.5, 4.5, 6.5);
/** A double-click farther than this from every unit on screen flies nowhere, pixels. */
const PICK_PIXELS = 48;
/** Height of a unit's label above the floor (as `Labels` in PlantScene.tsx places it), metres. */
const LABEL_HEIGHT = 2.6;

type Preset = { position: readonly [number, number, number]; target: readonly [number, number, number] };

/** Camera position and target, published for the browser tests (`window.fabtwinCamera`). */
const cameraStats = testHook('fabtwinCamera', { x: 0, y: 0, z: 0, targetX: 0, targetY: 0, targetZ: 0, flights: 0 });

export function CameraControls({
  cameras,
  fallback,
  placed,
  interactive,
}: {
  cameras: NonNullable<SceneLayout['cameras']> | undefined;
  fallback: Preset;
  placed: readonly PlacedUnit[];
  /** Whether this is the main twin's scene (presets, fly-to and the test hook); embedded scenes only orbit. */
  interactive: boolean;
}) {
  const camera = useThree((s) => s.camera);
  const domElement = useThree((s) => s.gl.domElement);
  const invalidate = useThree((s) => s.invalidate);
  const size = useThree((s) => s.size);
  const cameraId = useApp((s) => s.cameraId);
  const request = useCameraRequest();
  // Created in an effect (not a memo) so that StrictMode's double render never leaves listeners attached.
  const [controls, setControls] = useState<OrbitControls>();
  useEffect(() => {
    const c = new OrbitControls(camera, domElement);
    c.enableDamping = true;
    c.dampingFactor = 0.12;
    c.maxPolarAngle = Math.PI * 0.49; // never below the floor
    c.minDistance = 2;
    c.maxDistance = 120;
    setControls(c);
    return () => c.dispose();
  }, [camera, domElement]);

  // One flight at a time: from where the camera is to where it should go; allocated once per scene.
  const flight = useMemo(
    () => ({ t: 1, fromPosition: new THREE.Vector3(), fromTarget: new THREE.Vector3(), toPosition: new THREE.Vector3(), toTarget: new THREE.Vector3() }),
    [],
  );

  const preset: Preset = (interactive ? cameras?.find((c) => c.id === cameraId) : undefined) ?? cameras?.[0] ?? fallback;
  const unitTarget = interactive && request.unit !== undefined ? placed[request.unit] : undefined;
  // The first placement of a plant is immediate, and is redone when the view is resized until the user moves the
  // camera (the layout settles after the first frame); later requests fly.
  const last = useMemo(() => ({ scene: undefined as unknown, request: '', touched: false }), []);
  const requestKey = `${preset.position.join()}|${preset.target.join()}|${request.unit ?? ''}|${request.nonce}`;
  useEffect(() => {
    if (!controls) return;
    const onStart = () => void (last.touched = true);
    controls.addEventListener('start', onStart);
    return () => controls.removeEventListener('start', onStart);
  }, [controls, last]);
  useEffect(() => {
    if (!controls) return;
    const newScene = last.scene !== placed;
    const newRequest = last.request !== requestKey;
    if (!newScene && !newRequest && last.touched) return; // only resized, and the user has a view of their own
    if (unitTarget) {
      flight.toTarget.set(unitTarget.x, 1, unitTarget.z);
      flight.toPosition.copy(flight.toTarget).add(UNIT_VIEW_OFFSET);
    } else {
      fitPreset(preset.position, preset.target, size.width / size.height, flight.toPosition);
      flight.toTarget.set(...preset.target);
    }
    if (newScene || !newRequest) {
      last.scene = placed;
      last.touched = false;
      camera.position.copy(flight.toPosition);
      controls.target.copy(flight.toTarget);
      camera.lookAt(controls.target);
      flight.t = 1;
    } else {
      flight.fromPosition.copy(camera.position);
      flight.fromTarget.copy(controls.target);
      flight.t = 0;
      last.touched = true;
      cameraStats.flights++;
    }
    last.request = requestKey;
    controls.update();
    invalidate();
  }, [preset, unitTarget, requestKey, size.width, size.height, placed, camera, controls, flight, last, invalidate]);

  useEffect(() => {
    if (!interactive) return;
    const foot = new THREE.Vector3();
    const head = new THREE.Vector3();
    // Picks in screen space: the unit whose upright (floor to label height) passes nearest the pointer.
    const onDoubleClick = (event: MouseEvent) => {
      const rect = domElement.getBoundingClientRect();
      const px = event.clientX - rect.left;
      const py = event.clientY - rect.top;
      const toScreen = (v: THREE.Vector3) => v.project(camera).set(((v.x + 1) / 2) * rect.width, ((1 - v.y) / 2) * rect.height, v.z);
      let best = -1;
      let bestDistance = PICK_PIXELS;
      placed.forEach((p, i) => {
        toScreen(foot.set(p.x, 0, p.z));
        toScreen(head.set(p.x, LABEL_HEIGHT, p.z));
        if (foot.z > 1 || head.z > 1) return; // behind the camera
        const dx = head.x - foot.x;
        const dy = head.y - foot.y;
        const along = Math.max(0, Math.min(1, ((px - foot.x) * dx + (py - foot.y) * dy) / (dx * dx + dy * dy || 1)));
        const distance = Math.hypot(px - (foot.x + along * dx), py - (foot.y + along * dy));
        if (distance < bestDistance) [best, bestDistance] = [i, distance];
      });
      if (best >= 0) {
        flyToUnit(best);
        useApp.setState({ selectedUnit: best });
      }
    };
    domElement.addEventListener('dblclick', onDoubleClick);
    return () => domElement.removeEventListener('dblclick', onDoubleClick);
  }, [interactive, domElement, camera, placed]);

  useFrame((_, delta) => {
    if (!controls) return;
    if (flight.t < 1) {
      flight.t = Math.min(1, flight.t + delta / FLIGHT_SECONDS);
      const s = flight.t * flight.t * (3 - 2 * flight.t); // smoothstep: ease in and out
      camera.position.lerpVectors(flight.fromPosition, flight.toPosition, s);
      controls.target.lerpVectors(flight.fromTarget, flight.toTarget, s);
      // Without damping, the controls drop what is left of an earlier drag or zoom instead of adding it to the flight.
      controls.enableDamping = false;
      controls.update();
      controls.enableDamping = flight.t === 1;
    } else controls.update(delta);
    if (interactive) {
      cameraStats.x = camera.position.x;
      cameraStats.y = camera.position.y;
      cameraStats.z = camera.position.z;
      cameraStats.targetX = controls.target.x;
      cameraStats.targetY = controls.target.y;
      cameraStats.targetZ = controls.target.z;
    }
  });
  return null;
}
