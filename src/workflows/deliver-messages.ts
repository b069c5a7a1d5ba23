/**
 * Message delivery, for one message or a batch (ADR 0020, amending ADR 0007). Every message
 * goes through the same steps:
 *
 *   claim    the rows (one by id, waiting for its lock; or many due ones, SKIP LOCKED)
 *   check    lock the recipients' budgets, read their facts (one statement), run the policy
 *            checks in order (delivery.plan.ts), render per recipient, write every decision
 *            (one statement): SENDING with what was rendered, or SUPPRESSED / FAILED with the
 *            reason, or DEFERRED to the end of quiet hours
 *   hand off a guarded statement lets a claimed row reach the transport, at most once
 *   send     SMTP (pooled for batches) or the provider webhook, a bounded number at once
 *   mark     the results (one statement per group): SENT, UNKNOWN, FAILED, DEAD, or back to
 *            the queue for a retry
 *
 * At most once: a row reaches a transport only through the hand-off (`handed_at`), and a row
 * that was handed over and never marked (its sender died) becomes UNKNOWN, never sent again. A
 * row claimed but not handed over goes back to the queue. One message is handed over in its
 * claim (it is sent right after); a batch hands over a group at a time just before sending it,
 * so a kill leaves only those groups' rows unknown.
 */
import { type Scoped, scoped } from '../db/scoped';
import type { JobDeps } from '../jobs/job';
import { enqueue } from '../jobs/outbox';
import type { Channel } from '../modules/customers/customers.inputs';
import {
  BUDGET_WINDOW_MS,
  contentFor,
  decide,
  recipientOf,
  renderFor,
  templateChannelsOf,
} from '../modules/messaging/delivery.plan';
import { type MessageLinks, messageLinks } from '../modules/messaging/links';
import { deliverMessageJob } from '../modules/messaging/messaging.jobs-contract';
import { countMessage, type MessageOutcome } from '../modules/messaging/messaging.metrics';
import { lockMessage, type MessageRow, transition } from '../modules/messaging/messaging.repo';
import {
  acquireEmailPool,
  PermanentSendError,
  type SendResult,
  type Submit,
  sendEmail,
  sendWebhook,
  UnknownOutcomeError,
} from '../modules/messaging/messaging.transports';
import type { MessageKind } from '../modules/messaging/policy';
import { allPrograms } from '../modules/programs/programs.service';
import * as repo from './deliver-messages.repo';

export const SENDER_STOPPED = 'outcome unknown: the sender stopped while sending';

/** A row claimed this long ago and never finished: its sender stopped mid-send. */
export const STALE_SENDING_MS = 15 * 60_000;

/** A message as it goes to the transport: what was rendered and recorded at its claim. */
interface Outgoing {
  id: string;
  customerId: string;
  kind: MessageKind;
  channel: Channel;
  recipient: string;
  subject: string | null;
  text: string;
  html: string | null;
  links: MessageLinks;
  attempts: number;
}

type Prepared =
  | { kind: 'send'; id: string; out: Outgoing }
  | { kind: 'end'; id: string; status: 'SUPPRESSED' | 'FAILED'; reason: string }
  | { kind: 'defer'; id: string; until: Date }
  /** The row changed under us (cannot happen while its lock is held; kept for safety). */
  | { kind: 'lost'; id: string };

const unique = <T>(xs: T[]) => [...new Set(xs)];

/**
 * Checks and claims rows already locked by this transaction: contact locks, one facts
 * statement, the ordered checks and rendering per row (`planRow`), one statement with every
 * decision.
 */
async function check(
  deps: JobDeps,
  trx: Scoped,
  rows: readonly MessageRow[],
  o: { now: Date; claimedBy: string | null; handedAt: Date | null },
): Promise<Prepared[]> {
  const { now } = o;
  const customerIds = unique(rows.map((m) => m.customer_id));
  await repo.lockContacts(trx, customerIds);
  const facts = await repo.loadDeliveryFacts(trx, {
    customerIds,
    since: new Date(now.getTime() - BUDGET_WINDOW_MS),
    newsletterIds: unique(rows.flatMap((m) => (m.newsletter_id ? [m.newsletter_id] : []))),
    templateKeys: unique(rows.filter((m) => !m.newsletter_id).map((m) => m.template_key)),
  });
  // In order: a customer's earlier message in this batch counts against the budget of the next.
  const planned = rows.map((m) => planRow(deps, trx.programId, m, facts, now));
  const written = await repo.writeDecisions(
    trx,
    planned.map((x) => x.write),
    { at: now, claimedBy: o.claimedBy, handedAt: o.handedAt },
  );
  const channelOf = new Map(rows.map((m) => [m.id, m.channel]));
  return planned.map(({ plan: p }) => {
    if (!written.has(p.id)) return { kind: 'lost', id: p.id };
    if (p.kind === 'end') countMessage(channelOf.get(p.id)!, p.status === 'FAILED' ? 'failed' : 'suppressed');
    if (p.kind === 'defer') countMessage(channelOf.get(p.id)!, 'deferred');
    return p;
  });
}

