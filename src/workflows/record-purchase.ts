/**
 * recordPurchase as one workflow (issue 12): read everything in one statement (two when
 * reward rules, tiers or a debt need what must be read under the customer's locks), decide in
 * TypeScript with the modules' pure functions, write every fact in one statement. The plain
 * purchase is BEGIN, read, write, COMMIT: 4 round trips (5 with tiers or active rules).
 * Behaviour is that of the inline version it replaces (purchases.service, ledger.service
 * earnForPurchase, tiers.service recordTierActivity, feedback scheduleSurvey, rules.engine
 * runPurchaseRules): rare paths (auto-enrolment, paying a debt, welcome rewards, rules that
 * act) call the modules' own functions, at the cost of their own statements.
 */
import { randomUUID } from 'node:crypto';
import type { CustomerRow } from '../modules/customers/customers.repo';
import { eventRow, type OutboxRow } from '../modules/events/events';
import { SEND_SURVEY_TASK, surveyPlan } from '../modules/feedback/surveys.service';
import { findKey, storeResult } from '../modules/idempotency/idempotency.repo';
import { type Idempotent, replayOrConflict, requestHashes } from '../modules/idempotency/idempotency.service';
import { type BalanceRow, lockBalance, takeFromLot } from '../modules/ledger/ledger.repo';
import { programOf } from '../modules/programs/programs.service';
import type { RecordPurchaseInput } from '../modules/purchases/purchases.inputs';
import type { PurchaseRow } from '../modules/purchases/purchases.repo';
import { grantReward } from '../modules/rewards/rewards.service';
import { PURCHASE_TRIGGERS } from '../modules/rules/rules.conditions';
import { runPurchaseRules } from '../modules/rules/rules.engine';
import { lockCustomerTier } from '../modules/tiers/tiers.repo';
import { heldTier } from '../modules/tiers/tiers.service';
import type { RequestContext } from '../shared/context';
import { AppError } from '../shared/errors';
import { addDays, localDate } from '../shared/time';
import { enrollCustomer } from './enroll-customer';
import { knownSettings, rulesOf, settingsFor } from './program-settings';
import {
  anyRuleMayAct,
  metricsAfter,
  planDebtPayment,
  planEarning,
  planLot,
  planTierMove,
  purchaseRuleEvent,
} from './record-purchase.plan';
import { type HeldTierRow, readAfterLock, readPurchaseFacts, writePurchase } from './record-purchase.repo';

/** Tills' clocks drift: this much of the future is accepted as "now". */
const CLOCK_SKEW_MS = 5 * 60_000;
/** Points of one purchase stay a GraphQL Int. */
const MAX_POINTS = 2 ** 31 - 1;
const OPERATION = 'recordPurchase';

export type RecordPurchaseResult = Idempotent<{
  purchaseId: string;
  customerId: string;
  pointsEarned: number;
  rewardIds: string[];
}>;
type Result = Omit<RecordPurchaseResult, 'replayed'>;

// The purchase row each fresh result wrote, for the GraphQL payload: a mutation that asks for
// its purchase is not one more read. Replays have none and load it.
const writtenRows = new WeakMap<object, PurchaseRow>();

/** The purchase row a fresh (not replayed) recordPurchase result wrote; undefined otherwise. */
export function writtenPurchase(result: object): PurchaseRow | undefined {
  return writtenRows.get(result);
}

