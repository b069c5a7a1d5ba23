import type { Knex } from 'knex';
import { type Scoped, scoped } from '../../db/scoped';
import { DAY_MS } from '../../shared/time';
import {
  changedFigures,
  type LiabilityFigures,
  type LiabilityTotals,
  liabilityFigures,
  liabilityTotals,
  named,
  quarter,
} from './reports.repo';
import { ROLLUP_MARGIN_MS } from './reports.rollups';

/**
 * Liability snapshots (ADR 0018): every customer's liability figures summed at every quarter
 * hour of the last SNAPSHOT_DAYS days (every local midnight is one: zones are offset by
 * multiples of 15 minutes). The report for an instant starts from the nearest snapshot, at
 * most 7.5 minutes away, and recomputes, in SQL, only the customers whose figures can differ
 * between the two (changedFigures): a few customers' lots instead of every live lot.
 *
 * The report_rollups job writes them with a sweep over each customer's lots and entries in
 * code (sweep): it evaluates the same figures as the report's SQL (reports.repo's
 * customersAt, totalsAt, scheduleAt, whose definitions it mirrors line by line) at each
 * quarter hour after something changed for the customer, in one read of the facts. Doing it
 * in SQL a quarter hour at a time would read the lots of every customer with a change in it,
 * for every quarter hour of history. The tests compare every snapshot with the SQL figures
 * at its instant.
 */

/** Daily liability snapshots are kept this many days back. */
export const SNAPSHOT_DAYS = 400;
/** A report farther than this from every snapshot computes every customer instead. */
export const SNAPSHOT_REACH_MS = DAY_MS;

const TOTALS: (keyof LiabilityTotals)[] = [
  'outstanding',
  'available',
  'pending',
  'debt',
  'lapsed_unswept',
  'expired_total',
  'redeemed_total',
];

type Months = Map<string | null, number>;

const byMonth = (a: { month: string | null }, b: { month: string | null }) =>
  a.month === b.month ? 0 : a.month === null ? 1 : b.month === null ? -1 : a.month < b.month ? -1 : 1;

function figuresOf(totals: number[], months: Months): LiabilityFigures {
  return {
    totals: Object.fromEntries(TOTALS.map((k, i) => [k, totals[i]!])) as unknown as LiabilityTotals,
    schedule: [...months]
      .filter(([, points]) => points !== 0)
      .map(([month, points]) => ({ month, points }))
      .sort(byMonth),
  };
}

/** base + plus − minus, figure by figure and month by month (months left with no points dropped). */
export function combine(
  base: LiabilityFigures,
  plus: LiabilityFigures,
  minus: LiabilityFigures,
): LiabilityFigures {
  const totals = TOTALS.map((k) => Number(base.totals[k]) + plus.totals[k] - minus.totals[k]);
  const months: Months = new Map();
  const add = (s: LiabilityFigures['schedule'], sign: number) => {
    for (const m of s) months.set(m.month, (months.get(m.month) ?? 0) + sign * Number(m.points));
  };
  add(base.schedule, 1);
  add(plus.schedule, 1);
  add(minus.schedule, -1);
  return figuresOf(totals, months);
}

interface SnapshotRow {
  at: Date;
  totals: LiabilityTotals;
  schedule: LiabilityFigures['schedule'];
}

/** The snapshot nearest `at` (within SNAPSHOT_REACH_MS) taken in `tz` under the same expiry policy. */
async function nearestSnapshot(
  q: Scoped,
  at: Date,
  tz: string,
  inactivity: boolean,
): Promise<SnapshotRow | null> {
  const pick = (op: '<=' | '>', order: 'desc' | 'asc') =>
    q('liability_snapshots')
      .where({ time_zone: tz, inactivity })
      .where('at', op, at)
      .orderBy('at', order)
      .first('at', 'totals', 'schedule') as Promise<SnapshotRow | undefined>;
  const distance = (r: SnapshotRow) => Math.abs(r.at.getTime() - at.getTime());
  return (
    [await pick('<=', 'desc'), await pick('>', 'asc')]
      .filter((r): r is SnapshotRow => r !== undefined && distance(r) < SNAPSHOT_REACH_MS)
      .sort((a, b) => distance(a) - distance(b))[0] ?? null
  );
}

/**
 * Every customer's liability figures at `at`: from the nearest snapshot and the customers
 * whose figures can differ between the two instants; with none near, from every customer
 * (the schedule then only when asked for: it reads every live lot).
 */
