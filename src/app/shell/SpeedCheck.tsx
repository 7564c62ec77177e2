import { useRef, useState } from 'react';
import { throttledProgress } from '../../bridge/worker-bridge';
import type { ComputeBridge } from '../../bridge/compute';

/** Measures matrix-multiply GFLOP/s in the compute worker; cancellable (terminates the worker). */
export function SpeedCheck({ bridge, onError }: { bridge: ComputeBridge; onError: (m: string) => void }) {
  const [progress, setProgress] = useState<number | null>(null);
  const [result, setResult] = useState<string | null>(null);
  const abort = useRef<AbortController | null>(null);

  const start = async () => {
    abort.current = new AbortController();
    setProgress(0);
    setResult(null);
    // Updates still queued for the next frame when the job ends (or is cancelled) must not revive the bar.
    let live = true;
    const onProgress = throttledProgress<[number, number]>((d, t) => live && setProgress(d / t));
    try {
      const r = await bridge.run((w) => w.matmulBenchmark(512, 40, onProgress), abort.current.signal);
      setResult(`${r.gflops.toFixed(1)} GFLOP/s (512×512 matrix products)`);
    } catch (e) {
      const err = e as Error;
      if (err.name === 'AbortError') setResult('Speed check cancelled.');
      else onError(`Speed check failed: ${err.message}`);
    } finally {
      live = false;
      setProgress(null);
    }
  };

  return (
    <div className="speed">
      {progress === null ? (
        <button type="button" onClick={start}>
          Check speed
        </button>
      ) : (
        <>
          <progress max={1} value={progress} aria-label="Speed check progress" />
          <button type="button" onClick={() => abort.current?.abort()}>
            Cancel
          </button>
        </>
      )}
      {result && (
        <span className="speed-result" role="status" aria-label="Speed check result">
          {result}
        </span>
      )}
    </div>
  );
}