/**
 * One row's decision: the policy checks (delivery.plan.ts), then its content and rendering. A
 * row to send is counted in its recipient's facts at once (`sent`), for the rows after it.
 */
function planRow(
  deps: JobDeps,
  programId: string,
  m: MessageRow,
  facts: repo.DeliveryFacts,
  now: Date,
): { plan: Prepared; write: repo.DecisionRow } {
  const end = (status: 'SUPPRESSED' | 'FAILED', reason: string) => ({
    plan: { kind: 'end' as const, id: m.id, status, reason },
    write: { id: m.id, from: m.status, status, error: reason },
  });
  const f = facts.recipients.get(m.customer_id) ?? null;
  const channels: Channel[] = m.newsletter_id
    ? ['EMAIL']
    : templateChannelsOf(m.template_key, facts.templates);
  const d = decide({ message: m, facts: f, program: facts.program, channels, now });
  if (d.kind === 'end') return end(d.status, d.reason);
  if (d.kind === 'defer')
    return {
      plan: { kind: 'defer', id: m.id, until: d.until },
      write: { id: m.id, from: m.status, status: 'DEFERRED', send_after: d.until, error: 'quiet hours' },
    };
  const recipient = f!;
  const newsletter = m.newsletter_id ? facts.newsletters.get(m.newsletter_id) : undefined;
  const content = contentFor(m, d.channel, recipient.customer.locale, facts.templates, newsletter);
  if (!content) return end('FAILED', `no ${d.channel} template "${m.template_key}"`);
  const links = messageLinks(
    deps.config,
    { programId, customerId: m.customer_id, channel: d.channel, topic: m.topic, messageId: m.id },
    m.newsletter_id != null,
  );
  const r = renderFor(m, content.parts, recipient, facts.program, links);
  if (!r.ok) return end('FAILED', r.reason);
  recipient.sent.push({ kind: m.kind, sent_at: now });
  return toSend(m, d.channel, recipientOf(recipient, d.channel)!, r.rendered, links, content.version);
}

/** A row to send: what goes to the transport is what is recorded in its claim. */
function toSend(
  m: MessageRow,
  channel: Channel,
  to: string,
  { subject, text, html }: { subject: string | null; text: string; html: string | null },
  links: MessageLinks,
  templateVersion: number,
): { plan: Prepared; write: repo.DecisionRow } {
  const out = { id: m.id, customerId: m.customer_id, kind: m.kind, channel, recipient: to };
  return {
    plan: { kind: 'send', id: m.id, out: { ...out, subject, text, html, links, attempts: m.attempts + 1 } },
    write: {
      id: m.id,
      from: m.status,
      status: 'SENDING',
      channel,
      recipient: to,
      subject,
      text_body: text,
      html_body: html,
      template_version: templateVersion,
    },
  };
}

type SendOutcome =
  | { status: 'SENT'; result: SendResult }
  | { status: 'UNKNOWN' | 'FAILED'; error: string }
  | { status: 'RETRY'; error: string; err: unknown };

/** One send; the failure says whether another attempt is safe (see messaging.transports.ts). */
async function send(deps: JobDeps, m: Outgoing, via?: Submit): Promise<SendOutcome> {
  try {
    const result =
      m.channel === 'EMAIL'
        ? await sendEmail(
            deps.config,
            {
              id: m.id,
              to: m.recipient,
              subject: m.subject ?? '',
              text: m.text,
              html: m.html,
              unsubscribeUrl: m.links.unsubscribeUrl,
              unsubscribeMailto: m.links.unsubscribeMailto,
            },
            via,
          )
        : await sendWebhook(deps.config, deps.clock.now(), {
            id: m.id,
            channel: m.channel,
            to: m.recipient,
            subject: m.subject,
            text: m.text,
            customerId: m.customerId,
            kind: m.kind,
          });
    return { status: 'SENT', result };
  } catch (err) {
    const error = (err as Error).message.slice(0, 500);
    // Kept as sent at sent_at: it may well have arrived. Not retried (no second copy).
    if (err instanceof UnknownOutcomeError) return { status: 'UNKNOWN', error };
    if (err instanceof PermanentSendError) return { status: 'FAILED', error };
    return { status: 'RETRY', error, err };
  }
}