export async function recordPurchase(
  ctx: RequestContext,
  p: RecordPurchaseInput,
): Promise<RecordPurchaseResult> {
  const { idempotencyKey: key, ...request } = p;
  const { hash, fields } = requestHashes(OPERATION, request);
  return ctx.q.transaction(async (q) => {
    const tx = { ...ctx, q };
    const at = ctx.clock.now();
    // 1. Claim, lock, read.
    const known = knownSettings(ctx.programId);
    const facts = await readPurchaseFacts(q, {
      knownRevision: known?.revision,
      key,
      operation: OPERATION,
      hash,
      fieldHashes: fields,
      at,
      customer: p.customerId ? { id: p.customerId } : { externalId: p.customerExternalId! },
    });
    if (!facts.claimed) return replayOrConflict<Result>(await findKey(q, key), OPERATION, hash, fields);
    const settings = settingsFor(ctx.programId, known, facts.settingsRevision, facts.settings);

    const program = await programOf(q);
    if (p.currency !== program.currency) {
      throw AppError.badInput([
        { path: 'input.currency', message: `This program records purchases in ${program.currency}` },
      ]);
    }
    const cfg = settings.config;
    if (p.occurredAt.getTime() > at.getTime() + CLOCK_SKEW_MS) {
      throw AppError.badInput([{ path: 'input.occurredAt', message: 'Must not be in the future' }]);
    }
    if (p.occurredAt < addDays(at, -cfg.backdatingDays)) {
      throw AppError.badInput([
        { path: 'input.occurredAt', message: `Must be within the last ${cfg.backdatingDays} days` },
      ]);
    }

    let customer: CustomerRow | null = facts.customer;
    let balance: BalanceRow | null = facts.balance;
    let held: HeldTierRow | null = facts.held;
    const tiers = settings.tiers;
    if (!customer && !p.customerId && cfg.autoEnroll) {
      // Rare: enrolment is its own work (consents, audit, enrolment rules), then the locks
      // statement 1 could not take for a customer that did not exist.
      customer = (await enrollCustomer(tx, { externalId: p.customerExternalId })).customer;
    }
    if (!customer) throw AppError.notFound('Customer');
    if (!balance) balance = await lockBalance(q, customer.id, at);
    if (!held && tiers.length > 0) held = await lockCustomerTier(q, customer.id, at);

    // 2. Decide.
    const holding = heldTier(tiers, held?.tier_id);
    const earn = planEarning(cfg, p.lines, p.currency, holding);
    if (earn.points > MAX_POINTS) {
      throw AppError.badInput([
        { path: 'input.lines', message: 'The purchase earns more points than allowed' },
      ]);
    }
    const tz = program.time_zone;
    const today = localDate(at, tz);
    const day = localDate(p.occurredAt, tz);
    const rules = await rulesOf(q, settings);
    const purchaseRules = rules.filter((r) => PURCHASE_TRIGGERS.includes(r.def.trigger.type));
    const after =
      purchaseRules.length > 0 || balance.debt > 0 || tiers.length > 0
        ? await readAfterLock(q, customer.id, {
            ...(purchaseRules.length > 0 ? { statsAt: p.occurredAt } : {}),
            lots: balance.debt > 0,
            ...(tiers.length > 0 ? { tiers: { tiers, today, day } } : {}),
          })
        : null;

    // ledger.service openAccount: pay a debt from spendable points first.
    let debtPaid = 0;
    if (balance.debt > 0) {
      for (const t of planDebtPayment(after!.lots!, balance.debt, at)) {
        await takeFromLot(q, t.lotId, t.take);
        debtPaid += t.take;
      }
    }
    const lot = planLot(cfg, p.occurredAt, balance.last_purchase_at);
    const purchaseId = randomUUID();
    const move =
      tiers.length > 0
        ? planTierMove(
            tiers,
            metricsAfter(tiers, after!.metrics ?? undefined, today, {
              day,
              dayPurchasesBefore: after!.dayPurchases,
              spendMinor: earn.totalMinor,
              points: earn.points,
              purchases: 1,
            }),
            held!,
          )
        : ({ kind: 'none' } as const);
    const outbox: OutboxRow[] = [];
    if (move.kind === 'upgrade') {
      outbox.push({
        task: 'tier_changed',
        payload: {
          customerId: customer.id,
          fromTierId: move.from?.id ?? null,
          toTierId: move.to.id,
          reason: 'PURCHASE',
        },
        job_key: null,
        run_at: null,
      });
    }
    const survey = surveyPlan(settings.survey, {
      customerId: customer.id,
      purchaseId,
      occurredAt: p.occurredAt,
    });
    if (survey) {
      outbox.push({
        task: SEND_SURVEY_TASK,
        payload: survey.payload,
        job_key: survey.jobKey,
        run_at: survey.runAt,
      });
    }
    // Domain events: rows of the same write (no extra round trip).
    outbox.push(
      eventRow(
        'purchase.recorded',
        {
          customerId: customer.id,
          purchaseId,
          externalId: p.externalId ?? null,
          storeCode: p.storeCode ?? null,
          occurredAt: p.occurredAt.toISOString(),
          currency: p.currency,
          totalMinor: earn.totalMinor,
          pointsEarned: earn.points,
        },
        at,
      ),
    );
    if (earn.points > 0) {
      outbox.push(
        eventRow(
          'points.changed',
          { customerId: customer.id, points: earn.points, kind: 'EARN', reason: earn.bonus?.reason ?? null },
          at,
        ),
      );
    }
    if (move.kind === 'upgrade') {
      outbox.push(
        eventRow(
          'tier.changed',
          {
            customerId: customer.id,
            fromTierId: move.from?.id ?? null,
            toTierId: move.to.id,
            reason: 'PURCHASE',
          },
          at,
        ),
      );
    }
    const purchase = {
      id: purchaseId,
      customer_id: customer.id,
      external_id: p.externalId,
      store_code: p.storeCode ?? null,
      currency: p.currency,
      total_minor: earn.totalMinor,
      earn_weight: earn.weight,
      points_earned: earn.points,
      occurred_at: p.occurredAt,
      recorded_at: at,
    };
    const tierId = move.kind === 'upgrade' ? move.to.id : (holding?.id ?? null);
    const event =
      purchaseRules.length > 0
        ? {
            purchase,
            lines: p.lines,
            customer,
            basePoints: earn.base,
            pendingDays: cfg.pendingDays,
            timeZone: tz,
            currency: p.currency,
            tierId,
            stats: {
              visits: after!.stats!.visits + 1,
              spendMinor: after!.stats!.spendMinor + earn.totalMinor,
              previousAt: after!.stats!.previousAt,
            },
          }
        : null;
    const rulesMayAct =
      event !== null && anyRuleMayAct(purchaseRules, PURCHASE_TRIGGERS, purchaseRuleEvent(event));
    const result: Result = { purchaseId, customerId: customer.id, pointsEarned: earn.points, rewardIds: [] };

    // 3. Write.
    const written = await writePurchase(q, {
      purchase,
      lines: p.lines.map((l, i) => ({
        line_no: i + 1,
        sku: l.sku,
        category: l.category ?? null,
        quantity: l.quantity,
        unit_price_minor: l.unitPriceMinor,
        unit_weight: earn.weights[i]!,
      })),
      earn:
        earn.points > 0
          ? {
              points: earn.points,
              base_points: earn.base,
              bonus_points: earn.bonus?.points ?? 0,
              reason: earn.bonus?.reason ?? null,
              available_at: lot.availableAt,
              expires_at: lot.expiresAt,
            }
          : null,
      actor: ctx.actor,
      at,
      extendTo: lot.extendTo,
      balance: { points: earn.points, debtPaid, lifetime: earn.points, lastPurchaseAt: p.occurredAt },
      activity: { day, spendMinor: earn.totalMinor, points: earn.points, purchases: 1 },
      upgrade:
        move.kind === 'upgrade'
          ? {
              from_tier_id: move.from?.id ?? null,
              from_version: held!.tier_version,
              to_tier_id: move.to.id,
              to_version: move.to.version,
            }
          : null,
      clearGrace: move.kind === 'clearGrace',
      outbox,
      idempotency: rulesMayAct ? null : { key, result },
    });
    if (!written) {
      throw AppError.badInput([
        { path: 'input.externalId', message: 'This receipt is already recorded for this store' },
      ]);
    }

    // Rare paths, each with its own statements: welcome rewards of every tier reached, and
    // reward rules that may act (inside this transaction, a savepoint per rule; a failing rule
    // is skipped, never the purchase).
    if (move.kind === 'upgrade') {
      for (const t of move.welcome) {
        await grantReward(tx, q, { customerId: customer.id, catalogItemId: t.welcome_item_id! });
      }
    }
    if (rulesMayAct) {
      result.rewardIds = await runPurchaseRules(tx, q, event!);
      await storeResult(q, key, result);
    }
    const fresh = { ...result, replayed: false };
    writtenRows.set(fresh, { ...purchase, refunded_weight: 0, points_reversed: 0 });
    return fresh;
  });
}
