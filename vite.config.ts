/// <reference types="vitest/config" />
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [react()],
  server: { host: '127.0.0.1', port: 5173 },
  worker: { format: 'es' },
  // Pre-bundle every dependency the app, its lazily loaded views and its workers use, found by scanning all of them up
  // front. Otherwise the dev server discovers one when a view first opens, re-optimises, and answers the page's
  // in-flight requests with "504 Outdated Optimize Dep" (a reload, and console errors in the browser tests).
  optimizeDeps: {
    entries: ['index.html', 'src/app/**/*.{ts,tsx}'],
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
  build: { chunkSizeWarningLimit: 2000 },
  test: {
    include: ['tests/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
  },
});