export async function liabilityAt(
  q: Scoped,
  at: Date,
  inactivity: boolean,
  tz: string,
  opts: { schedule: boolean; snapshots?: boolean },
): Promise<LiabilityFigures> {
  const snap = opts.snapshots === false ? null : await nearestSnapshot(q, at, tz, inactivity);
  if (snap) {
    const d = await changedFigures(q, at, snap.at, inactivity, tz);
    return combine(snap, d.at, d.from);
  }
  if (opts.schedule) return liabilityFigures(q, at, inactivity, tz);
  return { totals: await liabilityTotals(q, at), schedule: [] };
}

// --- the sweep --------------------------------------------------------------------------

interface Entry {
  kind: string;
  points: number;
  purchase: string | null;
  expires: number | null;
  created: number;
}

interface Lot {
  id: number;
  purchase: string | null;
  points: number;
  remaining: number;
  available: number;
  /** The lot's expires_at now (INACTIVITY moves it); `own`: the expiry its entry recorded. */
  expires: number | null;
  own: number | null;
  created: number;
}

interface Facts {
  /** point_balances.points; null without a balance row (the report's cust_x has no row then). */
  balance: number | null;
  entries: Entry[];
  /** In spending order, newest first: available_at DESC, id DESC. */
  lots: Lot[];
}

/** One customer's (or a sum of customers') figures: `totals` in TOTALS order, `months` by local month of expiry. */
interface Figures {
  totals: number[];
  months: Months;
}

/** What a customer's ledger entries say at instant `t`. */
interface EntriesAt {
  /** Points of the entries written after `t`: the balance then was this much less. */
  later: number;
  expired: number;
  redeemed: number;
  /** Points of expiries at or before `t` whose EXPIRE entry was written after it. */
  lapsed: number;
  /** The latest expiry an EARN entry gave by `t` (INACTIVITY: every lot's expiry moves to it). */
  lastEarn: number | null;
  /** Points taken back by refunds, by purchase. */
  refunds: Map<string, number>;
}

function entriesAt(entries: Entry[], t: number): EntriesAt {
  const e: EntriesAt = { later: 0, expired: 0, redeemed: 0, lapsed: 0, lastEarn: null, refunds: new Map() };
  for (const x of entries) {
    if (x.created > t) {
      e.later += x.points;
      if (x.kind === 'EXPIRE' && x.expires !== null && x.expires <= t) e.lapsed -= x.points;
      continue;
    }
    if (x.kind === 'EXPIRE') e.expired -= x.points;
    else if (x.kind === 'REDEEM') e.redeemed -= x.points;
    else if (x.kind === 'REVERSAL' && x.points < 0 && x.purchase) {
      e.refunds.set(x.purchase, (e.refunds.get(x.purchase) ?? 0) - x.points);
    } else if (x.kind === 'EARN' && x.expires !== null && (e.lastEarn === null || x.expires > e.lastEarn)) {
      e.lastEarn = x.expires;
    }
  }
  return e;
}

/**
 * One customer's figures at instant `t` (ms): reports.repo's customersAt, totalsAt and
 * scheduleAt for one customer.
 */
function evaluate(
  f: Facts,
  t: number,
  inactivity: boolean,
  monthOf: (at: number | null) => string | null,
): Figures {
  const e = entriesAt(f.entries, t);
  const expiry = (l: Lot) =>
    inactivity ? (l.own === null ? null : Math.max(l.own, e.lastEarn ?? l.own)) : l.expires;
  const months: Months = new Map();
  const add = (at: number | null, points: number) => {
    const m = monthOf(at);
    months.set(m, (months.get(m) ?? 0) + points);
  };
  let pending = 0;
  let lapsed = e.lapsed;
  for (const l of f.lots) {
    if (l.created > t) continue;
    if (l.available > t) {
      const left = Math.max(0, l.points - (l.purchase ? (e.refunds.get(l.purchase) ?? 0) : 0));
      pending += left;
      if (left > 0) add(expiry(l), left);
    }
    if (l.remaining > 0 && l.expires !== null && l.expires <= t) lapsed += l.remaining;
  }
  if (f.balance === null) return { totals: [0, 0, 0, 0, 0, e.expired, e.redeemed], months };
  const balance = f.balance - e.later;
  const available = balance - pending - lapsed;
  // The available points by expiry: spending takes the oldest lot first, so they sit in the
  // newest lots, each keeping what is left after the lots newer than it.
  let newer = 0;
  for (const l of f.lots) {
    if (l.created > t || l.available > t) continue;
    const at = expiry(l);
    if (at === null || at > t) {
      const alloc = Math.max(0, Math.min(l.points, available - newer));
      if (alloc > 0) add(at, alloc);
    }
    newer += l.points;
  }
  const totals = [
    balance,
    Math.max(available, 0),
    pending,
    Math.max(-available, 0),
    lapsed,
    e.expired,
    e.redeemed,
  ];
  return { totals, months };
}

