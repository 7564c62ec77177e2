/** A chart's numbers under it, folded: "<chart> as a table" (chart-table.ts builds them). */
import type { TableData } from './chart-table';
import { TableHead } from '../shell/table';

export function ChartTable({ label, table }: { label: string; table: TableData }) {
  return (
    <details className="chart-table">
      <summary>{label} as a table</summary>
      <div className="chart-table-scroll">
        <table aria-label={`${label} (table)`}>
          <TableHead columns={table.columns} />
          <tbody>
            {table.rows.map(([first, ...cells], r) => (
              <tr key={r}>
                <th scope="row">{first}</th>
                {cells.map((c, i) => (
                  <td key={i}>{c}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