/** The row a send's outcome becomes; a retry waits `retryAt` (null: the job runner's backoff). */
function resultOf(deps: JobDeps, m: Outgoing, o: SendOutcome, retryAt: Date | null): repo.ResultRow {
  switch (o.status) {
    case 'SENT':
      return {
        id: m.id,
        status: 'SENT',
        error: null,
        transport: o.result.transport,
        provider_id: o.result.providerId,
      };
    case 'RETRY':
      return m.attempts >= deps.config.MESSAGE_MAX_ATTEMPTS
        ? { id: m.id, status: 'DEAD', error: o.error }
        : { id: m.id, status: 'QUEUED', error: o.error, send_after: retryAt };
    default:
      return { id: m.id, status: o.status, error: o.error };
  }
}

const OUTCOME: Record<repo.ResultStatus, MessageOutcome> = {
  SENT: 'sent',
  UNKNOWN: 'unknown',
  FAILED: 'failed',
  DEAD: 'dead',
  QUEUED: 'retried',
};

// --- one message ------------------------------------------------------------------------

/**
 * Delivers one message, at most once: the `deliver_message` job (thank-yous, notices,
 * surveys, replies). Claim, checks and hand-off in one transaction holding the row; the send
 * after commit; the result in one statement. A transient failure puts the row back to QUEUED
 * and throws, so graphile-worker retries with its exponential backoff; after
 * MESSAGE_MAX_ATTEMPTS the row is DEAD (the dead letter). Returns what happened, in words.
 */
export async function deliverMessage(
  deps: JobDeps,
  p: { programId: string; messageId: string },
): Promise<string> {
  const { clock } = deps;
  const q = scoped(deps.db, p.programId);
  const now = clock.now();
  const step = await q.transaction(async (trx): Promise<{ done: string } | { out: Outgoing }> => {
    const m = await lockMessage(trx, p.messageId);
    if (m?.status === 'SENDING') {
      // A batch claimed it and has not handed it over: that batch sends it, or gives it back.
      if (m.claimed_by && !m.handed_at) return { done: 'claimed elsewhere' };
      // Its job runs again while the row is claimed: the attempt that claimed it never came
      // back (its process was killed; its jobs were released by the dead-worker sweep, or by
      // the runner's restart after the database went away). Whether the provider got it is
      // unknown, so it is not sent again.
      await transition(trx, m.id, ['SENDING'], { status: 'UNKNOWN', error: SENDER_STOPPED }, now);
      countMessage(m.channel, 'unknown');
      return { done: 'UNKNOWN: sender stopped' };
    }
    if (!m || (m.status !== 'QUEUED' && m.status !== 'DEFERRED')) return { done: 'already handled' };
    if (m.status === 'DEFERRED' && m.send_after && m.send_after > now) {
      // Early (the database's clock and ours differ): run again then, or it would wait for ever.
      await enqueue(
        trx,
        deliverMessageJob,
        { messageId: m.id },
        { runAt: m.send_after, jobKey: `msg:${m.id}:deferred` },
      );
      return { done: 'not yet' };
    }
    const [plan] = await check(deps, trx, [m], { now, claimedBy: null, handedAt: now });
    switch (plan!.kind) {
      case 'send':
        return { out: plan!.out };
      case 'end':
        return { done: `${plan!.status}: ${plan!.reason}` };
      case 'defer':
        await enqueue(trx, deliverMessageJob, { messageId: m.id }, { runAt: plan!.until });
        return { done: `deferred to ${plan!.until.toISOString()}` };
      default:
        return { done: 'claimed elsewhere' };
    }
  });
  if ('done' in step) return step.done;

  const m = step.out;
  const outcome = await send(deps, m);
  const row = resultOf(deps, m, outcome, null);
  await repo.markResults(q, [row], clock.now());
  countMessage(m.channel, OUTCOME[row.status]);
  if (row.status === 'QUEUED') throw (outcome as { err: unknown }).err; // graphile-worker retries
  return row.status === 'SENT' ? 'SENT' : `${row.status}: ${row.error}`;
}

