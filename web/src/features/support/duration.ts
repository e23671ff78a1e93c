/** "45 min", "3 h 20 min", "2 j 4 h" / "2 d 4 h": a duration read at a glance. */
export function formatDuration(seconds: number | null | undefined, locale: string): string {
  if (seconds === null || seconds === undefined) return '—';
  const minutes = Math.round(seconds / 60);
  const french = locale.startsWith('fr');
  const dayUnit = french ? 'j' : 'd';
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) {
    const rest = minutes % 60;
    return rest ? `${hours} h ${rest} min` : `${hours} h`;
  }
  const days = Math.floor(hours / 24);
  const restHours = hours % 24;
  return restHours ? `${days} ${dayUnit} ${restHours} h` : `${days} ${dayUnit}`;
}

/** "1 déc., 17 h 00": an instant close to now, its year only when not this one. */
export function shortDateTime(value: string, locale: string): string {
  const date = new Date(value);
  const sameYear = date.getFullYear() === new Date().getFullYear();
  return new Intl.DateTimeFormat(locale, {
    day: 'numeric',
    month: 'short',
    ...(sameYear ? {} : { year: 'numeric' }),
    hour: '2-digit',
    minute: '2-digit',
  }).format(date);
}
