/**
 * Which tfjs backend a compute worker should try, in order. Pure decision logic (no tfjs, no DOM) so that
 * it is unit-tested; workers/shared/backend.ts carries it out.
 *
 * A software WebGPU adapter (SwiftShader, or any adapter flagged `isFallbackAdapter`) counts as "no GPU":
 * there WebAssembly is ~14× faster (docs/ARCHITECTURE.md, measured on this project's CI machine).
 */
export type BackendName = 'webgpu' | 'wasm' | 'webgl' | 'cpu';
export const BACKENDS: readonly BackendName[] = ['webgpu', 'wasm', 'webgl', 'cpu'];

export interface AdapterFacts {
  /** navigator.gpu exists. */
  webgpuApi: boolean;
  /** requestAdapter() returned an adapter. */
  adapterFound: boolean;
  isFallbackAdapter?: boolean;
  vendor?: string;
  architecture?: string;
  description?: string;
}

export interface BackendPlan {
  order: BackendName[];
  /** Why WebGPU is not first (null when it is). */
  reason: string | null;
  adapterName: string;
  softwareAdapter: boolean;
}

export function isBackendName(x: unknown): x is BackendName {
  return typeof x === 'string' && (BACKENDS as readonly string[]).includes(x);
}

export function adapterName(facts: AdapterFacts): string {
  if (!facts.adapterFound) return 'none';
  const parts = [facts.vendor, facts.architecture, facts.description].filter((p) => p && p.trim() !== '');
  return parts.length ? parts.join(' · ') : 'unnamed adapter';
}

export function isSoftwareAdapter(facts: AdapterFacts): boolean {
  const text = `${facts.vendor ?? ''} ${facts.architecture ?? ''} ${facts.description ?? ''}`.toLowerCase();
  return Boolean(facts.isFallbackAdapter) || /swiftshader|llvmpipe|software|lavapipe|warp/.test(text);
}

/** The order to try backends in; `forced` (from ?backend=) puts that backend first. */
export function planBackends(facts: AdapterFacts, forced?: BackendName | null): BackendPlan {
  const software = facts.adapterFound && isSoftwareAdapter(facts);
  const name = adapterName(facts);
  if (forced) {
    // A forced backend that cannot start falls back to the non-WebGPU order: forcing exists to test one
    // path, and silently landing on a different GPU path would hide that it failed.
    return {
      order: [forced, ...BACKENDS.filter((b) => b !== forced && b !== 'webgpu')],
      reason: forced === 'webgpu' ? null : `The ${forced} backend was chosen by the backend setting.`,
      adapterName: name,
      softwareAdapter: software,
    };
  }
  if (facts.webgpuApi && facts.adapterFound && !software) {
    return {
      order: ['webgpu', 'wasm', 'webgl', 'cpu'],
      reason: null,
      adapterName: name,
      softwareAdapter: false,
    };
  }
  const why = !facts.webgpuApi
    ? 'this browser does not offer WebGPU'
    : !facts.adapterFound
      ? 'WebGPU reports no adapter'
      : `WebGPU offers only a software adapter (${name})`;
  return {
    order: ['wasm', 'webgl', 'cpu'],
    reason: `No GPU found for WebGPU — ${why}. Training runs on WebAssembly on the CPU and will be slower.`,
    adapterName: name,
    softwareAdapter: software,
  };
}
