import { z } from 'zod';
import { AppError } from '../../shared/errors';
import { MAX_PAGE_SIZE } from '../../shared/pagination';

/** What one search string is looked for as. */
export interface SearchTerms {
  /** Lower-case, trimmed, inner spaces collapsed: for names, emails and external ids. */
  text: string;
  /** As typed (trimmed): external ids are case-sensitive. */
  raw: string;
  /**
   * Digits to compare with the end of a stored E.164 number, when the string looks like a
   * phone number in any format: `(555) 010-0002`, `+1 555 010 0002`, `0044 20 7946 0018`
   * (international prefix dropped), `020 7946 0018` (trunk 0 dropped).
   */
  phoneDigits: string | null;
  /** Upper-case without spaces or dashes, when it could be a reward code (10 Crockford characters). */
  rewardCode: string | null;
  /**
   * One word of letters (apostrophes and hyphens allowed): looked up among the program's
   * first and last names (containing it, or similar: a dropped or swapped letter). Anything
   * else (several words, ids, emails, numbers) is matched exactly or as a substring.
   */
  nameWord: boolean;
}

/** At least this many digits before a search is tried as a phone number (fewer match half the city). */
export const MIN_PHONE_DIGITS = 7;
/** Shorter searches only match exactly: trigram indexes need three characters. */
export const MIN_FUZZY_LENGTH = 3;
const NAME_WORD = /^[\p{L}'’-]+$/u;

const PHONE_CHARS = /^[\d\s+().\-/]+$/;
const CROCKFORD = /^[0-9A-HJKMNP-TV-Z]{10}$/;

export function searchTerms(search: string): SearchTerms | null {
  const raw = search.trim();
  if (!raw) return null;
  if (raw.length > 200) throw AppError.badInput([{ path: 'search', message: 'At most 200 characters' }]);
  const text = raw.toLowerCase().replace(/\s+/g, ' ');
  let phoneDigits: string | null = null;
  if (PHONE_CHARS.test(raw)) {
    let d = raw.replace(/\D/g, '');
    if (d.startsWith('00')) d = d.slice(2);
    else d = d.replace(/^0+/, '');
    if (d.length >= MIN_PHONE_DIGITS && d.length <= 15) phoneDigits = d;
  }
  const code = raw.toUpperCase().replace(/[\s-]/g, '');
  return {
    text,
    raw,
    phoneDigits,
    rewardCode: CROCKFORD.test(code) ? code : null,
    nameWord: NAME_WORD.test(raw),
  };
}

/** `text` with LIKE's own characters escaped. */
function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** A LIKE pattern for values starting with `text`. */
export const prefixPattern = (text: string) => `${likeEscape(text)}%`;

/**
 * Search results are ordered by (tier, score desc, id): 0 exact (email, phone, external id,
 * reward code, full name), 1 contains the text, 2 similar (trigram word similarity). The
 * cursor carries that key; the score is rounded to 4 decimals in SQL so it survives JSON.
 */
export interface SearchKey {
  tier: number;
  score: number;
  id: string;
}

export interface SearchPage {
  first: number;
  after: SearchKey | null;
}

const Cursor = z.tuple([z.literal('s'), z.number().int().min(0).max(2), z.number().min(0).max(1), z.uuid()]);

export function encodeSearchCursor(k: SearchKey): string {
  return Buffer.from(JSON.stringify(['s', k.tier, k.score, k.id])).toString('base64url');
}

export function parseSearchPage(args: { first?: number | null; after?: string | null }): SearchPage {
  const first = args.first ?? 20;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
    throw AppError.badInput([{ path: 'first', message: `Must be between 0 and ${MAX_PAGE_SIZE}` }]);
  }
  if (args.after == null) return { first, after: null };
  try {
    const [, tier, score, id] = Cursor.parse(
      JSON.parse(Buffer.from(args.after, 'base64url').toString('utf8')),
    );
    return { first, after: { tier, score, id } };
  } catch {
    throw AppError.badInput([{ path: 'after', message: 'Not a cursor from this search' }]);
  }
}
