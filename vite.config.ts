/// <reference types="vitest/config" />
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { r3fCataloguePlugin } from './src/build/r3f-catalogue-plugin.ts';
import { sceneLayoutsPlugin } from './src/build/scene-layouts-plugin.ts';

export default defineConfig({
  plugins: [react(), sceneLayoutsPlugin(), r3fCataloguePlugin()],
  server: { host: '127.0.0.1', port: 5173 },
  worker: { format: 'es' },
  // Pre-bundle every dependency the app, its lazily loaded views and its workers use, found by scanning all of them up
  // front. Otherwise the dev server discovers one when a view first opens, re-optimises, and answers the page's
  // in-flight requests with "504 Outdated Optimize Dep" (a reload, and console errors in the browser tests).
  optimizeDeps: {
    entries: ['index.html', 'src/app/**/*.{ts,tsx}'],
    // The dev server's pre-bundled R3F gets the same catalogue trick as the build (`r3f-catalogue-plugin.ts`).
    rolldownOptions: { plugins: [r3fCataloguePlugin()] },
    include: [
      'react',
      'react/jsx-dev-runtime',
      'react-dom/client',
      'zustand',
      'three',
      'three/examples/jsm/utils/BufferGeometryUtils.js',
      '@react-three/fiber',
      'uplot',
      'matter-js',
      'rxjs',
      'zod',
    ],
  },
  build: {
    manifest: true,
    rolldownOptions: {
      output: {
        // Vendor chunks apart from the app's code, so a release that changes only the app keeps them cached.
        codeSplitting: {
          groups: [
            { name: 'vendor-react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/, priority: 3 },
            { name: 'vendor-three', test: /node_modules[\\/]three[\\/]/, priority: 2 },
            { name: 'vendor-r3f', test: /node_modules[\\/](@react-three|its-fine|react-use-measure|suspend-react|zustand|use-sync-external-store)[\\/]/, priority: 1 },
          ],
        },
      },
    },
  },
  test: {
    include: ['tests/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
  },
});
