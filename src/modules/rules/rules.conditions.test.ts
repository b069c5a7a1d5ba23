import { describe, expect, it } from 'vitest';
import { CONDITION_BY_CODE, localParts, type RuleEvent } from './rules.conditions';
import { compileConditions, parseDefinition } from './rules.definition';

const event = (at: string, tz = 'UTC', extra: Partial<RuleEvent> = {}): RuleEvent => ({
  trigger: 'PURCHASE_RECORDED',
  at: new Date(at),
  timeZone: tz,
  currency: 'USD',
  customer: {
    id: 'c',
    enrolledAt: new Date('2026-01-01T00:00:00Z'),
    birthday: null,
    tierId: null,
    visitCount: 1,
    lifetimeSpendMinor: 0,
    daysSinceLastVisit: null,
  },
  purchase: { id: 'p', totalMinor: 10_000, storeCode: 'S1', basePoints: 100, lines: [] },
  ...extra,
});

describe('rule conditions', () => {
  it('local parts match Intl in zones with odd offsets and across DST (cached per quarter hour)', () => {
    for (const tz of ['Asia/Kathmandu', 'America/St_Johns', 'Europe/Paris', 'Australia/Lord_Howe']) {
      for (
        let t = Date.parse('2026-03-28T00:00:00Z');
        t < Date.parse('2026-04-06T00:00:00Z');
        t += 7 * 60_000
      ) {
        const f = new Intl.DateTimeFormat('en-US', {
          timeZone: tz,
          hour: 'numeric',
          minute: 'numeric',
          hourCycle: 'h23',
        });
        const p = Object.fromEntries(f.formatToParts(new Date(t)).map((x) => [x.type, x.value]));
        expect(localParts(new Date(t), tz).minute).toBe(Number(p.hour) * 60 + Number(p.minute));
      }
    }
  });

  it('a time window over midnight wraps', () => {
    const def = CONDITION_BY_CODE.get('local_time_between')!;
    const a = { from: '22:00', to: '02:00' };
    expect(def.check(event('2026-03-03T23:30:00Z'), a)).toBe(true);
    expect(def.check(event('2026-03-03T01:59:00Z'), a)).toBe(true);
    expect(def.check(event('2026-03-03T02:00:00Z'), a)).toBe(false);
  });

  it('weekday is the program zone’s, not UTC’s', () => {
    const def = CONDITION_BY_CODE.get('weekday_in')!;
    // Tuesday 02:00 UTC is still Monday in New York.
    expect(def.check(event('2026-03-03T02:00:00Z', 'America/New_York'), { days: [1] })).toBe(true);
    expect(def.check(event('2026-03-03T02:00:00Z', 'UTC'), { days: [2] })).toBe(true);
  });

  it('compiles all/any/not trees', () => {
    const def = parseDefinition({
      trigger: { type: 'PURCHASE_RECORDED' },
      conditions: {
        all: [
          { condition: 'min_purchase_total', args: { amountMinor: 5_000 } },
          { not: { condition: 'store_in', args: { storeCodes: ['S2'] } } },
          {
            any: [
              { condition: 'visit_count_at_least', args: { count: 5 } },
              { condition: 'store_in', args: { storeCodes: ['S1'] } },
            ],
          },
        ],
      },
      actions: [{ type: 'AWARD_POINTS', args: { points: 1 } }],
    });
    const match = compileConditions(def.conditions);
    expect(match(event('2026-03-03T12:00:00Z'))).toBe(true);
    const other = event('2026-03-03T12:00:00Z');
    other.purchase!.storeCode = 'S2';
    expect(match(other)).toBe(false);
  });
});
