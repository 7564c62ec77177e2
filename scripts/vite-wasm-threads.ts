/**
 * Makes tfjs-backend-wasm's threaded SIMD build work when bundled. tfjs starts each pthread worker from a Blob
 * holding `wasmFactoryThreadedSimd.toString()`, but that factory reads `_scriptDir` from the closure Emscripten
 * wraps it in; once a bundler minifies the closure (it becomes `e`), the worker's copy of the function refers
 * to a variable that does not exist there ("ReferenceError: e is not defined" in every pthread worker, and the
 * backend never starts). Declaring `_scriptDir` inside the factory makes its source self-contained. tfjs
 * overrides locateFile and mainScriptUrlOrBlob, so the value itself is not used for loading.
 * Second, the build starts a fixed pool of 8 pthread workers per tfjs instance (every lab worker has one)
 * whatever the core count; the pool is cut to the number of cores (Emscripten starts more on demand).
 * Third, tfjs caps XNNPACK's thread pool at navigator.hardwareConcurrency / 2 (its backend.cc assumes two
 * hyper-threads per core), so a 2-core machine ran on ONE thread even when cross-origin isolated (measured:
 * 557 vs 539 embeddings/s). The logical-core count the build reads is doubled, so the cap becomes the core
 * count, and the thread count itself is chosen in workers/shared/backend.ts (setThreadsCount).
 */
import type { Plugin } from 'vite';

const FILE = /tfjs-backend-wasm[\\/]wasm-out[\\/]tfjs-backend-wasm-threaded-simd\.js$/;
const HEAD = 'function(WasmBackendModuleThreadedSimd) {';
const SELF_CONTAINED = `${HEAD}\nvar _scriptDir = typeof self !== 'undefined' && self.location ? self.location.href : undefined;`;

const POOL = 'var pthreadPoolSize=8;';
const POOL_PER_CORE =
  "var pthreadPoolSize=Math.min(8,Math.max(1,(typeof navigator!=='undefined'&&navigator.hardwareConcurrency)||8));";

const CORES = 'return navigator["hardwareConcurrency"]}';
const CORES_UNHALVED = 'return 2*navigator["hardwareConcurrency"]}';

export function patchThreadedWasmSource(code: string): string {
  if (code.split(HEAD).length !== 2 || code.split(POOL).length !== 2 || code.split(CORES).length !== 2)
    throw new Error('tfjs-backend-wasm threaded build: unexpected source layout');
  return code.replace(HEAD, SELF_CONTAINED).replace(POOL, POOL_PER_CORE).replace(CORES, CORES_UNHALVED);
}

/** For Vite's worker bundles (build) and, without `enforce`, for its dependency optimizer (dev server). */
export function wasmThreadsPlugin(): Plugin & { enforce: 'pre' } {
  return { ...wasmThreadsTransform(), enforce: 'pre' };
}

export function wasmThreadsTransform() {
  return {
    name: 'epsilon-lab:tfjs-wasm-threads',
    transform(code: string, id: string) {
      return FILE.test(id) ? { code: patchThreadedWasmSource(code), map: null } : null;
    },
  };
}
