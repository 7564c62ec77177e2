import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { wasmThreadsPlugin, wasmThreadsTransform } from './scripts/vite-wasm-threads.ts';

// Fixed ports on 127.0.0.1 so that e2e tests and the README agree. The app is served cross-origin isolated
// (COOP/COEP), so that SharedArrayBuffer exists and tfjs-backend-wasm can run its threaded SIMD build on
// every core; any static host must send the same two headers (README, "Hosting").
const port = 5173;
const previewPort = 4173;
export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/**
 * Content-Security-Policy of the built page (a <meta>, so it also holds on static hosting): scripts and workers
 * only from this origin, WebAssembly compilation allowed (tfjs wasm) but no eval, network only to this origin
 * (the bundled data, models and wasm files). Styles allow inline (React style attributes, Plotly's injected
 * rules); images allow data:/blob: (chart downloads, thumbnails). Not in `vite dev`, whose HMR needs inline
 * scripts. Consequence: Plotly's WebGL traces (scattergl, which compile code with Function) are not used.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "connect-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join('; ');

function contentSecurityPolicy(): Plugin {
  return {
    name: 'epsilon-lab-csp',
    apply: 'build',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY },
        injectTo: 'head',
      },
    ],
  };
}

/**
 * plotly.js's trace registry requires maplibre's stylesheet (83 kB) for map traces, which the lab's Plotly bundle
 * (src/app/charts/plotly-lab.ts) never registers: the bundler would still ship it with the charts. It resolves
 * to an empty module instead.
 */
const MAPLIBRE_CSS = 'maplibre-gl/dist/maplibre-gl.css';
function noMaplibreCss(): Plugin {
  const empty = '\0epsilon-lab:no-maplibre-css';
  return {
    name: 'epsilon-lab-no-maplibre-css',
    enforce: 'pre',
    resolveId: (id) => (id === MAPLIBRE_CSS ? empty : null),
    load: (id) => (id === empty ? 'export {};' : null),
  };
}

export default defineConfig({
  plugins: [react(), contentSecurityPolicy(), noMaplibreCss()],
  // tfjs runs in the workers only, so the threaded-wasm fix is a worker plugin
  worker: { format: 'es', plugins: () => [wasmThreadsPlugin()] },
  optimizeDeps: {
    rolldownOptions: { plugins: [wasmThreadsTransform(), noMaplibreCss()] },
    include: [
      '@tensorflow/tfjs',
      '@tensorflow/tfjs-backend-webgpu',
      '@tensorflow/tfjs-backend-wasm',
      'comlink',
      'plotly.js/lib/core',
      'plotly.js/lib/bar',
      'plotly.js/lib/heatmap',
    ],
  },
  server: { host: '127.0.0.1', port, strictPort: true, headers: ISOLATION_HEADERS },
  preview: { host: '127.0.0.1', port: previewPort, strictPort: true, headers: ISOLATION_HEADERS },
  build: { target: 'es2022', chunkSizeWarningLimit: 6000 },
  test: {
    include: ['src/**/*.test.ts', 'workers/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    globals: false,
    testTimeout: 60_000,
    reporters: process.env.CI ? ['default', ['json', { outputFile: 'reports/unit.json' }]] : ['default'],
  },
});
