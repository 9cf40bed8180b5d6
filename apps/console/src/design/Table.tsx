import {
  type ColumnDef,
  flexRender,
  getCoreRowModel,
  type RowData,
  useReactTable,
} from '@tanstack/react-table';
import { ArrowDown, ArrowUp, ArrowUpDown } from 'lucide-react';
import { type ReactNode } from 'react';

declare module '@tanstack/react-table' {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- the generics must match TanStack's
  interface ColumnMeta<TData extends RowData, TValue> {
    /** Right-aligned tabular figures. */
    numeric?: boolean;
    /** Left out on a narrow window, where the page the row links to shows it. */
    wideOnly?: boolean;
    /** Stays at the right edge on a narrow window while the rest scrolls (the row's actions). */
    stickyEnd?: boolean;
  }
}

function cellClass(
  meta: { numeric?: boolean; wideOnly?: boolean; stickyEnd?: boolean } | undefined,
): string | undefined {
  const classes = [
    meta?.numeric && 'num',
    meta?.wideOnly && 'wide-only',
    meta?.stickyEnd && 'sticky-end',
  ].filter(Boolean);
  return classes.length > 0 ? classes.join(' ') : undefined;
}

export interface TableSort {
  id: string;
  desc: boolean;
}

/**
 * A table over TanStack Table. Sorting happens on the server: a sortable column's header is a
 * button that reports the column, and `aria-sort` says how the rows are ordered now.
 */
export function DataTable<T>({
  columns,
  data,
  getRowId,
  label,
  sort,
  onSort,
  empty,
}: {
  columns: ColumnDef<T>[];
  data: readonly T[];
  getRowId: (row: T) => string;
  /** Names the table for screen readers. */
  label: string;
  sort?: TableSort;
  onSort?: (columnId: string) => void;
  /** Shown in place of the rows when there are none. */
  empty?: ReactNode;
}) {
  const table = useReactTable<T>({
    columns,
    data: data as T[],
    getRowId: (row) => getRowId(row),
    getCoreRowModel: getCoreRowModel(),
    manualSorting: true,
    enableSortingRemoval: false,
    state: { sorting: sort ? [sort] : [] },
  });

  return (
    <div className="table-wrap">
      <table className="table" aria-label={label}>
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => {
                const sortable = Boolean(onSort) && header.column.columnDef.enableSorting === true;
                const active = sort?.id === header.column.id;
                const ariaSort = sortable
                  ? active
                    ? sort?.desc
                      ? 'descending'
                      : 'ascending'
                    : 'none'
                  : undefined;
                const content = flexRender(header.column.columnDef.header, header.getContext());
                return (
                  <th
                    key={header.id}
                    scope="col"
                    aria-sort={ariaSort}
                    className={cellClass(header.column.columnDef.meta)}
                  >
                    {sortable ? (
                      <button
                        type="button"
                        className="sort-button"
                        onClick={() => onSort?.(header.column.id)}
                      >
                        {content}
                        {active ? (
                          sort?.desc ? (
                            <ArrowDown size={12} aria-hidden="true" />
                          ) : (
                            <ArrowUp size={12} aria-hidden="true" />
                          )
                        ) : (
                          <ArrowUpDown size={12} aria-hidden="true" style={{ opacity: 0.5 }} />
                        )}
                      </button>
                    ) : (
                      content
                    )}
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody>
          {table.getRowModel().rows.map((row) => (
            <tr key={row.id}>
              {row.getVisibleCells().map((cell) => (
                <td key={cell.id} className={cellClass(cell.column.columnDef.meta)}>
                  {flexRender(cell.column.columnDef.cell, cell.getContext())}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {data.length === 0 && empty}
    </div>
  );
}
