import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { patchThreadedWasmSource } from './vite-wasm-threads';

const require = createRequire(import.meta.url);
const file = require.resolve('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js');

/** Runs the (CommonJS) Emscripten file and returns the source of the factory tfjs sends to pthread workers. */
function factorySource(code: string): string {
  const module = { exports: {} as unknown };
  runInNewContext(code, { module, exports: module.exports });
  return String(module.exports);
}

describe('the threaded wasm build, made self-contained', () => {
  const original = readFileSync(file, 'utf8');

  it('the factory refers to _scriptDir, which only the patched copy declares itself', () => {
    const before = factorySource(original);
    const after = factorySource(patchThreadedWasmSource(original));
    expect(before).toContain('_scriptDir');
    expect(before).not.toMatch(/var _scriptDir\b/);
    expect(after).toMatch(/^function\(WasmBackendModuleThreadedSimd\) \{\nvar _scriptDir = /);
    // evaluated alone (as in a pthread worker), the patched factory's own declaration is what it reads
    const probe: unknown = runInNewContext(
      `(${after.replace(/\nvar _scriptDir = ([^;]*);/, '\nvar _scriptDir = "declared inside"; return _scriptDir;')})()`,
      {},
    );
    expect(probe).toBe('declared inside');
  });

  it('starts one pthread worker per core (at most 8) instead of always 8', () => {
    const after = patchThreadedWasmSource(original);
    expect(after).not.toContain('var pthreadPoolSize=8;');
    const pool = /var pthreadPoolSize=([^;]*);/.exec(after)![1]!;
    expect(runInNewContext(pool, { navigator: { hardwareConcurrency: 2 } })).toBe(2);
    expect(runInNewContext(pool, { navigator: { hardwareConcurrency: 32 } })).toBe(8);
    expect(runInNewContext(pool, {})).toBe(8);
  });

  it("undoes tfjs's halving of the core count (else a 2-core machine runs XNNPACK on one thread)", () => {
    expect(original).toMatch(
      /_emscripten_num_logical_cores\(\)\{[^}]*return navigator\["hardwareConcurrency"\]\}/,
    );
    const after = patchThreadedWasmSource(original);
    const fn = /function _emscripten_num_logical_cores\(\)\{[^}]*\}/.exec(after)![0];
    const cores = runInNewContext(`${fn}; _emscripten_num_logical_cores()`, {
      ENVIRONMENT_IS_NODE: false,
      navigator: { hardwareConcurrency: 2 },
    }) as number;
    expect(cores).toBe(4); // backend.cc divides by 2: the cap is 2 threads on 2 cores
  });
});
