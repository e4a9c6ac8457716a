/**
 * The three.js classes the 3D view's JSX uses (`<mesh>`, `<instancedMesh>`, ...), registered with React Three
 * Fiber. Speed trick (initial-JS budget): R3F's `<Canvas>` registers the whole THREE namespace, which keeps all of
 * three.js in the bundle (about 56 kB gzip more); the build removes that call (`src/build/r3f-catalogue-plugin.ts`)
 * and registers only these. A JSX element missing here fails with "R3F: X is not part of the THREE namespace";
 * `tests/app/three-catalogue.test.ts` checks every element the scene files use is listed.
 */
import { extend } from '@react-three/fiber';
import {
  AmbientLight,
  BoxGeometry,
  Color,
  ConeGeometry,
  CylinderGeometry,
  DirectionalLight,
  Group,
  InstancedMesh,
  Line,
  LineBasicMaterial,
  LineSegments,
  Mesh,
  MeshBasicMaterial,
  MeshStandardMaterial,
  PlaneGeometry,
  SphereGeometry,
  TorusGeometry,
} from 'three';

export const THREE_CATALOGUE = {
  AmbientLight,
  BoxGeometry,
  Color,
  ConeGeometry,
  CylinderGeometry,
  DirectionalLight,
  Group,
  InstancedMesh,
  Line,
  LineBasicMaterial,
  LineSegments,
  Mesh,
  MeshBasicMaterial,
  MeshStandardMaterial,
  PlaneGeometry,
  SphereGeometry,
  TorusGeometry,
};

extend(THREE_CATALOGUE);
