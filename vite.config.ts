/// <reference types="vitest/config" />
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { r3fCataloguePlugin } from './src/build/r3f-catalogue-plugin.ts';
import { catalogNamesPlugin } from './src/build/catalog-names-plugin.ts';
import { sceneLayoutsPlugin } from './src/build/scene-layouts-plugin.ts';

export default defineConfig({
  // Relative URLs everywhere: one build works at a domain's root and under any sub-path (`/fabtwin/`) unchanged.
  base: './',
  plugins: [
    react(),
    sceneLayoutsPlugin(),
    catalogNamesPlugin(),
    r3fCataloguePlugin(),
    // An installable PWA that works offline after the first visit: Workbox precaches the app shell and every chunk
    // (views, workers, and the models, scenes, tours and job-shop instances, which are bundled into chunks); a new
    // release waits until the user accepts the "update available" prompt (`src/app/pwa/UpdatePrompt.tsx`).
    VitePWA({
      registerType: 'prompt',
      injectRegister: false,
      includeAssets: ['icon.svg'],
      manifest: {
        name: 'FabTwin: smart-factory digital twin',
        short_name: 'FabTwin',
        description: 'A 3C machining plant and a petrochemical plant at three paradigm levels of intelligent manufacturing',
        start_url: './',
        scope: './',
        display: 'standalone',
        background_color: '#14181f',
        theme_color: '#009E73',
        icons: [{ src: 'icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' }],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,webmanifest}'],
        // The largest chunk (three.js) is about 0.55 MB; the default 2 MiB limit would silently skip anything larger.
        maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
        // Any navigation (a share link's `?s=...` included) gets the cached app shell when offline.
        navigateFallback: 'index.html',
        cleanupOutdatedCaches: true,
      },
    }),
  ],
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
            { name: 'vendor-three', test: /node_modules[\\/]three[\\/]build[\\/]/, priority: 2 },
            {
              name: 'vendor-r3f',
              test: /node_modules[\\/](@react-three|its-fine|react-use-measure|suspend-react|zustand|use-sync-external-store)[\\/]/,
              priority: 1,
            },
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