// --- a batch -----------------------------------------------------------------------------

/** Backoff of a retried message: graphile-worker's formula (e^attempts seconds, capped). */
export const retryDelayMs = (attempts: number) => Math.round(Math.exp(Math.min(attempts, 10)) * 1000);

/** A transport that failed this many times in a row (with no success between) is down. */
const DOWN_AFTER = 16;
/** How long a batch waits before trying a transport that was down. */
const DOWN_WAIT_MS = 30_000;
/** Results are marked once a group's worth waits, or this long after the last mark. */
const MARK_MS = 1000;
/**
 * Rows handed over per statement: SMTP_POOL_SIZE, doubled (up to this many times the pool)
 * whenever senders ran dry waiting for a hand-off, so a slow database (each statement's round
 * trip) does not starve fast sends. A kill leaves at most about this many rows UNKNOWN per run.
 */
const MAX_GROUP_FACTOR = 4;

export interface BatchOutcome {
  /** Messages checked (every claimed row gets an outcome or goes back to the queue). */
  claimed: number;
  outcomes: Partial<Record<MessageOutcome | 'released', number>>;
  /** Rows an earlier, dead attempt of this job had handed over: now UNKNOWN. */
  unknown: string[];
  /** More are due now: this run stopped (time budget, shutdown) before they ran out. */
  more: boolean;
  /** The next waiting message (deferred, or a retry) is due then; null when none waits. */
  nextDueAt: Date | null;
}

type Tally = (outcome: MessageOutcome | 'released', n?: number) => void;

/**
 * Sends claimed rows: hands them over a group at a time, sends with at most `SMTP_POOL_SIZE`
 * in flight in this process, marks results every few dozen. Stops handing over when asked
 * to stop or when the transport looks down; what was not handed over goes back to the queue.
 */
async function sendBatch(
  deps: JobDeps,
  q: Scoped,
  outs: Outgoing[],
  o: { claimedBy: string; via: Submit; signal?: AbortSignal },
  tally: Tally,
): Promise<'done' | 'stopping' | 'down'> {
  return new BatchSender(deps, q, outs, o, tally).run();
}

/** The state of one `sendBatch`: `width` senders share one hand-off and one mark at a time. */
class BatchSender {
  private readonly width: number;
  private readonly ready: Outgoing[] = [];
  private group: number;
  private next = 0;
  private handing: Promise<void> | null = null;
  private stop: 'stopping' | 'down' | null = null;
  private failure: unknown = null;
  private failuresInARow = 0;
  private readonly results: { row: repo.ResultRow; channel: Channel }[] = [];
  private marking: Promise<void> | null = null;
  private lastMark = Date.now();

  constructor(
    private readonly deps: JobDeps,
    private readonly q: Scoped,
    private readonly outs: Outgoing[],
    private readonly o: { claimedBy: string; via: Submit; signal?: AbortSignal },
    private readonly tally: Tally,
  ) {
    this.width = deps.config.SMTP_POOL_SIZE;
    this.group = this.width;
  }

  async run(): Promise<'done' | 'stopping' | 'down'> {
    await Promise.all(Array.from({ length: this.width }, () => this.sender()));
    while (this.marking || (this.results.length && !this.failure)) {
      this.mark(true);
      await this.marking;
    }
    if (this.failure) throw this.failure;
    // What was never handed over goes back to the queue: at once after a stop (another run
    // takes it), after a while when the transport is down.
    const rest = this.outs.slice(this.next).map((m) => m.id);
    const released = await releaseClaim(this.deps, this.q, rest, this.o.claimedBy, this.stop === 'down');
    if (released) this.tally('released', released);
    return this.stop ?? 'done';
  }

  private async sender(): Promise<void> {
    for (let m = await this.take(); m; m = await this.take()) {
      const outcome = await send(this.deps, m, this.o.via);
      if (outcome.status === 'RETRY') {
        if (++this.failuresInARow >= DOWN_AFTER) this.stop ??= 'down';
      } else this.failuresInARow = 0;
      const retryAt = new Date(this.deps.clock.now().getTime() + retryDelayMs(m.attempts));
      this.results.push({ row: resultOf(this.deps, m, outcome, retryAt), channel: m.channel });
      this.mark(false);
    }
  }

