import { describe, expect, it } from 'vitest';
import { addDaysToDate, localDate, localMidnight, localTime } from '../../shared/time';
import { windowEnd, windowStart } from './windows';

describe('tier windows', () => {
  it('local dates follow the time zone around New Year', () => {
    // 04:30 UTC on 1 January is still 31 December in New York, already 1 January in Auckland.
    const at = new Date('2027-01-01T04:30:00Z');
    expect(localDate(at, 'America/New_York')).toBe('2026-12-31');
    expect(localDate(at, 'Pacific/Auckland')).toBe('2027-01-01');
    expect(localDate(at, 'UTC')).toBe('2027-01-01');
  });

  it('local midnight is exact, also across DST', () => {
    expect(localMidnight('2027-01-01', 'America/New_York').toISOString()).toBe('2027-01-01T05:00:00.000Z');
    expect(localMidnight('2027-01-01', 'Pacific/Auckland').toISOString()).toBe('2026-12-31T11:00:00.000Z');
    expect(localMidnight('2026-03-08', 'America/New_York').toISOString()).toBe('2026-03-08T05:00:00.000Z');
    expect(localMidnight('2026-03-09', 'America/New_York').toISOString()).toBe('2026-03-09T04:00:00.000Z');
    // 03:00 on the day clocks jump from 02:00 to 03:00 is already daylight time.
    expect(localTime('2026-03-08', 3, 'America/New_York').toISOString()).toBe('2026-03-08T07:00:00.000Z');
  });

  it('windows: rolling N days ends today; calendar years start on 1 January', () => {
    expect(windowStart({ kind: 'ROLLING_DAYS', days: 1 }, '2026-03-01')).toBe('2026-03-01');
    expect(windowStart({ kind: 'ROLLING_DAYS', days: 30 }, '2026-03-01')).toBe('2026-01-31');
    expect(windowStart({ kind: 'CALENDAR_YEAR', days: null }, '2026-12-31')).toBe('2026-01-01');
    expect(addDaysToDate('2028-02-28', 1)).toBe('2028-02-29');
    expect(
      windowEnd({ kind: 'CALENDAR_YEAR', days: null }, '2026-06-01', 'America/New_York')?.toISOString(),
    ).toBe('2027-01-01T05:00:00.000Z');
    expect(windowEnd({ kind: 'ROLLING_DAYS', days: 30 }, '2026-06-01', 'UTC')).toBeNull();
  });
});

describe('localDate', () => {
  it('agrees with Intl in every kind of zone, around midnights and DST changes, cached or not', () => {
    const zones = [
      'Europe/Paris',
      'America/New_York',
      'Asia/Kathmandu',
      'Pacific/Chatham',
      'Australia/Lord_Howe',
    ];
    const at = [
      '2026-03-29T00:59:59.999Z', // Paris: the last instant before summer time
      '2026-03-29T01:00:00Z',
      '2026-11-01T05:59:00Z', // New York: the hour repeated
      '2026-11-01T06:00:00Z',
      '2026-01-01T18:14:59Z', // Kathmandu (+05:45): just before and at local midnight
      '2026-01-01T18:15:00Z',
      '1975-06-30T23:59:00Z', // before 1980: not cached
    ].map((s) => new Date(s));
    for (const tz of zones) {
      const f = new Intl.DateTimeFormat('en-CA', {
        timeZone: tz,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
      });
      for (const t of at) for (let i = 0; i < 2; i++) expect(localDate(t, tz)).toBe(f.format(t));
    }
  });
});
