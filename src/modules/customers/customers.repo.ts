import type { Scoped } from '../../db/scoped';
import type { Page } from '../../shared/pagination';
import type { Channel } from './customers.inputs';

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
  const query = q('customers')
    .orderBy([
      { column: 'enrolled_at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .limit(page.first + 1);
  if (page.after) {
    query.whereRaw('(enrolled_at, id) < (?, ?)', [page.after.at, page.after.id]);
  }
  return query;
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
