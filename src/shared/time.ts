/**
 * Time in one place: durations, zone offsets, local calendar days and local hours. Pure
 * functions (everything time-dependent takes the instant; the clock is shared/clock.ts). Local
 * days are 'YYYY-MM-DD' strings in an IANA time zone; a program's zone is
 * `programOf(q).time_zone` (programs.service), a customer's their own when set.
 */

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** The instant `days` whole days (of 24 hours, not local days) after `at`. */
export function addDays(at: Date, days: number): Date {
  return new Date(at.getTime() + days * DAY_MS);
}

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

/** The calendar date `days` after `date` (both 'YYYY-MM-DD'; negative goes back). */
export function addDaysToDate(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** How far `tz`'s wall clock is ahead of UTC at `at`, in ms. */
export function offsetMs(at: Date, tz: string): number {
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

const hourFormats = new Map<string, Intl.DateTimeFormat>();

/** The hour (0-23) the wall clock in `tz` shows at `at`. */
export function localHour(at: Date, tz: string): number {
  return Number(
    cached(
      hourFormats,
      tz,
      () => new Intl.DateTimeFormat('en-GB', { timeZone: tz, hour: 'numeric', hourCycle: 'h23' }),
    ).format(at),
  );
}

/** Whole 24-hour days from `from` to `to`, rounded down (days since enrolment, since a visit). */
export function daysBetween(from: Date, to: Date): number {
  return Math.floor((to.getTime() - from.getTime()) / DAY_MS);
}
