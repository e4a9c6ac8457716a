declare module 'virtual:scene-layouts' {
  import type { SceneLayout } from '../../core/model/scene.ts';
  /** The shipped scene layouts by model id, validated at build time (`src/build/scene-layouts-plugin.ts`). */
  const layouts: Record<string, SceneLayout>;
  export default layouts;
}