  /** The next row to send, handing more over when fewer than `width` are ready; null: none. */
  private async take(): Promise<Outgoing | null> {
    for (;;) {
      if (this.o.signal?.aborted) this.stop ??= 'stopping';
      if (this.ready.length < this.width) this.handMore();
      const m = this.ready.shift();
      if (m) return m;
      if (!this.handing) return null;
      this.group = Math.min(this.group * 2, this.width * MAX_GROUP_FACTOR); // ran dry: hand over more at once
      await this.handing;
    }
  }

  /** One hand-off at a time. */
  private handMore(): void {
    if (this.handing || this.next >= this.outs.length || this.stop || this.failure) return;
    const batch = this.outs.slice(this.next, this.next + this.group);
    this.next += batch.length;
    const ids = batch.map((m) => m.id);
    this.handing = repo
      .handOff(this.q, ids, this.o.claimedBy, this.deps.clock.now())
      .then((handed) => {
        for (const m of batch) if (handed.has(m.id)) this.ready.push(m);
      })
      .catch((err) => {
        this.failure ??= err;
      })
      .finally(() => {
        this.handing = null;
      });
  }

  /** One mark at a time: what arrives meanwhile goes with the next one. */
  private mark(force: boolean): void {
    if (this.marking || !this.results.length) return;
    if (!force && this.results.length < this.width && Date.now() - this.lastMark < MARK_MS) return;
    const batch = this.results.splice(0);
    this.lastMark = Date.now();
    const rows = batch.map((r) => r.row);
    this.marking = repo
      .markResults(this.q, rows, this.deps.clock.now())
      .then((marked) => {
        for (const r of batch) {
          if (!marked.has(r.row.id)) continue;
          countMessage(r.channel, OUTCOME[r.row.status]);
          this.tally(OUTCOME[r.row.status]);
        }
      })
      .catch((err) => {
        this.failure ??= err;
      })
      .finally(() => {
        this.marking = null;
        this.mark(false);
      });
  }
}

/**
 * One run of a newsletter's delivery job: first what an earlier attempt of the same job left
 * behind (handed over: UNKNOWN, listed; only claimed: back to the queue), then batches of
 * `DELIVERY_BATCH_SIZE` due messages — claimed with SKIP LOCKED, so any number of runs and
 * worker processes share the work — until none is due, the time budget is spent, or the
 * runner stops. The next batch is claimed and checked while the current one is being sent.
 */
export async function deliverNewsletter(
  deps: JobDeps,
  p: { programId: string; newsletterId: string },
  run: { claimedBy: string; signal?: AbortSignal; budgetMs?: number },
): Promise<BatchOutcome> {
  const { clock, config } = deps;
  const q = scoped(deps.db, p.programId);
  const started = Date.now();
  const budgetMs = run.budgetMs ?? 20_000;
  const result: BatchOutcome = { claimed: 0, outcomes: {}, unknown: [], more: false, nextDueAt: null };
  const tally = (k: MessageOutcome | 'released', n = 1) => {
    result.outcomes[k] = (result.outcomes[k] ?? 0) + n;
  };

  result.unknown = await recoverEarlierAttempt(deps, q, p.newsletterId, run.claimedBy, tally);

  const claim = () => claimBatch(deps, q, p.newsletterId, run.claimedBy);

  const pool = acquireEmailPool(config);
  let pending: ReturnType<typeof claim> | null = claim();
  try {
    while (pending) {
      const c = await pending;
      pending = null;
      if (!c.plans.length) break;
      result.claimed += c.plans.length;
      tallyDecisions(c.plans, tally);
      const outOfTime = run.signal?.aborted || Date.now() - started > budgetMs;
      if (c.full && !outOfTime) pending = claim();
      const how = await sendBatch(
        deps,
        q,
        sends(c.plans),
        { claimedBy: run.claimedBy, via: pool.submit, signal: run.signal },
        tally,
      );
      if (how !== 'done' || (c.full && outOfTime)) {
        // Stopping: a batch claimed ahead goes back untouched.
        if (pending) {
          const ahead = await pending;
          pending = null;
          const aheadIds = sends(ahead.plans).map((m) => m.id);
          const back = await releaseClaim(deps, q, aheadIds, run.claimedBy, how === 'down');
          if (back) tally('released', back);
        }
        result.more = how !== 'down';
        break;
      }
    }
  } finally {
    // An error above leaves a claim ahead in SENDING, never handed over: the job's next
    // attempt puts it back (recoverClaims).
    await pending?.catch(() => {});
    pool.release();
  }
  if (!result.more) result.nextDueAt = await repo.nextDue(q, p.newsletterId, clock.now());
  return result;
}

