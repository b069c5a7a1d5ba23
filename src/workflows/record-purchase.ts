/**
 * recordPurchase as one workflow (issue 12): read everything in one statement (two when
 * reward rules, tiers or a debt need what must be read under the customer's locks), decide in
 * TypeScript with the modules' pure functions, write every fact in one statement. The plain
 * purchase is BEGIN, read, write, COMMIT: 4 round trips (5 with tiers or active rules).
 * Behaviour is that of the inline version it replaces (purchases.service, ledger.service
 * earnForPurchase, planTierMove, feedback surveyPlan, and the reward rules, now the
 * `purchase.recorded` domain event): rare paths (auto-enrolment, paying a debt, welcome rewards, rules that
 * act) call the modules' own functions, at the cost of their own statements.
 */
import { randomUUID } from 'node:crypto';
import type { Scoped } from '../db/scoped';
import type { Actor } from '../modules/auth/viewer';
import type { CustomerRow } from '../modules/customers/customers.repo';
import { eventRow, type OutboxRow } from '../modules/events/events';
import { SEND_SURVEY_TASK, surveyPlan } from '../modules/feedback/surveys.service';
import { findKey, storeResult } from '../modules/idempotency/idempotency.repo';
import { type Idempotent, replayOrConflict, requestHashes } from '../modules/idempotency/idempotency.service';
import type { EarningConfig } from '../modules/ledger/earning';
import { type BalanceRow, lockBalance, takeFromLot } from '../modules/ledger/ledger.repo';
import { programOf } from '../modules/programs/programs.service';
import type { RecordPurchaseInput } from '../modules/purchases/purchases.inputs';
import type { PurchaseRow } from '../modules/purchases/purchases.repo';
import { grantReward } from '../modules/rewards/rewards.service';
import { PURCHASE_TRIGGERS } from '../modules/rules/rules.conditions';
import type { CompiledRule } from '../modules/rules/rules.engine';
import { purchaseRuleEvent } from '../modules/rules/rules.events';
import { lockCustomerTier, type TierRow } from '../modules/tiers/tiers.repo';
import { heldTier } from '../modules/tiers/tiers.service';
import type { RequestContext } from '../shared/context';
import type { PurchaseRecorded } from '../shared/domain-events';
import { AppError } from '../shared/errors';
import { addDays, localDate } from '../shared/time';
import { dispatchDomainEvent } from './domain-events';
import { enrollCustomer } from './enroll-customer';
import { type CachedSettings, knownSettings, rulesOf, settingsFor } from './program-settings';
import {
  anyRuleMayAct,
  metricsAfter,
  planDebtPayment,
  planEarning,
  planLot,
  planTierMove,
  type TierMove,
} from './record-purchase.plan';
import {
  type AfterLock,
  type HeldTierRow,
  type PurchaseFacts,
  type PurchaseWrite,
  readAfterLock,
  readPurchaseFacts,
  writePurchase,
} from './record-purchase.repo';

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
    checkRequest(p, program.currency, settings.config, at);
    const accounts = await lockAccounts(tx, p, facts, settings, at);

    // 2. Decide, reading under the locks only what rules, tiers or a debt need.
    const earn = planEarningWithin(settings.config, p, heldTier(settings.tiers, accounts.held?.tier_id));
    const local = localDays(program.time_zone, at, p.occurredAt);
    const rules = (await rulesOf(q, settings)).filter((r) => PURCHASE_TRIGGERS.includes(r.def.trigger.type));
    const after = await readWhatTheDecisionNeeds(q, { p, accounts, tiers: settings.tiers, rules, local });
    const debtPaid = await payDebt(q, accounts.balance, after, at);
    const plan = planPurchase({ p, settings, accounts, earn, after, local, rules, at });
    const { result } = plan;

    // 3. Write.
    const idempotency = plan.rulesMayAct ? null : { key, result };
    if (!(await writePurchase(q, purchaseWrite(plan, { debtPaid, actor: ctx.actor, idempotency })))) {
      throw AppError.badInput([
        { path: 'input.externalId', message: 'This receipt is already recorded for this store' },
      ]);
    }

    // 4. Rare paths, each with its own statements.
    await grantWelcomeRewards(tx, accounts.customer.id, plan.move);
    // purchase.recorded is raised only when a reward rule may act on it (its one subscriber):
    // otherwise the purchase keeps its round trips. A subscriber for every purchase changes this.
    if (plan.rulesMayAct) {
      const raised = await dispatchDomainEvent(tx, q, { type: 'purchase.recorded', data: plan.event! });
      result.rewardIds = raised.rewardIds;
      await storeResult(q, key, result);
    }
    const fresh = { ...result, replayed: false };
    writtenRows.set(fresh, { ...plan.purchase, refunded_weight: 0, points_reversed: 0 });
    return fresh;
  });
}

