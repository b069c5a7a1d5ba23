import { newestFirst } from '../../db/page';
import type { Scoped } from '../../db/scoped';
import type { Page } from '../../shared/pagination';
import type { Channel } from './customers.inputs';
import { MIN_FUZZY_LENGTH, prefixPattern, type SearchPage, type SearchTerms } from './customers.search';

export interface CustomerRow {
  program_id: string;
  id: string;
  external_id: string | null;
  email: string | null;
  phone: string | null;
  first_name: string | null;
  last_name: string | null;
  birthday: string | null;
  time_zone: string | null;
  locale: string | null;
  enrolled_at: Date;
  updated_at: Date;
  /** Set by eraseCustomer: every personal field is then null, for good. */
  erased_at?: Date | null;
}

/**
 * A customers row read as `to_jsonb(c)` (statements that read a customer beside other rows in
 * one round trip): its timestamps back to Dates, as `pg` gives them for the row itself.
 */
export function customerFromJson(c: Record<string, unknown>): CustomerRow {
  const at = (v: unknown) => (v == null ? null : new Date(v as string));
  return {
    ...(c as unknown as CustomerRow),
    enrolled_at: at(c.enrolled_at)!,
    updated_at: at(c.updated_at)!,
    erased_at: at(c.erased_at),
  };
}

export type ProfileFields = Partial<
  Pick<CustomerRow, 'email' | 'phone' | 'first_name' | 'last_name' | 'birthday' | 'time_zone' | 'locale'>
>;

/** Inserts, or — when the externalId is taken — returns null so the caller can load it. */
export async function insertCustomer(
  q: Scoped,
  c: ProfileFields & { external_id: string | null; at: Date },
): Promise<CustomerRow | null> {
  const { at, ...fields } = c;
  const rows = await q
    .insert('customers', { ...fields, enrolled_at: at, updated_at: at })
    .onConflict(['program_id', 'external_id'])
    .ignore()
    .returning('*');
  return rows[0] ?? null;
}

export async function updateCustomer(
  q: Scoped,
  id: string,
  fields: ProfileFields,
  at: Date,
): Promise<CustomerRow | undefined> {
  const [row] = await q('customers')
    .where({ id })
    .whereNull('erased_at')
    .update({ ...fields, updated_at: at })
    .returning('*');
  return row;
}

export function customersByIds(q: Scoped, ids: readonly string[]): Promise<CustomerRow[]> {
  return q('customers').whereIn('id', ids);
}

export function customerByExternalId(q: Scoped, externalId: string): Promise<CustomerRow | undefined> {
  return q('customers').where({ external_id: externalId }).first();
}

export function listCustomers(q: Scoped, page: Page): Promise<CustomerRow[]> {
  return newestFirst(q('customers'), page, 'enrolled_at');
}

export interface PreferencesRow {
  customer_id: string;
  preferred_channel: Channel | null;
  quiet_hours_start: number | null;
  quiet_hours_end: number | null;
  newsletter_topics: string[];
  sms_only_after_inbound: boolean;
}

export interface ConsentRow {
  customer_id: string;
  channel: Channel;
  state: 'GRANTED' | 'DENIED';
  source: string;
  changed_at: Date;
}

export function preferencesByCustomerIds(q: Scoped, ids: readonly string[]): Promise<PreferencesRow[]> {
  return q('contact_preferences').whereIn('customer_id', ids);
}

export function consentsByCustomerIds(q: Scoped, ids: readonly string[]): Promise<ConsentRow[]> {
  return q('contact_consents').whereIn('customer_id', ids);
}

export async function upsertPreferences(
  q: Scoped,
  customerId: string,
  fields: Partial<Omit<PreferencesRow, 'customer_id'>>,
  at: Date,
): Promise<void> {
  const row = { customer_id: customerId, ...fields, updated_at: at };
  await q
    .insert('contact_preferences', row)
    .onConflict(['program_id', 'customer_id'])
    .merge(Object.keys(row));
}