/** Local months of `tz` as instants, for 'YYYY-MM' of an instant by binary search. */
async function monthsOf(trx: Knex.Transaction, programId: string, tz: string) {
  const { rows } = (await named(
    trx,
    `WITH r AS (
       SELECT min(expires_at) AS lo, max(expires_at) AS hi FROM ledger_entries
        WHERE program_id = :p AND expires_at IS NOT NULL
     )
     SELECT to_char(m, 'YYYY-MM') AS month, (extract(epoch FROM m AT TIME ZONE :tz) * 1000)::float8 AS at
       FROM r, generate_series(date_trunc('month', r.lo AT TIME ZONE :tz) - interval '1 month',
                               r.hi AT TIME ZONE :tz + interval '1 month', interval '1 month') m
      ORDER BY m`,
    { p: programId, tz },
  )) as { rows: { month: string; at: number }[] };
  return (at: number | null): string | null => {
    if (at === null) return null;
    let lo = 0;
    let hi = rows.length - 1;
    if (!rows.length || at < rows[0]!.at) throw new Error(`no local month for ${new Date(at).toISOString()}`);
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (rows[mid]!.at <= at) lo = mid;
      else hi = mid - 1;
    }
    return rows[lo]!.month;
  };
}

const ms = (col: string) => `(extract(epoch FROM ${col}) * 1000)::float8`;

/** The facts of customers in `where` (a condition on `customer_id` with its bindings). */
async function loadFacts(
  trx: Knex.Transaction,
  programId: string,
  inactivity: boolean,
  where: [string, unknown[]],
): Promise<Map<string, Facts>> {
  const [cond, args] = where;
  const facts = new Map<string, Facts>();
  const of = (id: string) => {
    const f = facts.get(id) ?? { balance: null, entries: [], lots: [] };
    facts.set(id, f);
    return f;
  };
  const balances = await trx.raw(
    `SELECT customer_id, points FROM point_balances WHERE program_id = ? AND ${cond}`,
    [programId, ...args] as never,
  );
  for (const r of balances.rows) of(r.customer_id).balance = r.points;
  const entries = await trx.raw(
    `SELECT customer_id, kind, points, purchase_id, ${ms('expires_at')} AS expires, ${ms('created_at')} AS created
       FROM ledger_entries WHERE program_id = ? AND ${cond}`,
    [programId, ...args] as never,
  );
  for (const r of entries.rows) {
    of(r.customer_id).entries.push({
      kind: r.kind,
      points: r.points,
      purchase: r.purchase_id,
      expires: r.expires,
      created: r.created,
    });
  }
  const lots = await trx.raw(
    `SELECT l.customer_id, l.id, l.purchase_id, l.points, l.remaining, ${ms('l.available_at')} AS available,
            ${ms('l.expires_at')} AS expires, ${inactivity ? ms('le.expires_at') : 'NULL::float8'} AS own,
            ${ms('l.created_at')} AS created
       FROM point_lots l
       ${inactivity ? 'JOIN ledger_entries le ON le.program_id = l.program_id AND le.id = l.entry_id' : ''}
      WHERE l.program_id = ? AND ${cond.replaceAll('customer_id', 'l.customer_id')}
      ORDER BY l.customer_id, l.available_at DESC, l.id DESC`,
    [programId, ...args] as never,
  );
  for (const r of lots.rows) {
    of(r.customer_id).lots.push({
      id: r.id,
      purchase: r.purchase_id,
      points: r.points,
      remaining: r.remaining,
      available: r.available,
      expires: r.expires,
      own: r.own,
      created: r.created,
    });
  }
  return facts;
}

/**
 * Σ over `customers` (all, or those listed) of their figures at each of `instants`
 * (ascending), in one read of their facts: each customer is evaluated at the first instant
 * and at each one after something of theirs happened (an entry written, a lot available,
 * an expiry); in between their figures stand.
 */
export async function sweep(
  trx: Knex.Transaction,
  programId: string,
  tz: string,
  inactivity: boolean,
  instants: Date[],
  customers: 'all' | string[],
): Promise<LiabilityFigures[]> {
  const at = instants.map((d) => d.getTime());
  if (!at.length) return [];
  // changes[k]: how the sum moved at instant k.
  const changes = at.map((): Figures => ({ totals: TOTALS.map(() => 0), months: new Map() }));
  const monthOf = await monthsOf(trx, programId, tz);
  for (const where of await customerChunks(trx, programId, customers)) {
    const facts = await loadFacts(trx, programId, inactivity, where);
    for (const f of facts.values()) {
      addCustomer(changes, at, f, (t) => evaluate(f, t, inactivity, monthOf));
    }
  }
  return runningSums(changes);
}

