/** Cents as a decimal string, by integer arithmetic: -1234 → '-12.34'. */
export function centsToDecimal(cents: number): string {
  const abs = Math.abs(cents);
  const units = (abs - (abs % 100)) / 100;
  return `${cents < 0 ? '-' : ''}${units}.${String(abs % 100).padStart(2, '0')}`;
}

const formatters = new Map<string, Intl.NumberFormat>();

/** "1 234,56 $" as a timeline title says it (French first; the web shows its own formatting). */
export function formatCents(cents: number, currency: string): string {
  let formatter = formatters.get(currency);
  if (!formatter) {
    formatter = new Intl.NumberFormat('fr-CA', { style: 'currency', currency });
    formatters.set(currency, formatter);
  }
  // A decimal string is formatted exactly (no float on the way).
  return formatter.format(centsToDecimal(cents) as unknown as number);
}
