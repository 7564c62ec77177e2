/** What an upload holds: counts per class, warnings, the public/private choice, the split, skipped files. */
import { Plot } from '../charts/Plot';
import { Thumbnails } from './Thumbnails';
import type { useUpload } from './use-upload';
import { TableHead } from '../shell/table';
import { MAX_CLASSES } from '../../lib/data/summary';

/** Skipped files listed at most (then "and N more"): 20,200 list items froze the page for 1.4 s. */
const LISTED_SKIPS = 200;

export type Upload = ReturnType<typeof useUpload>;

export function UploadSummary({ upload }: { upload: Upload }) {
  const u = upload.uploaded!;
  const { summary, dataset } = u;
  // by path, as a zip's are (unlabelled files came in the order the browser listed them)
  const skipped = [...u.decoded.skipped, ...u.unlabeled].sort((a, b) => a.path.localeCompare(b.path));
  const skippedList = skipped.length > 0 && (
    <details className="skipped" open={skipped.length <= LISTED_SKIPS}>
      <summary>
        Skipped {skipped.length.toLocaleString('en')} {skipped.length === 1 ? 'file' : 'files'}
        {summary.total > 0 && ' (all other files were kept)'}
      </summary>
      <ul aria-label="Skipped files">
        {skipped.slice(0, LISTED_SKIPS).map((s) => (
          <li key={s.path}>
            <code>{s.path}</code>: {s.reason}
          </li>
        ))}
        {skipped.length > LISTED_SKIPS && (
          <li>and {(skipped.length - LISTED_SKIPS).toLocaleString('en')} more</li>
        )}
      </ul>
    </details>
  );
  // nothing usable: what went wrong and which files, without an empty table, chart and split (nor a table of
  // thousands of classes)
  if (summary.total === 0 || dataset.classNames.length > MAX_CLASSES)
    return (
      <div className="upload-summary" aria-label="Upload summary">
        {summary.errors.map((m) => (
          <p key={m} className="warning bad" role="alert">
            <strong>{u.name}</strong>: {m}
          </p>
        ))}
        {skippedList}
      </div>
    );
  return (
    <div className="upload-summary" aria-label="Upload summary">
      <p>
        <strong>{u.name}</strong>:{' '}
        <span data-testid="upload-total">{summary.total.toLocaleString('en')}</span> images in{' '}
        {dataset.classNames.length.toLocaleString('en')}{' '}
        {dataset.classNames.length === 1 ? 'class' : 'classes'}, {u.decoded.width}×{u.decoded.height}{' '}
        {u.decoded.channels === 1 ? 'grayscale' : 'RGB'} (decoded in {u.decoded.seconds.toFixed(1)} s).
        Majority-class accuracy: {(100 * summary.majorityAccuracy).toFixed(1)}%.
      </p>
      {summary.errors.map((m) => (
        <p key={m} className="warning bad" role="alert">
          {m}
        </p>
      ))}
      {summary.warnings.map((m) => (
        <p key={m} className="warning">
          {m}
        </p>
      ))}
      {upload.overlapCount !== null && upload.overlapCount > 0 && (
        <p className="warning" role="alert">
          {upload.overlapCount} of these images also appear in the public pretraining data (Fashion-MNIST
          public split): ε does not cover them.
        </p>
      )}
      <table className="splits" aria-label="Classes">
        <TableHead columns={['class index', 'label', 'images']} />
        <tbody>
          {dataset.classNames.map((name, c) => (
            <tr key={name}>
              <td>{c}</td>
              <td>{name}</td>
              <td>{summary.counts[c]}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <label className="check">
        <input
          type="checkbox"
          checked={upload.markedPublic}
          onChange={(e) => upload.setMarkedPublic(e.target.checked)}
        />{' '}
        These images are public: offer them for pretraining (step 2). Never tick this for private data, and do
        not also use them as private data: ε would not cover them.
      </label>
      <label className="check">
        Private test share:{' '}
        <select
          aria-label="Private test share"
          value={upload.testFraction}
          onChange={(e) => upload.setTestFraction(Number(e.target.value))}
        >
          <option value={0.1}>10%</option>
          <option value={0.2}>20%</option>
          <option value={0.3}>30%</option>
        </select>
      </label>
      {u.train && u.test && (
        <p className="note">
          Private data, split {Math.round(100 * (1 - upload.testFraction))}/
          {Math.round(100 * upload.testFraction)} by class with seed 7:{' '}
          {u.train.labels.length.toLocaleString('en')} training images (protected by ε),{' '}
          {u.test.labels.length.toLocaleString('en')} test images.
        </p>
      )}
      <Plot
        label="Images per class"
        height={240}
        data={[{ type: 'bar', x: dataset.classNames, y: summary.counts, marker: { color: '#0072B2' } }]}
        layout={{ title: { text: 'Images per class' }, margin: { l: 48, r: 16, t: 32, b: 60 } }}
      />
      <Thumbnails dataset={dataset} />
      {skippedList}
    </div>
  );
}
