/** The built-in dataset in use, its roles and its fixed, seeded split. */
import { BUILTIN_DATASETS, SPLIT_SEED } from '../../lib/data/builtin';

export function BuiltinSummary() {
  const spec = BUILTIN_DATASETS[0]!;
  return (
    <div className="dataset">
      <p>
        <strong>{spec.title}</strong> (built in): {spec.classNames.length} classes, 28×28 grayscale.{' '}
        {spec.source}.
      </p>
      <table className="splits" aria-label="Dataset splits">
        <thead>
          <tr>
            <th>split</th>
            <th>images</th>
            <th>role</th>
          </tr>
        </thead>
        <tbody>
          {spec.splits.map((s) => (
            <tr key={s.name}>
              <td>{s.name}</td>
              <td>{spec.counts[s.name]!.toLocaleString('en')}</td>
              <td>
                <span className={`role ${s.role}`}>{s.role}</span> {s.description}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="note">
        Stratified by class with seed {SPLIT_SEED}; exact duplicate images removed first, so no image is in
        two splits. Classes: {spec.classNames.join(', ')}.
      </p>
    </div>
  );
}
