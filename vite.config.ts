import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// Fixed ports on 127.0.0.1 so that e2e tests and the README agree. No COOP/COEP headers: with them
// tfjs picks the threaded wasm build, whose nested workers crash under Vite (see docs/ARCHITECTURE.md).
const port = 5173;
const previewPort = 4173;

export default defineConfig({
  plugins: [react()],
  worker: { format: 'es' },
  optimizeDeps: {
    include: [
      '@tensorflow/tfjs',
      '@tensorflow/tfjs-backend-webgpu',
      '@tensorflow/tfjs-backend-wasm',
      'comlink',
      'plotly.js-dist-min',
    ],
  },
  server: { host: '127.0.0.1', port, strictPort: true },
  preview: { host: '127.0.0.1', port: previewPort, strictPort: true },
  build: { target: 'es2022', chunkSizeWarningLimit: 6000 },
  test: {
    include: ['src/**/*.test.ts', 'workers/**/*.test.ts'],
    environment: 'node',
    globals: false,
    testTimeout: 60_000,
    reporters: process.env.CI ? ['default', ['json', { outputFile: 'reports/unit.json' }]] : ['default'],
  },
});
