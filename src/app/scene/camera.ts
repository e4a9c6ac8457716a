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
