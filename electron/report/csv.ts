/**
 * CSV for spreadsheets, guarded against formula injection: a cell a spreadsheet would
 * read as a formula (starting with = + - @, a tab or a carriage return) gets a leading
 * apostrophe, and every cell that needs it is quoted (RFC 4180).
 */
export type CsvCell = string | number | boolean | null | undefined;

export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : String(value);
  // Numbers are data, not formulas: only text is guarded (a negative number stays a number).
  if (typeof value !== 'number' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(rows: readonly (readonly CsvCell[])[]): string {
  return rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
