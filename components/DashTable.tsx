import { toCsv } from '../lib/analytics/dashboard';
import { useT } from '../lib/i18n';

export type Cell = string | number | null;

interface DashTableProps {
  /** Names the table in hooks and the CSV file. */
  name: string;
  caption: string;
  header: string[];
  rows: Cell[][];
  /** Click-through: the messages behind one row. */
  onRow?: (index: number) => void;
  onExport: (fileName: string, csv: string) => void;
}

/** One table of the dashboard: keyboard-usable rows (buttons) and CSV export of exactly what is shown. */
export function DashTable({ name, caption, header, rows, onRow, onExport }: DashTableProps) {
  const t = useT();
  return (
    <section class="dash-block" aria-label={caption}>
      <div class="dash-block-head">
        <h3>{caption}</h3>
        <button type="button" class="secondary" data-testid="gs-dash-export" data-table={name} onClick={() => onExport(`${name}.csv`, toCsv(header, rows))}>
          {t('dashExportCsv')}
        </button>
      </div>
      <table class="dash-table" data-testid="gs-dash-table" data-table={name}>
        <thead>
          <tr>
            {header.map((h) => (
              <th key={h} scope="col">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && (
            <tr>
              <td colSpan={header.length} class="muted">
                {t('dashNoData')}
              </td>
            </tr>
          )}
          {rows.map((row, index) => (
            <tr key={index}>
              {row.map((cell, i) =>
                i === 0 && onRow ? (
                  <th key={header[i]} scope="row">
                    <button type="button" class="link" data-testid="gs-dash-drill" onClick={() => onRow(index)}>
                      {cell ?? '–'}
                    </button>
                  </th>
                ) : (
                  <td key={header[i]}>{cell ?? '–'}</td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
