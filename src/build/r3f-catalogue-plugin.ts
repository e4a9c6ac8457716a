/**
 * Speed trick (initial-JS budget): removes `extend(THREE)` from React Three Fiber's `<Canvas>`, which registers the
 * whole THREE namespace and so keeps all of three.js in the bundle; `src/app/scene/three-catalogue.ts` registers the
 * classes the app draws instead (about 56 kB gzip less). Applied to the build and to the dev server's pre-bundled
 * dependencies alike, so both behave the same. If an R3F upgrade changes that line, the build fails here rather than
 * silently shipping all of three.js again.
 */
import type { Plugin } from 'vite';

const R3F_ENTRY = /@react-three[\\/]fiber[\\/]dist[\\/]react-three-fiber\.esm\.js$/;
const REGISTER_ALL = 'React.useMemo(() => extend(THREE), []);';

export function r3fCatalogueTransform(code: string, id: string): string | null {
  if (!R3F_ENTRY.test(id)) return null;
  if (!code.includes(REGISTER_ALL)) {
    throw new Error(`${id}: expected "${REGISTER_ALL}" in R3F's Canvas (see src/build/r3f-catalogue-plugin.ts); has R3F changed?`);
  }
  return code.replace(REGISTER_ALL, '/* fabtwin: THREE classes registered by src/app/scene/three-catalogue.ts */');
}

export function r3fCataloguePlugin(): Plugin {
  return {
    name: 'fabtwin-r3f-catalogue',
    transform(code, id) {
      return r3fCatalogueTransform(code, id);
    },
  };
}