/** The checks that need the program: its currency and how far back a purchase may be dated. */
function checkRequest(p: RecordPurchaseInput, currency: string, cfg: EarningConfig, at: Date): void {
  if (p.currency !== currency) {
    throw AppError.badInput([
      { path: 'input.currency', message: `This program records purchases in ${currency}` },
    ]);
  }
  if (p.occurredAt.getTime() > at.getTime() + CLOCK_SKEW_MS) {
    throw AppError.badInput([{ path: 'input.occurredAt', message: 'Must not be in the future' }]);
  }
  if (p.occurredAt < addDays(at, -cfg.backdatingDays)) {
    throw AppError.badInput([
      { path: 'input.occurredAt', message: `Must be within the last ${cfg.backdatingDays} days` },
    ]);
  }
}

/** The customer and their locked balance and tier rows. */
interface Accounts {
  customer: CustomerRow;
  balance: BalanceRow;
  /** Null when the program has no tiers. */
  held: HeldTierRow | null;
}

/**
 * The customer statement 1 found and locked. Rare: an unknown externalId is enrolled (its own
 * work: consents, audit, enrolment rules), then the locks statement 1 could not take for a
 * customer that did not exist.
 */
async function lockAccounts(
  tx: RequestContext,
  p: RecordPurchaseInput,
  facts: PurchaseFacts,
  settings: CachedSettings,
  at: Date,
): Promise<Accounts> {
  let customer = facts.customer;
  if (!customer && !p.customerId && settings.config.autoEnroll) {
    customer = (await enrollCustomer(tx, { externalId: p.customerExternalId })).customer;
  }
  if (!customer) throw AppError.notFound('Customer');
  const balance = facts.balance ?? (await lockBalance(tx.q, customer.id, at));
  let held = facts.held;
  if (!held && settings.tiers.length > 0) held = await lockCustomerTier(tx.q, customer.id, at);
  return { customer, balance, held };
}

type Earning = ReturnType<typeof planEarning>;

/** planEarning, refusing a purchase whose points would not fit a GraphQL Int. */
function planEarningWithin(cfg: EarningConfig, p: RecordPurchaseInput, holding: TierRow | null): Earning {
  const earn = planEarning(cfg, p.lines, p.currency, holding);
  if (earn.points > MAX_POINTS) {
    throw AppError.badInput([
      { path: 'input.lines', message: 'The purchase earns more points than allowed' },
    ]);
  }
  return earn;
}

/** The program's time zone, its local date now and the purchase's local date. */
interface LocalDays {
  timeZone: string;
  today: string;
  day: string;
}

function localDays(timeZone: string, at: Date, occurredAt: Date): LocalDays {
  return { timeZone, today: localDate(at, timeZone), day: localDate(occurredAt, timeZone) };
}

/** Statement 2, only when reward rules, tiers or a debt need what it reads under the locks. */
async function readWhatTheDecisionNeeds(
  q: Scoped,
  n: {
    p: RecordPurchaseInput;
    accounts: Accounts;
    tiers: TierRow[];
    rules: CompiledRule[];
    local: LocalDays;
  },
): Promise<AfterLock | null> {
  const { rules, tiers, local } = n;
  if (rules.length === 0 && n.accounts.balance.debt === 0 && tiers.length === 0) return null;
  return readAfterLock(q, n.accounts.customer.id, {
    ...(rules.length > 0 ? { statsAt: n.p.occurredAt } : {}),
    lots: n.accounts.balance.debt > 0,
    ...(tiers.length > 0 ? { tiers: { tiers, today: local.today, day: local.day } } : {}),
  });
}

/** ledger.service openAccount: pay a debt from spendable points first. Returns what was paid. */
async function payDebt(q: Scoped, balance: BalanceRow, after: AfterLock | null, at: Date): Promise<number> {
  let paid = 0;
  if (balance.debt > 0) {
    for (const t of planDebtPayment(after!.lots!, balance.debt, at)) {
      await takeFromLot(q, t.lotId, t.take);
      paid += t.take;
    }
  }
  return paid;
}

interface PurchaseDecision {
  p: RecordPurchaseInput;
  settings: CachedSettings;
  accounts: Accounts;
  earn: Earning;
  after: AfterLock | null;
  local: LocalDays;
  rules: CompiledRule[];
  at: Date;
}

type PurchasePlan = ReturnType<typeof planPurchase>;