/** Records a consent change; an unchanged state keeps its original time and source. */
export async function upsertConsent(
  q: Scoped,
  c: Omit<ConsentRow, 'changed_at'> & { at: Date },
): Promise<void> {
  await q
    .insert('contact_consents', {
      customer_id: c.customer_id,
      channel: c.channel,
      state: c.state,
      source: c.source,
      changed_at: c.at,
    })
    .onConflict(['program_id', 'customer_id', 'channel'])
    .merge(['state', 'source', 'changed_at'])
    .whereRaw('contact_consents.state IS DISTINCT FROM excluded.state');
}

export interface NoteRow {
  id: string;
  customer_id: string;
  body: string;
  pinned: boolean;
  author: string;
  created_at: Date;
  updated_at: Date;
}

export function notesByCustomerIds(q: Scoped, ids: readonly string[]): Promise<NoteRow[]> {
  return q('customer_notes')
    .whereIn('customer_id', ids)
    .orderBy([
      { column: 'pinned', order: 'desc' },
      { column: 'created_at', order: 'desc' },
    ]);
}

/** Drops one newsletter topic (an unsubscribe link of that topic); no row means no topics. */
export async function removeNewsletterTopic(
  q: Scoped,
  customerId: string,
  topic: string,
  at: Date,
): Promise<boolean> {
  const n = await q('contact_preferences')
    .where({ customer_id: customerId })
    .whereRaw('? = ANY (newsletter_topics)', [topic])
    .update({ newsletter_topics: q.knex.raw('array_remove(newsletter_topics, ?)', [topic]), updated_at: at });
  return n > 0;
}

/** Adds a newsletter topic back (the preferences page); false when it was already there. */
export async function addNewsletterTopic(
  q: Scoped,
  customerId: string,
  topic: string,
  at: Date,
): Promise<boolean> {
  const [prefs] = await preferencesByCustomerIds(q, [customerId]);
  if (prefs?.newsletter_topics.includes(topic)) return false;
  await upsertPreferences(
    q,
    customerId,
    { newsletter_topics: [...(prefs?.newsletter_topics ?? []), topic] },
    at,
  );
  return true;
}

export async function insertNote(
  q: Scoped,
  n: Pick<NoteRow, 'customer_id' | 'body' | 'pinned' | 'author'>,
  at: Date,
): Promise<NoteRow> {
  const [row] = await q.insert('customer_notes', { ...n, created_at: at, updated_at: at }).returning('*');
  return row;
}

export async function updateNote(
  q: Scoped,
  id: string,
  fields: Partial<Pick<NoteRow, 'body' | 'pinned'>>,
  at: Date,
): Promise<NoteRow | undefined> {
  const [row] = await q('customer_notes')
    .where({ id })
    .update({ ...fields, updated_at: at })
    .returning('*');
  return row;
}

export async function deleteNote(q: Scoped, id: string): Promise<NoteRow | undefined> {
  const [row] = await q('customer_notes').where({ id }).del().returning('*');
  return row;
}

export function noteById(q: Scoped, id: string): Promise<NoteRow | undefined> {
  return q('customer_notes').where({ id }).first();
}

/**
 * Customers whose birthday, or enrolment anniversary in `tz`, falls on the month-day `md`
 * (MM-DD). Feb 29 is celebrated on Feb 28 in other years (`alsoFeb29`).
 */
export async function customerIdsOnDay(
  q: Scoped,
  kind: 'BIRTHDAY' | 'ENROLLMENT_ANNIVERSARY',
  md: string,
  opts: { tz: string; year: number; alsoFeb29: boolean },
): Promise<string[]> {
  const days = opts.alsoFeb29 ? [md, '02-29'] : [md];
  const qb = q('customers');
  if (kind === 'BIRTHDAY') {
    qb.whereNotNull('birthday').whereIn(q.knex.raw(`to_char(birthday, 'MM-DD')`) as never, days);
  } else {
    qb.whereIn(q.knex.raw(`to_char(enrolled_at AT TIME ZONE ?, 'MM-DD')`, [opts.tz]) as never, days).whereRaw(
      `extract(year FROM enrolled_at AT TIME ZONE ?) < ?`,
      [opts.tz, opts.year],
    );
  }
  return (await qb.select('id')).map((r: { id: string }) => r.id);
}

