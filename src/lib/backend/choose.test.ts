import { describe, expect, it } from 'vitest';
import { planBackends } from './choose';

describe('backend plan', () => {
  it('puts WebGPU first on a real GPU adapter', () => {
    const p = planBackends({ webgpuApi: true, adapterFound: true, vendor: 'nvidia', architecture: 'hopper' });
    expect(p.order[0]).toBe('webgpu');
    expect(p.reason).toBeNull();
  });
  it('treats SwiftShader and fallback adapters as no GPU: wasm first, with a reason', () => {
    const p = planBackends({
      webgpuApi: true,
      adapterFound: true,
      vendor: 'google',
      architecture: 'swiftshader',
    });
    expect(p.order).toEqual(['wasm', 'webgl', 'cpu']);
    expect(p.softwareAdapter).toBe(true);
    expect(p.reason).toMatch(
      /No GPU found for WebGPU — WebGPU offers only a software adapter \(google · swiftshader\)\. .*WebAssembly/,
    );
    expect(planBackends({ webgpuApi: true, adapterFound: true, isFallbackAdapter: true }).order[0]).toBe(
      'wasm',
    );
  });
  it('explains a browser without WebGPU', () => {
    expect(planBackends({ webgpuApi: false, adapterFound: false }).reason).toMatch(
      /this browser does not offer WebGPU/,
    );
  });
  it('honours a forced backend, even WebGPU on a software adapter', () => {
    const p = planBackends({ webgpuApi: true, adapterFound: true, architecture: 'swiftshader' }, 'webgpu');
    expect(p.order[0]).toBe('webgpu');
    expect(planBackends({ webgpuApi: true, adapterFound: true }, 'cpu').order[0]).toBe('cpu');
  });
});
