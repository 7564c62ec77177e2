import type { ReactNode } from 'react';
/** A table's header row, from its column names (the tables of runs, attacks, splits and classes). */
export function TableHead(props: { columns: readonly string[] }) {
  return (
    <thead>
      <tr>
        {props.columns.map((c) => (
          <th key={c}>{c}</th>
        ))}
      </tr>
    </thead>
  );
}

/**
 * One of the lab's results tables (step 3's runs, step 4's attacks): named, with its header, scrolling sideways
 * inside its card when its columns do not fit (a shadow marks the edge with more columns).
 */
export function ResultsTable(props: { label: string; columns: readonly string[]; children: ReactNode }) {
  return (
    <div className="table-scroll">
      <table className="runs" aria-label={props.label}>
        <TableHead columns={props.columns} />
        <tbody>{props.children}</tbody>
      </table>
    </div>
  );
}
