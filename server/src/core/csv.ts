/**
 * CSV that Excel opens as it is (RFC 4180, UTF-8 with a byte-order mark, CRLF). A few lines
 * written here rather than taken from a library: the formula guard is ours, and the quoting
 * is the whole of the rest.
 */

// A spreadsheet runs a cell that starts with one of these as a formula (OWASP CSV injection),
// fullwidth forms included.
const formulaStart = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

/** Text that a spreadsheet will show, never evaluate: a leading apostrophe disarms a formula. */
export function guardFormula(text: string): string {
  return formulaStart.test(text) ? `'${text}` : text;
}

/** A number written as it is, unquoted and unguarded (a negative amount stays a number). */
export interface CsvNumber {
  number: string;
}

export type CsvCell = string | number | null | CsvNumber;

/** Cents as a decimal amount with a dot, exact (no float): -1234 → -12.34. */
export function centsCell(cents: number): CsvNumber {
  if (!Number.isSafeInteger(cents)) throw new RangeError('centsCell: cents must be a safe integer');
  const magnitude = String(Math.abs(cents)).padStart(3, '0');
  return { number: `${cents < 0 ? '-' : ''}${magnitude.slice(0, -2)}.${magnitude.slice(-2)}` };
}

/** One cell: numbers as they are, text guarded then always quoted (quotes doubled), null empty. */
export function csvCell(value: CsvCell): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'object') return value.number;
  return `"${guardFormula(value).replaceAll('"', '""')}"`;
}

/** UTF-8 with a byte-order mark (Excel reads accents right only then), CRLF after every record. */
export function toCsv(rows: readonly (readonly CsvCell[])[]): string {
  return `\uFEFF${rows.map((row) => `${row.map(csvCell).join(',')}\r\n`).join('')}`;
}

function quality(range: string): { type: string; q: number } {
  const [type = '', ...params] = range.split(';').map((part) => part.trim().toLowerCase());
  const q = params.find((param) => param.startsWith('q='));
  const value = q ? Number(q.slice(2)) : 1;
  return { type, q: Number.isFinite(value) ? value : 0 };
}

/**
 * Whether a report is wanted as CSV: `format=csv` says so, `format=json` says not; else an
 * Accept header that prefers text/csv to application/json (on a tie, the one named first).
 */
export function wantsCsv(format: 'json' | 'csv' | undefined, accept: string | undefined): boolean {
  if (format) return format === 'csv';
  if (!accept) return false;
  const ranges = accept.split(',').map(quality);
  const csv = ranges.findIndex((range) => range.type === 'text/csv' && range.q > 0);
  if (csv === -1) return false;
  const json = ranges.findIndex((range) => range.type === 'application/json' && range.q > 0);
  if (json === -1) return true;
  const [csvQ, jsonQ] = [ranges[csv]!.q, ranges[json]!.q];
  return csvQ > jsonQ || (csvQ === jsonQ && csv < json);
}