/** Many customers at once (an import): inserted, or skipped when the externalId is taken. */
export async function insertCustomers(
  q: Scoped,
  rows: readonly (ProfileFields & { external_id: string; at: Date })[],
): Promise<CustomerRow[]> {
  if (!rows.length) return [];
  return q
    .insert(
      'customers',
      rows.map(({ at, ...fields }) => ({ ...fields, enrolled_at: at, updated_at: at })),
    )
    .onConflict(['program_id', 'external_id'])
    .ignore()
    .returning('*');
}

/** The first consent of new customers (an import), each with its own source and time. */
export async function insertConsents(
  q: Scoped,
  rows: readonly (Omit<ConsentRow, 'changed_at'> & { at: Date })[],
): Promise<void> {
  if (!rows.length) return;
  await q.insert(
    'contact_consents',
    rows.map(({ at, ...c }) => ({ ...c, changed_at: at })),
  );
}

/** Names compared with a search word: the best this many (contains it, then similar). */
const NAME_CANDIDATES = 50;
/** Starts-with matches read per kind (email, external id, full name), in index order: refine past this. */
const PREFIX_CANDIDATES = 100;

export type RankedCustomerRow = CustomerRow & { search_tier: number; search_score: number };

/**
 * One search, ranked (see customers.search.ts) in one statement, every arm an index read:
 * - tier 0, exact: email, external id, phone digits (a suffix of the stored E.164 number), the
 *   reward code's customer (found by the caller), full name;
 * - one word that looks like a name: tier 1, a first or last name containing it; tier 2, a
 *   similar name (pg_trgm similarity ≥ 0.3). Names come from the program's short list of
 *   distinct names (customer_names), ranked by similarity to the word; their customers from
 *   the name B-trees in id order (index-only: the indexes carry both names and the external
 *   id), a page at a time, after the cursor. Each customer is listed once, under the better of
 *   their two names, and not at all when an exact arm lists them;
 * - anything else of three characters or more: tier 1, email, external id or full name
 *   starting with it, the first PREFIX_CANDIDATES of each in index order (a stable set, so later
 *   pages see the same candidates), ranked by similarity.
 * A customer found by several arms is ranked by the best; only the page's rows are read from
 * the table. Erased customers are never found (their names and email are gone; the arms that
 * could still reach them check erased_at).
 */
