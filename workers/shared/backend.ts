/**
 * Carries out the backend plan of src/lib/backend/choose.ts inside a worker: inspects the WebGPU adapter,
 * tries each backend in order, and keeps the first that passes a sanity computation.
 * `tf.setBackend` returns false (it does not throw) when a backend cannot start, so both are checked.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { planBackends, type AdapterFacts, type BackendName } from '../../src/lib/backend/choose';
import { registerWasmTrainingKernels } from '../../src/lib/tf/wasm-kernels';

export interface BackendInfo {
  backend: BackendName;
  adapterName: string;
  softwareAdapter: boolean;
  /** Why the lab is not on WebGPU with a GPU (null when it is). */
  reason: string | null;
  /** Backends tried before this one, with why they failed. */
  failures: string[];
  /** WebAssembly threads tfjs runs on (1 without cross-origin isolation); absent on other backends. */
  wasmThreads?: number;
}

// XNNPACK's thread pool (when cross-origin isolated): every core on small machines, where tfjs's default
// (half the logical cores) left a 2-core machine on one thread; half the logical cores, at least 4, on large
// ones. tfjs caps it at the pthread pool (scripts/vite-wasm-threads.ts).
const cores = self.navigator?.hardwareConcurrency ?? 1;
setThreadsCount(Math.max(1, Math.min(cores, Math.max(4, Math.floor(cores / 2)))));
setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmUrl,
  'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedUrl,
});

async function adapterFacts(): Promise<AdapterFacts> {
  const gpu = (self.navigator as Navigator & { gpu?: GPU }).gpu;
  if (!gpu) return { webgpuApi: false, adapterFound: false };
  try {
    const adapter = await gpu.requestAdapter();
    if (!adapter) return { webgpuApi: true, adapterFound: false };
    const info = adapter.info;
    return {
      webgpuApi: true,
      adapterFound: true,
      isFallbackAdapter: (adapter as GPUAdapter & { isFallbackAdapter?: boolean }).isFallbackAdapter ?? false,
      vendor: info?.vendor,
      architecture: info?.architecture,
      description: info?.description,
    };
  } catch {
    return { webgpuApi: true, adapterFound: false };
  }
}

async function sane(): Promise<boolean> {
  const t = tf.tidy(() => tf.add(tf.tensor1d([1, 2, 3]), 1));
  const v = await t.data();
  t.dispose();
  return v[0] === 2 && v[1] === 3 && v[2] === 4;
}

let current: Promise<BackendInfo> | null = null;

/** Picks and starts a backend once per worker; `forced` comes from the ?backend= URL parameter. */
export function initBackend(forced: BackendName | null): Promise<BackendInfo> {
  current ??= (async () => {
    const facts = await adapterFacts();
    const plan = planBackends(facts, forced);
    const failures: string[] = [];
    for (const name of plan.order) {
      try {
        if (name === 'wasm') registerWasmTrainingKernels();
        if ((await tf.setBackend(name)) && (await sane())) {
          const onGpu = name === 'webgpu' && !plan.softwareAdapter;
          const reason = onGpu
            ? null
            : name === 'webgpu'
              ? `WebGPU runs on a software adapter (${plan.adapterName}): it works, but slowly.`
              : (plan.reason ?? `Running on ${name}.`) + (failures.length ? ` (${failures.join('; ')})` : '');
          return {
            backend: name,
            adapterName: plan.adapterName,
            softwareAdapter: plan.softwareAdapter,
            reason,
            failures,
            ...(name === 'wasm' ? { wasmThreads: getThreadsCount() } : {}),
          };
        }
        failures.push(`${name} did not start`);
      } catch (e) {
        failures.push(`${name} failed: ${(e as Error).message}`);
      }
    }
    throw new Error(`no tfjs backend could start: ${failures.join('; ')}`);
  })();
  return current;
}
