import type { Scoped } from '../../db/scoped';

export type RuleStatus = 'DRAFT' | 'ACTIVE' | 'PAUSED' | 'ARCHIVED';

export interface RuleRow {
  id: string;
  name: string;
  status: RuleStatus;
  version: number;
  trigger: string;
  priority: number;
  budget_used: number;
  error_count: number;
  last_error: string | null;
  last_error_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export interface RuleVersionRow {
  id: string;
  rule_id: string;
  version: number;
  label: string;
  definition: unknown;
  created_at: Date;
}

export async function insertRule(
  q: Scoped,
  r: Pick<RuleRow, 'name' | 'status' | 'trigger' | 'priority'>,
  at: Date,
): Promise<RuleRow> {
  const [row] = await q.insert('rules', { ...r, version: 1, created_at: at, updated_at: at }).returning('*');
  return row;
}

export async function insertVersion(
  q: Scoped,
  v: Pick<RuleVersionRow, 'rule_id' | 'version' | 'label' | 'definition'>,
  at: Date,
): Promise<RuleVersionRow> {
  const [row] = await q
    .insert('rule_versions', { ...v, definition: JSON.stringify(v.definition), created_at: at })
    .returning('*');
  return row;
}

/** A draft is edited in place; an active or paused rule gets a new immutable version. */
export async function replaceVersion(
  q: Scoped,
  ruleId: string,
  version: number,
  v: Pick<RuleVersionRow, 'label' | 'definition'>,
): Promise<void> {
  await q('rule_versions')
    .where({ rule_id: ruleId, version })
    .update({ label: v.label, definition: JSON.stringify(v.definition) });
}

export function lockRule(q: Scoped, id: string): Promise<RuleRow | undefined> {
  return q('rules').where({ id }).forUpdate().first();
}

export async function updateRule(q: Scoped, id: string, f: Partial<RuleRow>, at: Date): Promise<RuleRow> {
  const [row] = await q('rules')
    .where({ id })
    .update({ ...f, updated_at: at })
    .returning('*');
  return row;
}

export function listRules(q: Scoped): Promise<RuleRow[]> {
  return q('rules').orderBy([
    { column: 'priority', order: 'desc' },
    { column: 'created_at', order: 'asc' },
  ]);
}

export function ruleById(q: Scoped, id: string): Promise<RuleRow | undefined> {
  return q('rules').where({ id }).first();
}

export function currentVersion(q: Scoped, rule: Pick<RuleRow, 'id' | 'version'>): Promise<RuleVersionRow> {
  return q('rule_versions').where({ rule_id: rule.id, version: rule.version }).first();
}

export function versionsOf(q: Scoped, ruleId: string): Promise<RuleVersionRow[]> {
  return q('rule_versions').where({ rule_id: ruleId }).orderBy('version', 'desc');
}

/** Active rules with their current versions, for compilation. */
export function activeRuleVersions(
  q: Scoped,
): Promise<(RuleVersionRow & { priority: number; created: Date })[]> {
  return q('rules as r')
    .join('rule_versions as v', (j) =>
      j.on('v.program_id', 'r.program_id').andOn('v.rule_id', 'r.id').andOn('v.version', 'r.version'),
    )
    .where('r.status', 'ACTIVE')
    .select('v.*', 'r.priority', 'r.created_at as created');
}

export async function bumpRevision(q: Scoped): Promise<void> {
  await q.knex.raw(
    `INSERT INTO rule_settings (program_id, revision) VALUES (?, 1)
     ON CONFLICT (program_id) DO UPDATE SET revision = rule_settings.revision + 1`,
    [q.programId],
  );
}

export async function revision(q: Scoped): Promise<number> {
  const row = await q('rule_settings').first('revision');
  return Number(row?.revision ?? 0);
}

/** Takes `amount` from a rule's budget; false when it would exceed it (the row lock orders racers). */
export async function takeBudget(
  q: Scoped,
  ruleId: string,
  amount: number,
  budget: number,
): Promise<boolean> {
  const n = await q('rules')
    .where({ id: ruleId })
    .whereRaw('budget_used + ? <= ?', [amount, budget])
    .increment('budget_used', amount);
  return Number(n) === 1;
}

export async function recordRuleError(q: Scoped, ruleId: string, message: string, at: Date): Promise<void> {
  await q('rules')
    .where({ id: ruleId })
    .update({
      error_count: q.knex.raw('error_count + 1'),
      last_error: message.slice(0, 500),
      last_error_at: at,
    });
}

export async function applicationsSince(
  q: Scoped,
  ruleId: string,
  customerId: string,
  since: Date | null,
): Promise<number> {
  const qb = q('rule_applications')
    .where({ rule_id: ruleId, customer_id: customerId })
    .whereNot('status', 'CANCELLED');
  if (since) qb.where('applied_at', '>', since);
  const [r] = await qb.count<{ count: string }[]>('* as count');
  return Number(r!.count);
}

/** Returns false when this period's application already exists (a job that ran twice). */
export async function insertApplication(
  q: Scoped,
  a: {
    rule_id: string;
    rule_version_id: string;
    customer_id: string;
    purchase_id: string | null;
    period_key: string | null;
    points: number;
    rewards: number;
    applied_at: Date;
    status?: 'DONE' | 'PENDING';
    due_at?: Date | null;
    base_points?: number;
  },
): Promise<boolean> {
  const rows = await q.insert('rule_applications', a).onConflict().ignore().returning('id');
  return rows.length === 1;
}

export interface PendingRow {
  id: number;
  rule_id: string;
  rule_version_id: string;
  customer_id: string;
  purchase_id: string | null;
  points: number;
  rewards: number;
  base_points: number;
}

/** Due pending applications, locked; SKIP LOCKED lets two workers share the work. */
export function lockDuePending(q: Scoped, at: Date, limit: number): Promise<PendingRow[]> {
  return q('rule_applications')
    .where({ status: 'PENDING' })
    .where('due_at', '<=', at)
    .orderBy('due_at')
    .limit(limit)
    .forUpdate()
    .skipLocked();
}

export async function markApplication(q: Scoped, id: number, status: 'DONE' | 'CANCELLED'): Promise<void> {
  await q('rule_applications').where({ id }).update({ status });
}

/** Cancels a purchase's pending applications; returns them (to give the budget back). */
export function cancelPendingFor(q: Scoped, purchaseId: string): Promise<PendingRow[]> {
  return q('rule_applications')
    .where({ purchase_id: purchaseId, status: 'PENDING' })
    .update({ status: 'CANCELLED' })
    .returning('*');
}

export async function returnBudget(q: Scoped, ruleId: string, amount: number): Promise<void> {
  if (amount > 0) await q('rules').where({ id: ruleId }).decrement('budget_used', amount);
}

export function versionById(q: Scoped, id: string): Promise<RuleVersionRow | undefined> {
  return q('rule_versions').where({ id }).first();
}

/** A customer the rule held out when it would have acted (issue 14). */
export async function insertHoldout(
  q: Scoped,
  h: {
    rule_id: string;
    rule_version_id: string;
    customer_id: string;
    purchase_id: string | null;
    held_at: Date;
  },
): Promise<void> {
  await q.insert('rule_holdouts', h);
}
