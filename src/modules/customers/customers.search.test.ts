import { describe, expect, it } from 'vitest';
import { encodeSearchCursor, parseSearchPage, prefixPattern, searchTerms } from './customers.search';

describe('searchTerms', () => {
  it('reads a phone number in any format as the digits to find at the end of an E.164 number', () => {
    expect(searchTerms('(555) 010-0002')?.phoneDigits).toBe('5550100002');
    expect(searchTerms('+1 555 010 0002')?.phoneDigits).toBe('15550100002');
    expect(searchTerms('+1.555.010.0002')?.phoneDigits).toBe('15550100002');
    expect(searchTerms('0044 20 7946 0018')?.phoneDigits).toBe('442079460018'); // international prefix
    expect(searchTerms('020 7946 0018')?.phoneDigits).toBe('2079460018'); // trunk 0
    expect(searchTerms('555 0100')?.phoneDigits).toBe('5550100');
    expect(searchTerms('12345')?.phoneDigits).toBeNull(); // too short to mean one person
    expect(searchTerms('ada 555 0100')?.phoneDigits).toBeNull(); // words are not a phone
  });

  it('lower-cases and collapses text, keeps the raw form for external ids, spots reward codes', () => {
    expect(searchTerms('  Ada   MORENO ')).toMatchObject({ text: 'ada moreno', raw: 'Ada   MORENO' });
    expect(searchTerms('card-0001')).toMatchObject({ raw: 'card-0001', rewardCode: null });
    expect(searchTerms('7h3k-9q2m-xa')?.rewardCode).toBe('7H3K9Q2MXA');
    expect(searchTerms('ILLEGALIOU')?.rewardCode).toBeNull(); // I, L, O, U are not Crockford
    expect(searchTerms('   ')).toBeNull();
    expect(() => searchTerms('x'.repeat(201))).toThrow(/Invalid input/);
  });

  it("escapes LIKE's own characters", () => {
    expect(prefixPattern('50%_off\\')).toBe('50\\%\\_off\\\\%');
  });

  it('round-trips its cursor and refuses a cursor from another list', () => {
    const after = encodeSearchCursor({ tier: 1, score: 0.6667, id: '5f0c6b8e-4a43-4d0c-9d7a-2b1f0e5c3a10' });
    expect(parseSearchPage({ first: 5, after })).toEqual({
      first: 5,
      after: { tier: 1, score: 0.6667, id: '5f0c6b8e-4a43-4d0c-9d7a-2b1f0e5c3a10' },
    });
    const listCursor = Buffer.from(JSON.stringify(['2026-01-01T00:00:00.000Z', 'x'])).toString('base64url');
    expect(() => parseSearchPage({ after: listCursor })).toThrow(/Invalid input/);
    expect(() => parseSearchPage({ first: 101 })).toThrow(/Invalid input/);
  });
});

describe('name words', () => {
  it('one word of letters is looked up among names; ids, emails, numbers and phrases are not', () => {
    expect(searchTerms('Natarjan')?.nameWord).toBe(true);
    expect(searchTerms("O'Neil")?.nameWord).toBe(true);
    expect(searchTerms('Ñúñez')?.nameWord).toBe(true);
    expect(searchTerms('Ada Moreno')?.nameWord).toBe(false);
    expect(searchTerms('card-0001')?.nameWord).toBe(false);
    expect(searchTerms('ada@example.com')?.nameWord).toBe(false);
  });
});
