/** CSV text from a table: RFC 4180 quoting, numbers at full precision, empty cells for missing or non-finite values. */
export type Cell = string | number | undefined | null;

export function csvCell(value: Cell): string {
  if (value === undefined || value === null) return '';
  const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function tableCsv(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\n') + '\n';
}
