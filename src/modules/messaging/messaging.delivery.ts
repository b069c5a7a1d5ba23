import type { Knex } from 'knex';
import { scoped } from '../../db/scoped';
import type { JobDeps } from '../../jobs/job';
import { outbox } from '../../jobs/outbox';
import type { Channel } from '../customers/customers.inputs';
import { contactFacts } from '../customers/customers.service';
import { hasOpenLowScoreFollowUp } from '../feedback/tasks.service';
import { findProgramById, listPrograms } from '../programs/programs.repo';
import { messageLinks } from './links';
import { countMessage } from './messaging.metrics';
import {
  inboundChannels,
  latestTemplates,
  lockMessage,
  type MessageRow,
  type MessageStatus,
  sentCounts,
  transition,
} from './messaging.repo';
import { DELIVER_TASK, factsOf, templateChannels } from './messaging.service';
import {
  PermanentSendError,
  type SendResult,
  sendEmail,
  sendWebhook,
  UnknownOutcomeError,
} from './messaging.transports';
import { newsletterById } from './newsletters.repo';
import { newsletterParts } from './newsletters.template';
import {
  CONTACT_BUDGET,
  channelBlock,
  chooseChannel,
  KIND_CAPS,
  nextAllowedAt,
  unreachableStatus,
} from './policy';
import { DEFAULT_TEMPLATES, type Rendered, renderTemplate, type TemplateParts } from './templates';

type Decision =
  | { send: false; outcome: string }
  | { send: true; message: MessageRow; links: ReturnType<typeof messageLinks> };

/** The best template for a locale: exact, then same language, then English, then any. */
function pickLocale<T extends { locale: string }>(rows: T[], locale: string | null): T | undefined {
  const lang = (l: string) => l.split('-')[0]!.toLowerCase();
  const want = locale ?? 'en';
  return (
    rows.find((r) => r.locale === want) ??
    rows.find((r) => lang(r.locale) === lang(want)) ??
    rows.find((r) => lang(r.locale) === 'en') ??
    rows[0]
  );
}

/**
 * Delivers one message, at most once. Phase 1, in one transaction holding the message row
 * and a per-customer lock: re-check consent, channel, "SMS only after they texted us",
 * topic, quiet hours and the contact budget *now*, then claim the row (QUEUED/DEFERRED →
 * SENDING, a guarded UPDATE). Phase 2, outside any transaction: hand it to SMTP or the
 * webhook, and record SENT. A second run of the job finds the row no longer claimable. A
 * transient failure puts the row back to QUEUED and throws, so graphile-worker retries with
 * its exponential backoff; after MESSAGE_MAX_ATTEMPTS the row is DEAD (the dead letter).
 */
