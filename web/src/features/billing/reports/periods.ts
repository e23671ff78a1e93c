/** The periods a sales-tax return usually covers, as from/to calendar dates. */
import { calendarDate, lastQuarter } from '../../../lib/calendar';

export const presets = [
  'lastQuarter',
  'thisQuarter',
  'lastMonth',
  'thisMonth',
  'lastYear',
  'thisYear',
] as const;
export type Preset = (typeof presets)[number];

export function periodOf(preset: Preset, now = new Date()): { from: string; to: string } {
  const year = now.getFullYear();
  const month = now.getMonth();
  const range = (fromYear: number, fromMonth: number, months: number) => ({
    from: calendarDate(new Date(fromYear, fromMonth, 1)),
    to: calendarDate(new Date(fromYear, fromMonth + months, 0)),
  });
  switch (preset) {
    case 'lastQuarter':
      return lastQuarter(now);
    case 'thisQuarter':
      return range(year, Math.floor(month / 3) * 3, 3);
    case 'lastMonth':
      return range(year, month - 1, 1);
    case 'thisMonth':
      return range(year, month, 1);
    case 'lastYear':
      return range(year - 1, 0, 12);
    case 'thisYear':
      return range(year, 0, 12);
  }
}

/** The preset a period is, if it is one. */
export function presetOf(period: { from: string; to: string }, now = new Date()): Preset | undefined {
  return presets.find((preset) => {
    const candidate = periodOf(preset, now);
    return candidate.from === period.from && candidate.to === period.to;
  });
}