/** Pure: the purchase row, the tier move, the outbox rows and whether reward rules may act. */
function planPurchase(d: PurchaseDecision) {
  const { p, earn, after, at } = d;
  const { customer, held } = d.accounts;
  const tiers = d.settings.tiers;
  const purchase = {
    id: randomUUID(),
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
  const move: TierMove =
    tiers.length > 0
      ? planTierMove(
          tiers,
          metricsAfter(tiers, after!.metrics ?? undefined, d.local.today, {
            day: d.local.day,
            dayPurchasesBefore: after!.dayPurchases,
            spendMinor: earn.totalMinor,
            points: earn.points,
            purchases: 1,
          }),
          held!,
        )
      : { kind: 'none' };
  const tierId = move.kind === 'upgrade' ? move.to.id : (heldTier(tiers, held?.tier_id)?.id ?? null);
  const event = d.rules.length > 0 ? ruleInput(d, purchase, tierId) : null;
  const result: Result = {
    purchaseId: purchase.id,
    customerId: customer.id,
    pointsEarned: earn.points,
    rewardIds: [],
  };
  return {
    ...d,
    purchase,
    move,
    result,
    outbox: purchaseOutbox(d, purchase.id, move),
    event,
    rulesMayAct: event !== null && anyRuleMayAct(d.rules, PURCHASE_TRIGGERS, purchaseRuleEvent(event)),
  };
}

/** What the purchase's reward rules are evaluated against. */
function ruleInput(
  d: PurchaseDecision,
  purchase: PurchaseRecorded['purchase'],
  tierId: string | null,
): PurchaseRecorded {
  const { p, earn } = d;
  const stats = d.after!.stats!;
  return {
    purchase,
    lines: p.lines,
    customer: d.accounts.customer,
    basePoints: earn.base,
    pendingDays: d.settings.config.pendingDays,
    timeZone: d.local.timeZone,
    currency: p.currency,
    tierId,
    stats: {
      visits: stats.visits + 1,
      spendMinor: stats.spendMinor + earn.totalMinor,
      previousAt: stats.previousAt,
    },
  };
}

/**
 * The outbox rows written with the purchase (no extra round trip), in order: the tier change's
 * job, the survey, then the domain events.
 */
function purchaseOutbox(d: PurchaseDecision, purchaseId: string, move: TierMove): OutboxRow[] {
  const { p, earn, at } = d;
  const customerId = d.accounts.customer.id;
  const outbox: OutboxRow[] = [];
  const change =
    move.kind === 'upgrade'
      ? { customerId, fromTierId: move.from?.id ?? null, toTierId: move.to.id, reason: 'PURCHASE' }
      : null;
  if (change) outbox.push({ task: 'tier_changed', payload: change, job_key: null, run_at: null });
  const survey = surveyPlan(d.settings.survey, { customerId, purchaseId, occurredAt: p.occurredAt });
  if (survey) {
    outbox.push({
      task: SEND_SURVEY_TASK,
      payload: survey.payload,
      job_key: survey.jobKey,
      run_at: survey.runAt,
    });
  }
  outbox.push(
    eventRow(
      'purchase.recorded',
      {
        customerId,
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
        { customerId, points: earn.points, kind: 'EARN', reason: earn.bonus?.reason ?? null },
        at,
      ),
    );
  }
  if (change) outbox.push(eventRow('tier.changed', { ...change }, at));
  return outbox;
}

/** Statement 3's facts. */
function purchaseWrite(
  plan: PurchasePlan,
  w: { debtPaid: number; actor: Actor; idempotency: PurchaseWrite['idempotency'] },
): PurchaseWrite {
  const { p, move, earn } = plan;
  const lot = planLot(plan.settings.config, p.occurredAt, plan.accounts.balance.last_purchase_at);
  return {
    purchase: plan.purchase,
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
    actor: w.actor,
    at: plan.at,
    extendTo: lot.extendTo,
    balance: {
      points: earn.points,
      debtPaid: w.debtPaid,
      lifetime: earn.points,
      lastPurchaseAt: p.occurredAt,
    },
    activity: { day: plan.local.day, spendMinor: earn.totalMinor, points: earn.points, purchases: 1 },
    upgrade:
      move.kind === 'upgrade'
        ? {
            from_tier_id: move.from?.id ?? null,
            from_version: plan.accounts.held!.tier_version,
            to_tier_id: move.to.id,
            to_version: move.to.version,
          }
        : null,
    clearGrace: move.kind === 'clearGrace',
    outbox: plan.outbox,
    idempotency: w.idempotency,
  };
}

/** Rare: the welcome rewards of every tier an upgrade reached. */
async function grantWelcomeRewards(tx: RequestContext, customerId: string, move: TierMove): Promise<void> {
  if (move.kind !== 'upgrade') return;
  for (const t of move.welcome) {
    await grantReward(tx, tx.q, { customerId, catalogItemId: t.welcome_item_id! });
  }
}
