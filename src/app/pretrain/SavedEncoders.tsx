/** Encoders kept in this browser, and model files to load: pick one for fine-tuning or to continue pretraining. */
import { useCallback, useEffect, useRef, useState } from 'react';
import { storageErrorMessage } from '../probe/run-store';
import type { ModelFiles } from '../../../workers/shared/contracts';
import {
  type SavedEncoder,
  deleteEncoder,
  describeModel,
  listEncoders,
  readModelFiles,
  saveEncoder,
} from './encoder-store';

export function SavedEncoders(props: {
  current: ModelFiles | null;
  onUse: (files: ModelFiles, label: string) => void;
  onError: (m: string) => void;
}) {
  const [saved, setSaved] = useState<SavedEncoder[]>([]);
  const [name, setName] = useState('my-encoder');
  // Read from IndexedDB on mount and after a change, not on every render (props is a new object each render).
  const onError = useRef(props.onError);
  useEffect(() => {
    onError.current = props.onError;
  }, [props.onError]);
  const refresh = useCallback(() => {
    listEncoders((m) => onError.current(m)).then(setSaved, (e: Error) =>
      onError.current(`Saved encoders could not be read: ${e.message}.`),
    );
  }, []);
  useEffect(refresh, [refresh]);
  return (
    <div className="saved-encoders">
      {props.current && (
        <div className="buttons">
          <input aria-label="Encoder name" value={name} onChange={(e) => setName(e.target.value)} />
          <button
            type="button"
            disabled={!name.trim()}
            onClick={() =>
              saveEncoder(name.trim(), props.current!).then(refresh, (e: Error) =>
                props.onError(`Saving failed: ${storageErrorMessage(e)}.`),
              )
            }
          >
            Save in this browser
          </button>
        </div>
      )}
      <label className="check">
        Load model files (model.json + weights.bin):{' '}
        <input
          type="file"
          aria-label="Model files"
          multiple
          accept=".json,.bin"
          onChange={(e) => {
            const files = Array.from(e.target.files ?? []);
            e.target.value = '';
            readModelFiles(files).then(
              (f) => props.onUse(f, describeModel(f.modelJson)),
              (err: Error) => props.onError(`Those model files could not be used: ${err.message}.`),
            );
          }}
        />
      </label>
      {saved.length > 0 && (
        <table className="runs" aria-label="Saved encoders">
          <tbody>
            {saved.map((s) => (
              <tr key={s.name}>
                <td>{s.name}</td>
                <td>{s.description}</td>
                <td>{new Date(s.savedAt).toLocaleString()}</td>
                <td>
                  <button type="button" onClick={() => props.onUse(s.files, s.name)}>
                    Use
                  </button>{' '}
                  <button type="button" onClick={() => deleteEncoder(s.name).then(refresh)}>
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
