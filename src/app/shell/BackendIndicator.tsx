import type { BackendState } from '../use-compute';

const LABEL: Record<string, string> = {
  webgpu: 'WebGPU',
  wasm: 'WebAssembly',
  webgl: 'WebGL',
  cpu: 'CPU (JavaScript)',
};

export function BackendIndicator({ state }: { state: BackendState }) {
  if (state.status === 'starting')
    return (
      <span className="backend" role="status" aria-label="Compute backend">
        Starting compute…
      </span>
    );
  if (state.status === 'failed')
    return (
      <span className="backend bad" role="status" aria-label="Compute backend">
        No compute backend
      </span>
    );
  const { info } = state;
  return (
    <span
      className={`backend ${info.reason ? 'warn' : 'good'}`}
      role="status"
      aria-label="Compute backend"
      data-backend={info.backend}
    >
      <strong>{LABEL[info.backend]}</strong>
      {info.wasmThreads !== undefined && (
        <span className="threads">
          {' '}
          {info.wasmThreads === 1 ? '1 thread' : `${info.wasmThreads} threads`}
        </span>
      )}
      <span className="adapter" title="WebGPU adapter">
        {info.adapterName === 'none' ? 'no GPU adapter' : info.adapterName}
      </span>
    </span>
  );
}

export function BackendBanner({ state }: { state: BackendState }) {
  if (state.status === 'failed') {
    return (
      <div className="banner bad" role="alert">
        No compute backend could start: {state.message}. The privacy-budget panel still works; training needs
        a backend.
      </div>
    );
  }
  if (state.status !== 'ready' || !state.info.reason) return null;
  const why = state.info.reason;
  return (
    <div className="banner warn" role="alert" aria-label="Backend notice">
      {why}
    </div>
  );
}
