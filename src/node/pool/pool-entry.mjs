// Plain JavaScript on purpose: a worker thread starts without the TypeScript loader the CLI was launched with (tsx's
// hooks are not guaranteed to reach workers, and tests run the pool from vitest). tsImport loads the TypeScript
// worker module through tsx's loader, scoped to this import, so the pool works from a fresh clone with no build step.
import { tsImport } from 'tsx/esm/api';

const worker = await tsImport('./pool-worker.ts', import.meta.url);
export default worker.default;
