/** The built-in dataset in use: loaded in the data worker, with its roles, fixed seeded split and a sample. */
import { useEffect, useState } from 'react';
import { builtinCount, builtinDataset, SPLIT_SEED } from '../../lib/data/builtin';
import type { DataBridge } from '../../bridge/data';
import type { BuiltinInfo } from '../../../workers/shared/contracts';
import { Thumbnails } from './Thumbnails';
import { TableHead } from '../shell/table';

export function BuiltinSummary({ bridge, onError }: { bridge: DataBridge; onError: (m: string) => void }) {
  const spec = builtinDataset('fashion-mnist');
  const [info, setInfo] = useState<BuiltinInfo | null>(null);
  useEffect(() => {
    let live = true;
    bridge
      .run((w) => w.builtinInfo(spec.id))
      .then(
        (i) => live && setInfo(i),
        (e: Error) => live && onError(`The built-in dataset did not load: ${e.message}.`),
      );
    return () => {
      live = false;
    };
  }, [bridge, spec.id, onError]);
  return (
    <div className="dataset">
      <p>
        <strong>{spec.title}</strong> (built in): {spec.classNames.length} classes, 28×28 grayscale.{' '}
        {spec.source}.{' '}
        {info ? (
          <span role="status" aria-label="Built-in dataset loaded" data-seconds={info.seconds.toFixed(3)}>
            Loaded {(info.bytes / 1e6).toFixed(0)} MB in {info.seconds.toFixed(1)} s.
          </span>
        ) : (
          <span className="muted">Loading…</span>
        )}
      </p>
      <table className="splits" aria-label="Dataset splits">
        <TableHead columns={['split', 'images', 'role']} />
        <tbody>
          {spec.splits.map((s) => (
            <tr key={s.name}>
              <td>{s.name}</td>
              <td>
                {(
                  info?.splits.find((x) => x.name === s.name)?.count ?? builtinCount(spec, s.name)
                ).toLocaleString('en')}
              </td>
              <td>
                <span className={`role ${s.role}`}>{s.role}</span> {s.description}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="note">
        Stratified by class with seed {SPLIT_SEED}; exact duplicate images removed first, so no image is in
        two splits. Majority-class accuracy on the private test split: 10%.
      </p>
      {info && <Thumbnails dataset={info.sample} perClass={6} />}
    </div>
  );
}