const CHUNK = 5000;

/** Conditions on `customer_id` that cover `customers` CHUNK at a time. */
async function customerChunks(
  trx: Knex.Transaction,
  programId: string,
  customers: 'all' | string[],
): Promise<[string, unknown[]][]> {
  const out: [string, unknown[]][] = [];
  if (customers !== 'all') {
    for (let i = 0; i < customers.length; i += CHUNK) {
      out.push(['customer_id = ANY(?)', [customers.slice(i, i + CHUNK)]]);
    }
    return out;
  }
  // Customers in id ranges of CHUNK: each range is one scan of each per-customer index.
  const ids = (
    await trx.raw('SELECT id FROM customers WHERE program_id = ? ORDER BY id', [programId])
  ).rows.map((r: { id: string }) => r.id) as string[];
  for (let i = 0; i < ids.length; i += CHUNK) {
    out.push(['customer_id BETWEEN ? AND ?', [ids[i], ids[Math.min(i + CHUNK, ids.length) - 1]!]]);
  }
  return out;
}

/** Adds to `changes` how one customer's figures moved at each instant where they can have. */
function addCustomer(changes: Figures[], at: number[], f: Facts, evaluateAt: (t: number) => Figures) {
  let prev: Figures = { totals: TOTALS.map(() => 0), months: new Map() };
  for (const k of changeIndexes(f, at)) {
    const cur = evaluateAt(at[k]!);
    const { totals, months: m } = changes[k]!;
    for (let i = 0; i < TOTALS.length; i++) totals[i]! += cur.totals[i]! - prev.totals[i]!;
    for (const [month, p] of cur.months) m.set(month, (m.get(month) ?? 0) + p);
    for (const [month, p] of prev.months) m.set(month, (m.get(month) ?? 0) - p);
    prev = cur;
  }
}

/** The instants (indexes into `at`, ascending) at which a customer's figures can change. */
function changeIndexes(f: Facts, at: number[]): number[] {
  const ks = new Set<number>([0]);
  const hit = (x: number | null) => {
    if (x !== null) ks.add(firstAtOrAfter(at, x));
  };
  for (const e of f.entries) {
    hit(e.created);
    hit(e.expires);
  }
  for (const l of f.lots) {
    hit(l.created);
    hit(l.available);
    hit(l.expires);
  }
  return [...ks].filter((k) => k < at.length).sort((a, b) => a - b);
}

