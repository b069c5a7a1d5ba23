/**
 * Qualification windows in the program's time zone. Days are local calendar dates
 * ('YYYY-MM-DD'); a rolling window of N days is today and the N-1 days before it; a calendar
 * year runs from local 1 January. Pure functions: everything time-dependent takes `at`.
 */
import { addDaysToDate, localMidnight } from '../../shared/time';

export const WINDOW_KINDS = ['ROLLING_DAYS', 'CALENDAR_YEAR'] as const;
export type WindowKind = (typeof WINDOW_KINDS)[number];

export interface Window {
  kind: WindowKind;
  days: number | null;
}

/** First local day inside the window that ends today. */
export function windowStart(w: Window, today: string): string {
  return w.kind === 'CALENDAR_YEAR' ? `${today.slice(0, 4)}-01-01` : addDaysToDate(today, -(w.days! - 1));
}

/** When a calendar-year window ends (next local 1 January); rolling windows never end. */
export function windowEnd(w: Window, today: string, tz: string): Date | null {
  if (w.kind !== 'CALENDAR_YEAR') return null;
  return localMidnight(`${Number(today.slice(0, 4)) + 1}-01-01`, tz);
}
