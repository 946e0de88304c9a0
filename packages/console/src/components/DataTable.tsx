import { FlexRender, tableFeatures, useTable, type ColumnDef, type RowData } from '@tanstack/react-table';
import { useTranslation } from 'react-i18next';

export const features = tableFeatures({});
export type Column<T extends RowData> = ColumnDef<typeof features, T>;

type Props<T extends RowData> = {
  /** Names the table for screen readers. */
  label: string;
  columns: Column<T>[];
  data: T[];
  isLoading?: boolean;
  getRowId: (row: T) => string;
  /** Makes a row open its details with a click or Enter. */
  onRowOpen?: (row: T) => void;
};

// Rows come a page at a time from the API (server-side pagination and search), so the table only
// lays out what it is given.
export function DataTable<T extends RowData>({ label, columns, data, isLoading, getRowId, onRowOpen }: Props<T>) {
  const { t } = useTranslation();
  const table = useTable({ features, columns, data, getRowId });
  return (
    <table className="table" aria-label={label} aria-busy={isLoading}>
      <thead>
        {table.getHeaderGroups().map((group) => (
          <tr key={group.id}>
            {group.headers.map((header) => (
              <th key={header.id} scope="col">
                {header.isPlaceholder ? null : <FlexRender header={header} />}
              </th>
            ))}
          </tr>
        ))}
      </thead>
      <tbody>
        {table.getRowModel().rows.map((row) => (
          <tr key={row.id} className={onRowOpen ? 'clickable' : undefined} onClick={onRowOpen ? () => onRowOpen(row.original) : undefined}>
            {row.getAllCells().map((cell) => (
              <td key={cell.id}>
                <FlexRender cell={cell} />
              </td>
            ))}
          </tr>
        ))}
        {data.length === 0 ? (
          <tr>
            <td colSpan={columns.length} className="muted">
              {isLoading ? t('common.loading') : t('common.empty')}
            </td>
          </tr>
        ) : null}
      </tbody>
    </table>
  );
}