const sends = (plans: readonly Prepared[]) => plans.flatMap((x) => (x.kind === 'send' ? [x.out] : []));

/** Claims and checks up to DELIVERY_BATCH_SIZE due messages in one transaction. */
function claimBatch(
  deps: JobDeps,
  q: Scoped,
  newsletterId: string,
  claimedBy: string,
): Promise<{ full: boolean; plans: Prepared[] }> {
  const limit = deps.config.DELIVERY_BATCH_SIZE;
  return q.transaction(async (trx) => {
    const now = deps.clock.now();
    const rows = await repo.claimDue(trx, { newsletterId, limit, now });
    const plans = rows.length ? await check(deps, trx, rows, { now, claimedBy, handedAt: null }) : [];
    return { full: rows.length === limit, plans };
  });
}

/** A claim never handed over goes back to the queue: at once, or after a while when `down`. */
async function releaseClaim(
  deps: JobDeps,
  q: Scoped,
  ids: readonly string[],
  claimedBy: string,
  down: boolean,
): Promise<number> {
  const now = deps.clock.now();
  return repo.releaseUnhanded(q, ids, {
    claimedBy,
    at: now,
    sendAfter: down ? new Date(now.getTime() + DOWN_WAIT_MS) : null,
  });
}

/**
 * What an earlier attempt of this job left in SENDING: handed over → UNKNOWN (returned and
 * logged, never sent again); only claimed → back to the queue.
 */
async function recoverEarlierAttempt(
  deps: JobDeps,
  q: Scoped,
  newsletterId: string,
  claimedBy: string,
  tally: Tally,
): Promise<string[]> {
  const recovered = await repo.recoverClaims(q, {
    newsletterId,
    claimedBy,
    at: deps.clock.now(),
    error: SENDER_STOPPED,
  });
  if (recovered.unknown.length) {
    countMessage('EMAIL', 'unknown', recovered.unknown.length);
    deps.log.warn(
      { newsletterId, messages: recovered.unknown },
      'messages an earlier attempt handed over and never finished: outcome unknown, not sent again',
    );
  }
  if (recovered.released) tally('released', recovered.released);
  return recovered.unknown;
}

function tallyDecisions(plans: readonly Prepared[], tally: Tally): void {
  for (const x of plans) {
    if (x.kind === 'end') tally(x.status === 'FAILED' ? 'failed' : 'suppressed');
    if (x.kind === 'defer') tally('deferred');
  }
}

// --- rows left behind --------------------------------------------------------------------

/**
 * Rows left in SENDING by a worker that died between claim and result. Rows it had handed to
 * a transport may have arrived: never retried (at most once), marked UNKNOWN with that reason so
 * reports and history say so instead of "sending" for ever. Rows a batch had only claimed go
 * back to the queue (`waitingNewsletters` then finds them). Returns how many became UNKNOWN.
 */
export async function sweepStaleSending(deps: JobDeps): Promise<number> {
  const now = deps.clock.now();
  const before = new Date(now.getTime() - STALE_SENDING_MS);
  let total = 0;
  for (const program of await allPrograms(deps.db)) {
    const unknown = await repo.sweepStale(scoped(deps.db, program.id), {
      before,
      at: now,
      error: SENDER_STOPPED,
    });
    for (const channel of unknown) countMessage(channel, 'unknown');
    total += unknown.length;
  }
  return total;
}

/** How long due newsletter messages wait untouched before the sweep adds a delivery job again. */
export const WAITING_MS = 5 * 60_000;

/**
 * Newsletters with due messages nobody has touched for WAITING_MS: their delivery jobs ended
 * (a run that died between marking retries and scheduling the next, rows put back by the
 * sweep). The sweep adds their delivery jobs again; a job that finds nothing due does nothing.
 */
export async function waitingNewsletters(
  deps: JobDeps,
): Promise<{ programId: string; newsletterId: string }[]> {
  const now = deps.clock.now();
  const before = new Date(now.getTime() - WAITING_MS);
  const out: { programId: string; newsletterId: string }[] = [];
  for (const program of await allPrograms(deps.db)) {
    for (const newsletterId of await repo.newslettersWaiting(scoped(deps.db, program.id), { before, now }))
      out.push({ programId: program.id, newsletterId });
  }
  return out;
}