/** The index of the first of `at` (ascending) at or after `x`; `at.length` when none is. */
function firstAtOrAfter(at: number[], x: number): number {
  let lo = 0;
  let hi = at.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (at[mid]! >= x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Running sums: each instant's figures are the last one's and what changed since. */
function runningSums(changes: Figures[]): LiabilityFigures[] {
  const out: LiabilityFigures[] = [];
  const sum = TOTALS.map(() => 0);
  const sched: Months = new Map();
  for (const c of changes) {
    for (let i = 0; i < TOTALS.length; i++) sum[i]! += c.totals[i]!;
    for (const [month, p] of c.months) sched.set(month, (sched.get(month) ?? 0) + p);
    out.push(figuresOf([...sum], new Map(sched)));
  }
  return out;
}

// --- the job ---------------------------------------------------------------------------

export interface SnapshotResult {
  written: number;
  customers: number | 'all';
}

/**
 * The program's liability snapshots every quarter hour from SNAPSHOT_DAYS back (or its first
 * ledger entry) to the last one before `now − ROLLUP_MARGIN`, with the schedule in `tz`'s
 * months. New instants after the newest snapshot: from it and the customers whose figures
 * changed since; anything else (the first run, another time zone or expiry policy, a gap):
 * all of them from every customer. Older ones are dropped.
 */
export async function snapshotLiability(
  db: Knex,
  programId: string,
  tz: string,
  inactivity: boolean,
  now: Date,
  days = SNAPSHOT_DAYS,
): Promise<SnapshotResult | null> {
  return db.transaction(
    async (trx) => {
      const run: SnapshotRun = { trx, q: scoped(trx, programId), programId, tz, inactivity, now };
      const targets = await snapshotInstants(run, days);
      if (!targets.length) return null;
      const existing = await storedSnapshots(run.q);
      const usable = existing.filter((s) => s.time_zone === tz && s.inactivity === inactivity);
      const have = new Set(usable.map((s) => s.at.getTime()));
      const missing = targets.filter((t) => !have.has(t.getTime()));
      const newest = usable[usable.length - 1];
      await run.q('liability_snapshots').where('at', '<', targets[0]!).delete();
      if (!missing.length) return { written: 0, customers: 0 };
      if (newest && missing.every((t) => t > newest.at) && usable.length === existing.length) {
        return extendSnapshots(run, newest, missing);
      }
      return rebuildSnapshots(run, targets);
    },
    { isolationLevel: 'repeatable read' },
  );
}

/** What each step of one program's snapshot run works with. */
interface SnapshotRun {
  trx: Knex.Transaction;
  q: Scoped;
  programId: string;
  tz: string;
  inactivity: boolean;
  now: Date;
}

/** The quarter hours to have snapshots at, ascending; none before the program's first entry. */
async function snapshotInstants(run: SnapshotRun, days: number): Promise<Date[]> {
  const { rows } = (await named(
    run.trx,
    `WITH b AS (
       SELECT ${quarter(':last')} AS hi,
              (SELECT ${quarter('min(created_at)')} FROM ledger_entries WHERE program_id = :p) AS first
     )
     SELECT g AS at
       FROM b, generate_series(greatest(b.first, b.hi - make_interval(days => CAST(:days AS int))), b.hi,
                               interval '15 minutes') g
      WHERE b.first IS NOT NULL`,
    { p: run.programId, last: new Date(run.now.getTime() - ROLLUP_MARGIN_MS), days },
  )) as { rows: { at: Date }[] };
  return rows.map((m) => m.at);
}

type StoredSnapshot = SnapshotRow & { time_zone: string; inactivity: boolean };

async function storedSnapshots(q: Scoped): Promise<StoredSnapshot[]> {
  return (await q('liability_snapshots')
    .orderBy('at')
    .select('at', 'time_zone', 'inactivity', 'totals', 'schedule')) as StoredSnapshot[];
}

/** The instants after the newest snapshot: from it, sweeping only the customers with a change since. */
async function extendSnapshots(
  run: SnapshotRun,
  newest: SnapshotRow,
  missing: Date[],
): Promise<SnapshotResult> {
  const ids = await changedCustomers(run, newest.at, missing[missing.length - 1]!);
  const [from, ...to] = await sweep(
    run.trx,
    run.programId,
    run.tz,
    run.inactivity,
    [newest.at, ...missing],
    ids,
  );
  await writeSnapshots(
    run,
    missing.map((at, i) => ({ at, f: combine(newest, to[i]!, from!) })),
  );
  return { written: missing.length, customers: ids.length };
}

/** Every snapshot again, from every customer. */
async function rebuildSnapshots(run: SnapshotRun, targets: Date[]): Promise<SnapshotResult> {
  await run.q('liability_snapshots').delete();
  const all = await sweep(run.trx, run.programId, run.tz, run.inactivity, targets, 'all');
  await writeSnapshots(
    run,
    targets.map((at, i) => ({ at, f: all[i]! })),
  );
  return { written: targets.length, customers: 'all' };
}

/** Customers with an entry written, a lot becoming available or an expiry in (lo, hi]. */
async function changedCustomers(run: SnapshotRun, lo: Date, hi: Date): Promise<string[]> {
  const { rows } = (await named(
    run.trx,
    `SELECT customer_id FROM ledger_entries WHERE program_id = :p AND created_at > :lo AND created_at <= :hi
     UNION
     SELECT customer_id FROM point_lots WHERE program_id = :p AND available_at > :lo AND available_at <= :hi
     UNION
     SELECT customer_id FROM ledger_entries WHERE program_id = :p AND expires_at > :lo AND expires_at <= :hi`,
    { p: run.programId, lo, hi },
  )) as { rows: { customer_id: string }[] };
  return rows.map((r) => r.customer_id);
}

async function writeSnapshots(run: SnapshotRun, rows: { at: Date; f: LiabilityFigures }[]) {
  for (let i = 0; i < rows.length; i += 500) {
    await run.q
      .insert(
        'liability_snapshots',
        rows.slice(i, i + 500).map(({ at, f }) => ({
          at,
          time_zone: run.tz,
          inactivity: run.inactivity,
          totals: JSON.stringify(f.totals),
          schedule: JSON.stringify(f.schedule),
          created_at: run.now,
        })),
      )
      .onConflict(['program_id', 'at'])
      .ignore();
  }
}
