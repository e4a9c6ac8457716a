/** The scene layout's camera presets as buttons over the 3D view; choosing one (again) flies the camera there. */
import { translate } from '../i18n.ts';
import { useApp } from '../store.ts';
import { flyToPreset } from './camera.ts';
import { layoutFor } from './layouts.ts';

export function CameraPresets({ modelId }: { modelId: string }) {
  const language = useApp((s) => s.language);
  const cameraId = useApp((s) => s.cameraId);
  const cameras = layoutFor(modelId)?.cameras;
  if (!cameras) return null;
  const current = cameraId ?? cameras[0]!.id;
  return (
    <div className="camera-presets" role="group" aria-label={translate(language, 'camera')} data-testid="camera-presets">
      {cameras.map((c) => (
        <button key={c.id} data-testid={`camera-${c.id}`} aria-pressed={c.id === current} onClick={() => flyToPreset(c.id)}>
          {c.label[language]}
        </button>
      ))}
    </div>
  );
}
