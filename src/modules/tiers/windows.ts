/**
 * Qualification windows in the program's time zone. Days are local calendar dates
 * ('YYYY-MM-DD'); a rolling window of N days is today and the N-1 days before it; a calendar
 * year runs from local 1 January. Pure functions: everything time-dependent takes `at`.
 */
export const WINDOW_KINDS = ['ROLLING_DAYS', 'CALENDAR_YEAR'] as const;
export type WindowKind = (typeof WINDOW_KINDS)[number];

export interface Window {
  kind: WindowKind;
  days: number | null;
}

const DAY_MS = 86_400_000;

// Making an Intl.DateTimeFormat costs about 0.1 ms (it loads the zone's ICU data); one per
// zone and shape is kept (issue 12: a new one per purchase was a tenth of its CPU).
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const partFormats = new Map<string, Intl.DateTimeFormat>();

function cached(m: Map<string, Intl.DateTimeFormat>, tz: string, make: () => Intl.DateTimeFormat) {
  let f = m.get(tz);
  if (!f) {
    f = make();
    if (m.size >= 1000) m.clear();
    m.set(tz, f);
  }
  return f;
}

// Formatting itself costs ~15 µs, twice per purchase. Since 1980 every zone's offset is a
// multiple of 15 minutes, so the local date only changes at UTC quarter hours: it is kept per
// zone and quarter hour (earlier instants, where local mean times had odd offsets, are not).
const QUARTER = 900_000;
const MODERN = Date.UTC(1980, 0, 1);
const datesByQuarter = new Map<string, string>();

/** The local date of an instant in `tz`. */
export function localDate(at: Date, tz: string): string {
  const t = at.getTime();
  const key = t >= MODERN ? `${tz}|${Math.floor(t / QUARTER)}` : null;
  const hit = key === null ? undefined : datesByQuarter.get(key);
  if (hit !== undefined) return hit;
  // en-CA formats as YYYY-MM-DD.
  const date = cached(
    dateFormats,
    tz,
    () =>
      new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }),
  ).format(at);
  if (key !== null) {
    if (datesByQuarter.size >= 100_000) datesByQuarter.clear();
    datesByQuarter.set(key, date);
  }
  return date;
}

export function addDaysToDate(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** How far `tz`'s wall clock is ahead of UTC at `at`, in ms. */
function offsetMs(at: Date, tz: string): number {
  const parts = cached(
    partFormats,
    tz,
    () =>
      new Intl.DateTimeFormat('en-US', {
        timeZone: tz,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      }),
  ).formatToParts(at);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return wall - Math.floor(at.getTime() / 1000) * 1000;
}

/** The instant local midnight starts `date` in `tz` (two passes settle DST changes). */
export function localMidnight(date: string, tz: string): Date {
  return localTime(date, 0, tz);
}

/** The instant the wall clock in `tz` shows `hour`:00 on `date`. */
export function localTime(date: string, hour: number, tz: string): Date {
  const wall = Date.parse(`${date}T${String(hour).padStart(2, '0')}:00:00Z`);
  let t = wall - offsetMs(new Date(wall), tz);
  t = wall - offsetMs(new Date(t), tz);
  return new Date(t);
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
