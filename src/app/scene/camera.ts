/**
 * Camera requests for the 3D view: a preset (from the scene layout; `useApp.cameraId` names the chosen one) or a unit
 * to fly to. A request carries a fresh `nonce`, so choosing the preset already chosen flies back to it after the
 * user has orbited away.
 */
import { create } from 'zustand';
import { useApp } from '../store.ts';

export interface CameraRequest {
  nonce: number;
  /** Fly to the unit at this index of the loaded model's units, instead of the preset. */
  unit?: number;
}

export const useCameraRequest = create<CameraRequest>(() => ({ nonce: 0 }));

/** Flies the main twin's camera to a preset of the scene layout. */
export function flyToPreset(cameraId: string): void {
  useApp.setState({ cameraId });
  useCameraRequest.setState((s) => ({ nonce: s.nonce + 1, unit: undefined }));
}

/** Flies the main twin's camera to a unit (a double-click on it). */
export function flyToUnit(unit: number): void {
  useCameraRequest.setState((s) => ({ nonce: s.nonce + 1, unit }));
}

/**
 * Presets are framed for a landscape view about this wide (width / height); a narrower one (a 1024x768 screen beside
 * the KPI column, a portrait window) moves the camera back along its line of sight so the plant is not cropped.
 */
const PRESET_ASPECT = 1.5;

/** The camera position that shows a preset's framing at this aspect ratio, into `out`. */
export function fitPreset(
  position: readonly [number, number, number],
  target: readonly [number, number, number],
  aspect: number,
  out: { set(x: number, y: number, z: number): unknown },
): void {
  const scale = Number.isFinite(aspect) && aspect > 0 ? Math.max(1, PRESET_ASPECT / aspect) : 1;
  out.set(target[0] + (position[0] - target[0]) * scale, target[1] + (position[1] - target[1]) * scale, target[2] + (position[2] - target[2]) * scale);
}