export async function deliverMessage(
  deps: JobDeps,
  p: { programId: string; messageId: string },
): Promise<string> {
  const { config, clock } = deps;
  const q = scoped(deps.db, p.programId);
  const now = clock.now();

  const decision: Decision = await q.transaction(async (trx) => {
    const m = await lockMessage(trx, p.messageId);
    if (m?.status === 'SENDING') {
      // Its job runs again while the row is claimed: the attempt that claimed it never came
      // back (its process was killed; its jobs were released by the dead-worker sweep, or by
      // the runner's restart after the database went away). Whether the provider got it is
      // unknown, so it is not sent again.
      await transition(trx, m.id, ['SENDING'], { status: 'UNKNOWN', error: SENDER_STOPPED }, now);
      countMessage(m.channel, 'unknown');
      return { send: false, outcome: 'UNKNOWN: sender stopped' };
    }
    if (!m || (m.status !== 'QUEUED' && m.status !== 'DEFERRED'))
      return { send: false, outcome: 'already handled' };
    if (m.status === 'DEFERRED' && m.send_after && m.send_after > now) {
      // Early (the database's clock and ours differ): run again then, or it would wait for ever.
      await outbox(
        trx,
        DELIVER_TASK,
        { messageId: m.id },
        { runAt: m.send_after, jobKey: `msg:${m.id}:deferred` },
      );
      return { send: false, outcome: 'not yet' };
    }
    // Budgets are per customer: serialise that customer's sends so two cannot both fit.
    await trx.knex.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [
      `${p.programId}:contact:${m.customer_id}`,
    ]);
    const end = async (status: MessageStatus, error: string, outcome: 'suppressed' | 'failed') => {
      await transition(trx, m.id, [m.status], { status, error }, now);
      countMessage(m.channel, outcome);
      return { send: false as const, outcome: `${status}: ${error}` };
    };

    const facts = await contactFacts(trx, m.customer_id);
    if (!facts) return end('FAILED', 'customer not found', 'failed');
    const f = factsOf(facts, await inboundChannels(trx, m.customer_id));
    let channel: Channel = m.channel;
    const block = channelBlock(channel, f);
    if (block) {
      // The queued channel is no longer allowed: the preferred allowed one, if any.
      const options = m.newsletter_id
        ? (['EMAIL'] as Channel[])
        : await templateChannels(trx, m.template_key);
      const other = chooseChannel(facts.prefs?.preferred_channel ?? null, f, options);
      if (!other) {
        const status = unreachableStatus(block);
        return end(status, block, status === 'FAILED' ? 'failed' : 'suppressed');
      }
      channel = other;
    }
    if (m.topic && !(facts.prefs?.newsletter_topics ?? []).includes(m.topic)) {
      return end('SUPPRESSED', `not subscribed to ${m.topic}`, 'suppressed');
    }
    // Nobody unhappy gets a newsletter before someone has listened; thank-yous and service
    // messages still go.
    if (m.kind === 'NEWSLETTER' && (await hasOpenLowScoreFollowUp(trx, m.customer_id))) {
      return end('SUPPRESSED', 'paused: open low-score follow-up', 'suppressed');
    }

    // In the transaction: a second pool connection per job would starve the pool under load.
    const program = (await findProgramById(trx.knex as Knex, p.programId))!;
    const zone = facts.customer.time_zone ?? program.time_zone;
    const allowed = nextAllowedAt(
      now,
      zone,
      facts.prefs?.quiet_hours_start ?? null,
      facts.prefs?.quiet_hours_end ?? null,
    );
    if (allowed > now) {
      await transition(
        trx,
        m.id,
        [m.status],
        { status: 'DEFERRED', send_after: allowed, error: 'quiet hours' },
        now,
      );
      await outbox(trx, DELIVER_TASK, { messageId: m.id }, { runAt: allowed });
      countMessage(channel, 'deferred');
      return { send: false, outcome: `deferred to ${allowed.toISOString()}` };
    }

    if (m.kind !== 'REPLY') {
      const windowMs = Math.max(CONTACT_BUDGET.windowMs, ...Object.values(KIND_CAPS).map((c) => c.windowMs));
      const sent = await sentCounts(trx, m.customer_id, new Date(now.getTime() - windowMs));
      const within = (ms: number) => sent.filter((s) => s.sent_at.getTime() > now.getTime() - ms);
      if (within(CONTACT_BUDGET.windowMs).length >= CONTACT_BUDGET.max) {
        return end('SUPPRESSED', 'contact budget used up', 'suppressed');
      }
      const cap = KIND_CAPS[m.kind];
      if (within(cap.windowMs).filter((s) => s.kind === m.kind).length >= cap.max) {
        return end('SUPPRESSED', `${m.kind} cap reached`, 'suppressed');
      }
    }

    const links = messageLinks(
      config,
      { programId: p.programId, customerId: m.customer_id, channel, topic: m.topic, messageId: m.id },
      m.newsletter_id != null,
    );
    let parts: TemplateParts | undefined;
    let version = 0;
    if (m.newsletter_id) {
      const n = await newsletterById(trx, m.newsletter_id);
      if (n) parts = newsletterParts(n);
    } else {
      const saved = pickLocale(
        (await latestTemplates(trx, m.template_key, [channel])).filter((t) => t.channel === channel),
        facts.customer.locale,
      );
      if (saved) {
        parts = { subject: saved.subject, text: saved.text_body, html: saved.html_body };
        version = saved.version;
      } else {
        parts = DEFAULT_TEMPLATES[m.template_key]?.[channel];
      }
    }
    if (!parts) return end('FAILED', `no ${channel} template "${m.template_key}"`, 'failed');
    let rendered: Rendered;
    try {
      rendered = renderTemplate(parts, {
        ...m.data,
        customer: {
          id: facts.customer.id,
          firstName: facts.customer.first_name,
          lastName: facts.customer.last_name,
          email: facts.customer.email,
          phone: facts.customer.phone,
          locale: facts.customer.locale,
        },
        program: { name: program.name, currency: program.currency },
        ...links,
      });
    } catch (err) {
      return end('FAILED', `render: ${(err as Error).message}`, 'failed');
    }
    const claimed = await transition(
      trx,
      m.id,
      [m.status],
      {
        status: 'SENDING',
        channel,
        recipient:
          channel === 'EMAIL'
            ? facts.customer.email
            : channel === 'SMS'
              ? facts.customer.phone
              : facts.customer.id,
        subject: rendered.subject,
        text_body: rendered.text,
        html_body: rendered.html,
        template_version: version,
        attempts: m.attempts + 1,
        sent_at: now,
        error: null,
      },
      now,
    );
    return claimed ? { send: true, message: claimed, links } : { send: false, outcome: 'claimed elsewhere' };
  });
  if (!decision.send) return decision.outcome;

  const m = decision.message;
  let result: SendResult;
  try {
    result =
      m.channel === 'EMAIL'
        ? await sendEmail(config, {
            id: m.id,
            to: m.recipient!,
            subject: m.subject ?? '',
            text: m.text_body ?? '',
            html: m.html_body,
            unsubscribeUrl: decision.links.unsubscribeUrl,
            unsubscribeMailto: decision.links.unsubscribeMailto,
          })
        : await sendWebhook(config, now, {
            id: m.id,
            channel: m.channel,
            to: m.recipient!,
            subject: m.subject,
            text: m.text_body ?? '',
            customerId: m.customer_id,
            kind: m.kind,
          });
  } catch (err) {
    const error = (err as Error).message.slice(0, 500);
    const at = clock.now();
    if (err instanceof UnknownOutcomeError) {
      // Kept as sent at sent_at: it may well have arrived. Not retried (no second copy).
      await transition(q, m.id, ['SENDING'], { status: 'UNKNOWN', error }, at);
      countMessage(m.channel, 'unknown');
      return `UNKNOWN: ${error}`;
    }
    if (err instanceof PermanentSendError) {
      await transition(q, m.id, ['SENDING'], { status: 'FAILED', error, sent_at: null }, at);
      countMessage(m.channel, 'failed');
      return `FAILED: ${error}`;
    }
    if (m.attempts >= config.MESSAGE_MAX_ATTEMPTS) {
      await transition(q, m.id, ['SENDING'], { status: 'DEAD', error, sent_at: null }, at);
      countMessage(m.channel, 'dead');
      return `DEAD: ${error}`;
    }
    await transition(q, m.id, ['SENDING'], { status: 'QUEUED', error, sent_at: null }, at);
    countMessage(m.channel, 'retried');
    throw err; // graphile-worker retries with exponential backoff
  }
  await transition(
    q,
    m.id,
    ['SENDING'],
    { status: 'SENT', transport: result.transport, provider_id: result.providerId },
    clock.now(),
  );
  countMessage(m.channel, 'sent');
  return 'SENT';
}

const SENDER_STOPPED = 'outcome unknown: the sender stopped while sending';

/** A row claimed this long ago and never finished: its sender stopped mid-send. */
export const STALE_SENDING_MS = 15 * 60_000;

/**
 * Rows left in SENDING by a worker that died between claim and result. We cannot know
 * whether the provider got them, so they are never retried (at most once); they are marked
 * UNKNOWN with that reason so reports and history say so instead of "sending" for ever.
 */
export async function sweepStaleSending(deps: JobDeps): Promise<number> {
  const before = new Date(deps.clock.now().getTime() - STALE_SENDING_MS);
  let total = 0;
  for (const program of await listPrograms(deps.db)) {
    const rows: { channel: string }[] = await scoped(
      deps.db,
      program.id,
    )('messages')
      .where({ status: 'SENDING' })
      .where('updated_at', '<', before)
      .update({ status: 'UNKNOWN', error: SENDER_STOPPED })
      .returning('channel');
    for (const r of rows) countMessage(r.channel, 'unknown');
    total += rows.length;
  }
  return total;
}
