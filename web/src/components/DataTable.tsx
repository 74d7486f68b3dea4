import { useMemo, useState, type ReactNode } from 'react';
import { downloadCsv } from '../lib/csv';

/** A cell's raw value as text (cells hold strings, numbers, booleans or nothing). */
const text = (v: unknown): string =>
  v == null ? '' : typeof v === 'object' ? JSON.stringify(v) : `${v as string | number | boolean}`;

export interface Column<R> {
  key: keyof R & string;
  label: string;
  /** How a cell shows; the CSV and sorting use the raw value. */
  render?: (row: R) => ReactNode;
  numeric?: boolean;
}

/**
 * A sortable, optionally searchable table with CSV export of the rows it holds (all of them,
 * filtered by the search, not only the visible page). Money strings sort as numbers.
 */
export function DataTable<R extends object>({
  columns,
  rows,
  csvName,
  search,
  initialSort,
  pageSize = 25,
  testId,
}: {
  columns: Column<R>[];
  rows: R[];
  csvName: string;
  /** Columns the search box looks in; no box without them. */
  search?: (keyof R & string)[];
  initialSort?: { key: keyof R & string; desc: boolean };
  pageSize?: number;
  testId: string;
}) {
  const [sort, setSort] = useState(initialSort ?? null);
  const [query, setQuery] = useState('');
  const [shown, setShown] = useState(pageSize);
  const visible = useMemo(() => {
    const q = query.trim().toLowerCase();
    const filtered =
      q && search
        ? rows.filter((r) =>
            search.some((k) =>
              text((r as Record<string, unknown>)[k])
                .toLowerCase()
                .includes(q),
            ),
          )
        : rows;
    if (!sort) return filtered;
    const numeric = columns.find((c) => c.key === sort.key)?.numeric;
    const value = (r: R) => (r as Record<string, unknown>)[sort.key];
    return [...filtered].sort((a, b) => {
      const x = value(a);
      const y = value(b);
      const d =
        x == null
          ? y == null
            ? 0
            : 1
          : y == null
            ? -1
            : numeric
              ? Number(x) - Number(y)
              : text(x).localeCompare(text(y));
      return sort.desc && x != null && y != null ? -d : d;
    });
  }, [rows, query, sort, columns, search]);
  const toggle = (key: keyof R & string) =>
    setSort((s) =>
      s?.key === key
        ? { key, desc: !s.desc }
        : { key, desc: columns.find((c) => c.key === key)?.numeric ?? false },
    );
  return (
    <div className="table-wrap" data-testid={testId}>
      <div className="table-tools">
        {search && (
          <input
            type="search"
            placeholder="Search…"
            value={query}
            onChange={(e) => {
              setQuery(e.target.value);
              setShown(pageSize);
            }}
            aria-label="Search the table"
          />
        )}
        <span className="muted">{visible.length.toLocaleString('en-US')} rows</span>
        <button
          type="button"
          className="btn ghost"
          onClick={() => downloadCsv(csvName, columns, visible)}
        >
          ⬇ CSV
        </button>
      </div>
      <table>
        <thead>
          <tr>
            {columns.map((c) => (
              <th
                key={c.key}
                className={c.numeric ? 'num' : ''}
                onClick={() => toggle(c.key)}
                aria-sort={sort?.key === c.key ? (sort.desc ? 'descending' : 'ascending') : 'none'}
              >
                {c.label}
                {sort?.key === c.key ? (sort.desc ? ' ↓' : ' ↑') : ''}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {visible.slice(0, shown).map((r, i) => (
            <tr key={i}>
              {columns.map((c) => (
                <td key={c.key} className={c.numeric ? 'num' : ''} data-col={c.key}>
                  {c.render ? c.render(r) : text((r as Record<string, unknown>)[c.key]) || '–'}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {visible.length > shown && (
        <button
          type="button"
          className="btn ghost more"
          onClick={() => setShown((n) => n + pageSize * 4)}
        >
          Show more ({(visible.length - shown).toLocaleString('en-US')} left)
        </button>
      )}
    </div>
  );
}
