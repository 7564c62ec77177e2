/** Step 1: the built-in dataset, or the user's own images (folder, drop, zip) with labels, summary and roles. */
import { Field, SelectField } from '../shell/fields';
import { useRef, useState } from 'react';
import { ProgressBar } from '../shell/progress';
import { BuiltinSummary } from './BuiltinSummary';
import { UploadSummary } from './UploadSummary';
import { fromDataTransfer, fromDirectoryPicker, fromFileList, hasDirectoryPicker } from './collect-files';
import { parseBins } from '../../lib/data/labels';
import type { Upload } from './UploadSummary';

export function DataPanel(props: {
  upload: Upload;
  source: 'builtin' | 'upload';
  setSource: (s: 'builtin' | 'upload') => void;
  busy: boolean;
  onError: (m: string) => void;
}) {
  const { upload, source, setSource } = props;
  const folderInput = useRef<HTMLInputElement>(null);
  const zipInput = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const [pattern, setPattern] = useState('^(\\d+)_');
  const [bins, setBins] = useState('');
  const u = upload.uploaded;
  const loading = upload.loading;

  // Bin edges that do not parse are said (step 1's label error) and block the upload until fixed; the rule
  // still switches, so the fields stay on screen to fix them (before, the pattern's later edits were ignored
  // while the old rule's classes stayed on screen as current, and Start with them)
  const applyRule = (kind: 'folder' | 'regex', p = pattern, b = bins) => {
    if (kind === 'folder') {
      upload.setRuleError(null);
      upload.setRule({ kind: 'folder' });
      return;
    }
    let edges: number[] = [];
    try {
      edges = parseBins(b);
      upload.setRuleError(null);
    } catch (e) {
      upload.setRuleError((e as Error).message);
    }
    upload.setRule({ kind: 'regex', pattern: p, ...(edges.length ? { bins: edges } : {}) });
  };

  return (
    <div className="data">
      <div className="source" role="radiogroup" aria-label="Private data">
        <label>
          <input
            type="radio"
            name="source"
            checked={source === 'builtin'}
            disabled={props.busy}
            onChange={() => setSource('builtin')}
          />{' '}
          Built-in Fashion-MNIST
        </label>
        <label>
          <input
            type="radio"
            name="source"
            checked={source === 'upload'}
            disabled={props.busy}
            onChange={() => setSource('upload')}
          />{' '}
          Your images
        </label>
      </div>
      {source === 'builtin' && <BuiltinSummary bridge={upload.bridge} onError={props.onError} />}
      {source === 'upload' && (
        <>
          <div
            className={`dropzone${dragging ? ' over' : ''}`}
            onDragOver={(e) => {
              e.preventDefault();
              setDragging(true);
            }}
            onDragLeave={() => setDragging(false)}
            onDrop={(e) => {
              e.preventDefault();
              setDragging(false);
              const dt = e.dataTransfer;
              void upload.load(() => fromDataTransfer(dt), 'the dropped folder');
            }}
          >
            <p>Drop a folder here (one subfolder per class), or a .zip of one.</p>
            <div className="buttons">
              <button
                type="button"
                disabled={loading}
                onClick={() =>
                  hasDirectoryPicker()
                    ? void upload.load(fromDirectoryPicker, 'the folder')
                    : folderInput.current?.click()
                }
              >
                Choose folder
              </button>
              <button type="button" disabled={loading} onClick={() => zipInput.current?.click()}>
                Choose .zip
              </button>
              {loading && (
                <button type="button" onClick={upload.cancel}>
                  Cancel
                </button>
              )}
            </div>
            <input
              ref={folderInput}
              type="file"
              aria-label="Folder of images"
              webkitdirectory=""
              multiple
              hidden
              onChange={(e) => {
                const files = Array.from(e.target.files ?? []);
                e.target.value = '';
                const root = files[0]?.webkitRelativePath.split('/')[0] ?? 'the folder';
                void upload.load(() => fromFileList(files), root);
              }}
            />
            <input
              ref={zipInput}
              type="file"
              aria-label="Zip of images"
              accept=".zip,application/zip"
              hidden
              onChange={(e) => {
                const f = e.target.files?.[0];
                e.target.value = '';
                if (f) void upload.load(() => [{ path: f.name, file: f }], f.name);
              }}
            />
          </div>
          <div className="probe-controls">
            <SelectField
              label="Resolution"
              value={upload.options.size}
              disabled={loading}
              onChange={(size) => upload.setOptions({ ...upload.options, size })}
              options={([28, 32, 64] as const).map((n) => ({ value: n, text: `${n}×${n}` }))}
            />
            <SelectField
              label="Colour"
              value={upload.options.channels}
              disabled={loading}
              onChange={(channels) => upload.setOptions({ ...upload.options, channels })}
              options={[
                { value: 1 as const, text: 'grayscale' },
                { value: 3 as const, text: 'RGB' },
              ]}
            />
            <SelectField
              label="Fit"
              value={upload.options.fit}
              disabled={loading}
              onChange={(fit) => upload.setOptions({ ...upload.options, fit })}
              options={[
                { value: 'crop' as const, text: 'centre crop' },
                { value: 'pad' as const, text: 'pad' },
              ]}
            />
            <SelectField
              label="Labels from"
              value={upload.rule.kind}
              onChange={(kind) => applyRule(kind)}
              options={[
                { value: 'folder' as const, text: 'subfolder names' },
                { value: 'regex' as const, text: 'file name pattern' },
              ]}
            />
            {upload.rule.kind === 'regex' && (
              <>
                <Field
                  label="Pattern (capture group 1)"
                  name="Label pattern"
                  value={pattern}
                  onChange={(text) => (setPattern(text), applyRule('regex', text, bins))}
                />
                <Field
                  label={
                    <>
                      Numeric bins (edges) <small className="hint">comma-separated, e.g. 40, 60</small>
                    </>
                  }
                  name="Bin edges"
                  value={bins}
                  onChange={(text) => (setBins(text), applyRule('regex', pattern, text))}
                />
              </>
            )}
          </div>
          <p className="note">
            Images are decoded, cropped or padded and resized in a worker and kept once as bytes at this
            resolution; nothing leaves this machine. Change resolution, colour or fit before loading. The
            pretrained encoder needs 28×28 grayscale; other sizes use the random encoder (or one you
            pretrain).
          </p>
          {upload.progress && <ProgressBar job={upload.progress} />}
          {upload.message && (
            <p className="warning" role="alert">
              {upload.message}
            </p>
          )}
          {upload.labelling && <p className="note">Applying the labels…</p>}
          {upload.labelError && (
            <p className="warning" role="alert">
              {upload.labelError}
            </p>
          )}
          {u && <UploadSummary upload={upload} />}
        </>
      )}
    </div>
  );
}
