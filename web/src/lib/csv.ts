import Papa from 'papaparse';

/** Downloads rows as a CSV file (papaparse quotes what needs quoting). */
export function downloadCsv(
  filename: string,
  columns: { key: string; label: string }[],
  rows: object[],
): void {
  const csv = Papa.unparse({
    fields: columns.map((c) => c.label),
    data: rows.map((r) => columns.map((c) => (r as Record<string, unknown>)[c.key] ?? '')),
  });
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename.endsWith('.csv') ? filename : `${filename}.csv`;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