export async function searchCustomers(
  q: Scoped,
  s: SearchTerms,
  page: SearchPage,
  codeCustomerId: string | null,
  /** Benchmarks: also run the statement under EXPLAIN ANALYZE and hand over the plan. */
  explain?: (plan: string) => void,
): Promise<RankedCustomerRow[]> {
  const b: Bindings = {
    p: q.programId,
    text: s.text,
    raw: s.raw,
    first: page.first + 1,
    atier: page.after?.tier ?? -1,
    ascore: page.after?.score ?? 0,
    aid: page.after?.id ?? '00000000-0000-0000-0000-000000000000',
  };
  const afterCursor = cursorCondition(page);
  const { ctes, arms: fuzzy } = fuzzyArms(s, b, afterCursor);
  const arms = [...exactArms(s, codeCustomerId, b), ...fuzzy];
  const sql = `WITH ${ctes.map((c) => `${c},`).join('\n')}
    entries AS (${arms.join('\n UNION ALL\n ')}),
    best AS (SELECT DISTINCT ON (id) id, tier, score FROM entries ORDER BY id, tier, score DESC),
    found AS (SELECT * FROM best WHERE true ${afterCursor('tier', 'score', 'id')}
               ORDER BY tier, score DESC, id LIMIT :first)
    SELECT c.*, f.tier AS search_tier, f.score::float8 AS search_score
      FROM found f
      -- One primary-key read per row of the page (OFFSET 0: never a scan of the program).
      CROSS JOIN LATERAL (SELECT * FROM customers WHERE program_id = :p AND id = f.id OFFSET 0) c
     ORDER BY f.tier, f.score DESC, f.id`;
  if (explain) {
    const plan = await q.knex.raw(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${sql}`, b);
    explain(plan.rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n'));
  }
  return (await q.knex.raw(sql, b)).rows;
}

type Bindings = Record<string, unknown>;
type CursorCondition = (tier: string, score: string, id: string) => string;

/** After the page's cursor in (tier, score descending, id) order; nothing on the first page. */
const cursorCondition =
  (page: SearchPage): CursorCondition =>
  (tier, score, id) =>
    page.after ? `AND (${tier}, -(${score}), ${id}) > (:atier, -(:ascore::numeric), :aid::uuid)` : '';

/** Tier 0: exact matches (email, external id, full name, phone suffix, a till code's customer). */
function exactArms(s: SearchTerms, codeCustomerId: string | null, b: Bindings): string[] {
  const exact = [
    'lower(email) = :text',
    'external_id = :raw',
    'customer_full_name(first_name, last_name) = :text',
  ];
  if (s.phoneDigits) {
    exact.push('phone IS NOT NULL AND phone_digits_reversed(phone) LIKE :phone');
    b.phone = `${[...s.phoneDigits].reverse().join('')}%`;
  }
  if (codeCustomerId) {
    exact.push('id = :code');
    b.code = codeCustomerId;
  }
  return exact.map(
    (cond) =>
      `SELECT id, 0 AS tier, 1.0 AS score FROM customers WHERE program_id = :p AND erased_at IS NULL AND ${cond}`,
  );
}

/** The fuzzy matches: by name word when the text is one, else by prefix; none for short text. */
function fuzzyArms(
  s: SearchTerms,
  b: Bindings,
  afterCursor: CursorCondition,
): { ctes: string[]; arms: string[] } {
  const ctes: string[] = [];
  const arms: string[] = [];
  if (s.text.length >= MIN_FUZZY_LENGTH && s.nameWord) {
    ctes.push(`names AS (SELECT * FROM customer_name_matches(:p, :text, ${NAME_CANDIDATES}))`);
    // A customer is listed under the better-ranked of their names (last name on a tie).
    const byName = (column: string, other: string, better: string) =>
      `(SELECT id FROM customers c
         WHERE c.program_id = :p AND lower(c.${column}) = n.name
           AND customer_full_name(c.first_name, c.last_name) <> :text
           AND c.external_id IS DISTINCT FROM :raw
           AND NOT EXISTS (SELECT 1 FROM names m WHERE m.name = lower(c.${other})
                            AND (m.tier, -m.score, m.name) ${better} (n.tier, -n.score, n.name))
           ${afterCursor('n.tier', 'n.score', 'c.id')}
         ORDER BY c.id LIMIT :first)`;
    arms.push(
      `SELECT x.id, n.tier, n.score FROM names n
         CROSS JOIN LATERAL (${byName('last_name', 'first_name', '<')}
                             UNION ALL ${byName('first_name', 'last_name', '<=')}) x`,
    );
  } else if (s.text.length >= MIN_FUZZY_LENGTH) {
    b.prefix = prefixPattern(s.text);
    b.rawPrefix = prefixPattern(s.raw);
    const starts = (expr: string, pattern: string) =>
      `SELECT id, 1, round(similarity(:text, lower(v))::numeric, 4)
         FROM (SELECT id, ${expr} AS v FROM customers
                WHERE program_id = :p AND erased_at IS NULL AND ${expr} LIKE ${pattern}
                ORDER BY ${expr} USING ~<~ LIMIT ${PREFIX_CANDIDATES}) x`;
    arms.push(
      starts('lower(email)', ':prefix'),
      starts('external_id', ':rawPrefix'),
      starts('customer_full_name(first_name, last_name)', ':prefix'),
    );
  }
  return { ctes, arms };
}
