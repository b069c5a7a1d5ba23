import { useEffect, useState } from 'preact/hooks';
import { ApiError, issuesAt, request } from '../api';
import { BarChart } from '../chart';
import { ApiForm, useForm } from '../form';
import { dateTime, money, points, sentenceCase } from '../format';
import {
  ActivateRewardRuleDocument,
  ArchiveRewardRuleDocument,
  CreateRewardRuleDocument,
  PauseRewardRuleDocument,
  ReportSettingsDocument,
  RewardRuleDocument,
  type RewardRuleQuery,
  RuleEditorDataDocument,
  type RuleEditorDataQuery,
  SimulateRewardRuleDocument,
  type SimulateRewardRuleQuery,
  UpdateRewardRuleDocument,
  ValidateRewardRuleDocument,
} from '../generated';
import { useMutation, useQuery } from '../hooks';
import { Link, navigate } from '../router';
import { type Args, fromArgs, type JsonSchema, type References, SchemaFields, toArgs } from '../schema-form';
import { useCan, useSession } from '../session';
import {
  Badge,
  CheckboxField,
  ErrorBox,
  FormError,
  Loading,
  Notice,
  Page,
  SelectField,
  TableWrap,
  TextField,
} from '../ui';

type Catalogue = RuleEditorDataQuery['rewardRuleCatalogue'];
type Rule = NonNullable<RewardRuleQuery['rewardRule']>;
type Block = { code: string; args: Args };
/** A condition group as the form holds it: all or any of its conditions and groups. */
type Group = { match: 'all' | 'any'; items: CondItem[] };
type CondItem = ({ kind: 'condition' } & Block) | ({ kind: 'group' } & Group);

/** The editor's state: the definition as a form holds it (text as typed), not yet JSON. */
interface Draft {
  name: string;
  label: string;
  trigger: Block;
  /** The conditions: a group, whose items may be groups in turn. */
  conditions: Group;
  actions: Block[];
  perCustomerTimes: string;
  perCustomerPeriodDays: string;
  budgetKind: '' | 'POINTS' | 'REWARDS';
  budgetAmount: string;
  activeFrom: string;
  activeUntil: string;
  priority: string;
  exclusive: boolean;
  waitForReturnWindow: boolean;
  holdoutPercent: string;
  /** A saved condition tree the form cannot show (one with `not`): kept as it is. */
  rawConditions: unknown;
}

const DEF = '' as const;
const schemaOf = (list: Catalogue['conditions'], code: string) =>
  (list.find((b) => b.code === code)?.argsSchema ?? {}) as JsonSchema;

function emptyDraft(c: Catalogue): Draft {
  return {
    name: '',
    label: '',
    trigger: {
      code: c.triggers.find((t) => t.code === 'VISIT_MILESTONE')?.code ?? c.triggers[0]!.code,
      args: {},
    },
    conditions: { match: 'all', items: [] },
    actions: [{ code: c.actions[0]!.code, args: {} }],
    perCustomerTimes: DEF,
    perCustomerPeriodDays: DEF,
    budgetKind: DEF,
    budgetAmount: DEF,
    activeFrom: DEF,
    activeUntil: DEF,
    priority: '0',
    exclusive: false,
    waitForReturnWindow: false,
    holdoutPercent: '0',
    rawConditions: undefined,
  };
}

const localInput = (iso: unknown) => {
  if (typeof iso !== 'string') return '';
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
};

/** A saved definition: JSON of the shape the API documents (schema/rules.graphql). */
interface SavedNode {
  all?: SavedNode[];
  any?: SavedNode[];
  not?: SavedNode;
  condition?: string;
  args?: Args;
}
interface SavedDefinition {
  trigger: { type: string; args?: Args };
  conditions?: SavedNode | null;
  actions: { type: string; args?: Args }[];
  limits?: {
    perCustomer?: { times?: number; periodDays?: number | null };
    budget?: { kind?: 'POINTS' | 'REWARDS'; amount?: number };
    activeFrom?: string;
    activeUntil?: string;
  };
  priority?: number;
  exclusive?: boolean;
  waitForReturnWindow?: boolean;
  holdoutPercent?: number;
}

function fromRule(rule: Rule, c: Catalogue, refs: References): Draft {
  const d = rule.definition as SavedDefinition;
  const cond = d.conditions;
  // A single condition is a group of one; `not` has no form yet (kept as it is).
  const tree: Group | null =
    cond == null
      ? { match: 'all', items: [] }
      : typeof cond.condition === 'string'
        ? toGroup({ all: [cond] }, c, refs)
        : toGroup(cond, c, refs);
  const l = d.limits ?? {};
  return {
    name: rule.name,
    label: rule.label,
    trigger: {
      code: d.trigger.type,
      args: fromArgs(schemaOf(c.triggers, d.trigger.type), d.trigger.args ?? {}, refs),
    },
    conditions: tree ?? { match: 'all', items: [] },
    actions: d.actions.map((a) => ({
      code: a.type,
      args: fromArgs(schemaOf(c.actions, a.type), a.args ?? {}, refs),
    })),
    perCustomerTimes: l.perCustomer?.times != null ? String(l.perCustomer.times) : '',
    perCustomerPeriodDays: l.perCustomer?.periodDays != null ? String(l.perCustomer.periodDays) : '',
    budgetKind: l.budget?.kind ?? '',
    budgetAmount: l.budget?.amount != null ? String(l.budget.amount) : '',
    activeFrom: localInput(l.activeFrom),
    activeUntil: localInput(l.activeUntil),
    priority: String(d.priority ?? 0),
    exclusive: !!d.exclusive,
    waitForReturnWindow: !!d.waitForReturnWindow,
    holdoutPercent: String(d.holdoutPercent ?? 0),
    rawConditions: tree ? undefined : cond,
  };
}

/** A saved all/any node as the form's group, or null when it (or a node in it) is not all/any/condition. */
function toGroup(n: SavedNode, c: Catalogue, refs: References): Group | null {
  const match = n.all ? 'all' : n.any ? 'any' : null;
  const list = n.all ?? n.any;
  if (!match || !list) return null;
  const items: CondItem[] = [];
  for (const x of list) {
    if (typeof x.condition === 'string') {
      const args = fromArgs(schemaOf(c.conditions, x.condition), x.args ?? {}, refs);
      items.push({ kind: 'condition', code: x.condition, args });
      continue;
    }
    const g = toGroup(x, c, refs);
    if (!g) return null;
    items.push({ kind: 'group', ...g });
  }
  return { match, items };
}

/** The form's group as the API's node: { all: [...] } or { any: [...] }, nested as edited. */
function fromGroup(g: Group, c: Catalogue, refs: References): SavedNode {
  return {
    [g.match]: g.items.map((x) =>
      x.kind === 'condition'
        ? { condition: x.code, args: toArgs(schemaOf(c.conditions, x.code), x.args, refs) }
        : fromGroup(x, c, refs),
    ),
  };
}

const num = (s: string) => (s.trim() !== '' && Number.isFinite(Number(s)) ? Number(s) : s);

/** The definition JSON the API takes (docs/api.md, "Reward rules"). */
function toDefinition(d: Draft, c: Catalogue, refs: References): unknown {
  const limits: Record<string, unknown> = {};
  if (d.perCustomerTimes !== '')
    limits.perCustomer = {
      times: num(d.perCustomerTimes),
      periodDays: d.perCustomerPeriodDays === '' ? null : num(d.perCustomerPeriodDays),
    };
  if (d.budgetKind) limits.budget = { kind: d.budgetKind, amount: num(d.budgetAmount) };
  if (d.activeFrom) limits.activeFrom = new Date(d.activeFrom).toISOString();
  if (d.activeUntil) limits.activeUntil = new Date(d.activeUntil).toISOString();
  const conditions =
    d.rawConditions !== undefined
      ? d.rawConditions
      : d.conditions.items.length
        ? fromGroup(d.conditions, c, refs)
        : undefined;
  return {
    trigger: {
      type: d.trigger.code,
      args: toArgs(schemaOf(c.triggers, d.trigger.code), d.trigger.args, refs),
    },
    ...(conditions !== undefined ? { conditions } : {}),
    actions: d.actions.map((a) => ({
      type: a.code,
      args: toArgs(schemaOf(c.actions, a.code), a.args, refs),
    })),
    ...(Object.keys(limits).length ? { limits } : {}),
    priority: num(d.priority),
    exclusive: d.exclusive,
    waitForReturnWindow: d.waitForReturnWindow,
    holdoutPercent: num(d.holdoutPercent),
  };
}

/** A new rule, or an existing one: the editor, its status, its versions and the dry run. */
export function RulePage({ params }: { params: Record<string, string> }) {
  const id = params.id;
  const editor = useQuery(RuleEditorDataDocument, {});
  const rule = useQuery(RewardRuleDocument, { id: id ?? '' }, { skip: !id });
  if (editor.error || rule.error)
    return (
      <Page title="Reward rule">
        <ErrorBox error={editor.error ?? rule.error} />
      </Page>
    );
  if (!editor.data || (id && !rule.data)) return <Loading what="Loading the rule" />;
  if (id && !rule.data?.rewardRule)
    return (
      <Page title="Rule not found">
        <p>
          No such rule. <Link href="/rules">All rules</Link>
        </p>
      </Page>
    );
  return (
    <Editor key={id ?? 'new'} data={editor.data} rule={rule.data?.rewardRule ?? null} onSaved={rule.reload} />
  );
}

function Editor({
  data,
  rule,
  onSaved,
}: {
  data: RuleEditorDataQuery;
  rule: Rule | null;
  onSaved: () => void;
}) {
  const { program } = useSession();
  const can = useCan();
  const c = data.rewardRuleCatalogue;
  const refs: References = { catalogItems: data.catalogItems, tiers: data.tiers, currency: program.currency };
  const [draft, setDraft] = useState<Draft>(() => (rule ? fromRule(rule, c, refs) : emptyDraft(c)));
  const [saved, setSaved] = useState<string | null>(null);
  const [reading, setReading] = useState<string | null>(null);
  const [create, createState] = useMutation(CreateRewardRuleDocument);
  const [update, updateState] = useMutation(UpdateRewardRuleDocument);
  const [activate, activateState] = useMutation(ActivateRewardRuleDocument);
  const [pause, pauseState] = useMutation(PauseRewardRuleDocument);
  const [archive, archiveState] = useMutation(ArchiveRewardRuleDocument);
  // The draft has a shape of its own; the form keeps the API's error and its fields' paths.
  const f = useForm({}, createState, updateState);
  const error = f.error;
  const mayEdit = rule
    ? can('Mutation.updateRewardRule') && rule.status !== 'ARCHIVED'
    : can('Mutation.createRewardRule');
  const definition = toDefinition(draft, c, refs);
  const defKey = JSON.stringify(definition);

  // The API reads the definition back in words as it is edited ("Purchase total is at least $20.00").
  // `defKey` stands for `definition` (a new object on every render).
  useEffect(() => {
    const t = setTimeout(() => {
      request(ValidateRewardRuleDocument, { input: { definition } }).then(
        (r) => setReading(r.validateRewardRule.conditions || 'every time the trigger happens'),
        () => setReading(null),
      );
    }, 400);
    return () => clearTimeout(t);
  }, [defKey]);

  const set = (patch: Partial<Draft>) => {
    setSaved(null);
    setDraft((d) => ({ ...d, ...patch }));
  };
  const P = 'input.definition';
  f.claim('input.name', 'input.label', `${P}.trigger`, `${P}.conditions`, `${P}.actions`, `${P}.limits`);
  f.claim(`${P}.priority`, `${P}.holdoutPercent`);

  const save = async () => {
    if (!rule) {
      const r = await create({ input: { name: draft.name, label: draft.label, definition } });
      if (r) navigate(`/rules/${r.createRewardRule.id}`, { replace: true });
      return;
    }
    const r = await update({ input: { id: rule.id, name: draft.name, label: draft.label, definition } });
    if (r) {
      setSaved(
        r.updateRewardRule.version > rule.version
          ? `Saved as version ${r.updateRewardRule.version}; it applies from now on.`
          : 'Saved.',
      );
      onSaved();
    }
  };

  const move = async (run: (v: { input: { id: string } }) => Promise<unknown>, verb: string) => {
    if (!rule) return;
    if (await run({ input: { id: rule.id } })) {
      setSaved(`Rule ${verb}.`);
      onSaved();
    }
  };
  const moveError = activateState.error ?? pauseState.error ?? archiveState.error;

  return (
    <Page
      title={rule ? rule.name : 'New reward rule'}
      actions={rule ? <Badge kind={rule.status.toLowerCase()}>{sentenceCase(rule.status)}</Badge> : null}
    >
      <p>
        <Link href="/rules">All rules</Link>
      </p>
      {saved ? <Notice>{saved}</Notice> : null}
      {rule ? (
        <div class="buttons">
          {(rule.status === 'DRAFT' || rule.status === 'PAUSED') && can('Mutation.activateRewardRule') ? (
            <button
              type="button"
              class="primary"
              disabled={activateState.busy}
              onClick={() => move(activate, 'activated')}
            >
              Activate
            </button>
          ) : null}
          {rule.status === 'ACTIVE' && can('Mutation.pauseRewardRule') ? (
            <button type="button" disabled={pauseState.busy} onClick={() => move(pause, 'paused')}>
              Pause
            </button>
          ) : null}
          {rule.status !== 'ARCHIVED' && can('Mutation.archiveRewardRule') ? (
            <button
              type="button"
              class="danger"
              disabled={archiveState.busy}
              onClick={() => {
                if (window.confirm('Archive this rule? It stops for good; its history stays.'))
                  void move(archive, 'archived');
              }}
            >
              Archive
            </button>
          ) : null}
        </div>
      ) : null}
      <FormError error={moveError} />

      {/* The API checks the definition and says what is wrong at each field (noValidate). */}
      <ApiForm
        form={f}
        onSubmit={save}
        class="card"
        label="Rule definition"
        submit={
          mayEdit
            ? rule
              ? rule.status === 'DRAFT'
                ? 'Save draft'
                : 'Save as a new version'
              : 'Create draft'
            : null
        }
      >
        <fieldset disabled={!mayEdit}>
          <legend>About</legend>
          <TextField
            label="Name (for staff)"
            required
            value={draft.name}
            onInput={(e) => set({ name: e.currentTarget.value })}
            errors={issuesAt(error, 'input.name')}
          />
          <TextField
            label="Label (what the customer sees)"
            hint="On the bonus in their history or on the reward, e.g. “Thank you for your 5th visit!”"
            required
            value={draft.label}
            onInput={(e) => set({ label: e.currentTarget.value })}
            errors={issuesAt(error, 'input.label')}
          />
        </fieldset>

        <fieldset disabled={!mayEdit}>
          <legend>When</legend>
          <SelectField
            label="Trigger"
            value={draft.trigger.code}
            onChange={(e) => set({ trigger: { code: e.currentTarget.value, args: {} } })}
            options={c.triggers.map((t) => [t.code, t.description] as const)}
            errors={issuesAt(error, `${P}.trigger.type`)}
          />
          <SchemaFields
            schema={schemaOf(c.triggers, draft.trigger.code)}
            value={draft.trigger.args}
            onChange={(args) => set({ trigger: { ...draft.trigger, args } })}
            path={`${P}.trigger.args`}
            error={error}
            refs={refs}
          />
        </fieldset>

        <fieldset disabled={!mayEdit}>
          <legend>Only if</legend>
          {draft.rawConditions !== undefined ? (
            <>
              <p>
                These conditions use “not” (saved through the API); the form cannot show them, and keeps them
                as they are:
              </p>
              <pre>{JSON.stringify(draft.rawConditions, null, 2)}</pre>
              <button
                type="button"
                onClick={() => set({ rawConditions: undefined, conditions: { match: 'all', items: [] } })}
              >
                Replace them with conditions the form can edit
              </button>
            </>
          ) : (
            <ConditionGroup
              group={draft.conditions}
              onChange={(conditions) => set({ conditions })}
              path={`${P}.conditions`}
              number=""
              error={error}
              catalogue={c}
              refs={refs}
            />
          )}
        </fieldset>

        <fieldset disabled={!mayEdit}>
          <legend>Then</legend>
          {draft.actions.map((b, i) => (
            <div class="block-row" key={`${i}-${b.code}`}>
              <SelectField
                label={`Action ${i + 1}`}
                value={b.code}
                onChange={(e) =>
                  set({
                    actions: draft.actions.map((x, k) =>
                      k === i ? { code: e.currentTarget.value, args: {} } : x,
                    ),
                  })
                }
                options={c.actions.map((t) => [t.code, t.description] as const)}
                errors={issuesAt(error, `${P}.actions.${i}.type`)}
              />
              <SchemaFields
                schema={schemaOf(c.actions, b.code)}
                value={b.args}
                onChange={(args) =>
                  set({ actions: draft.actions.map((x, k) => (k === i ? { ...x, args } : x)) })
                }
                path={`${P}.actions.${i}.args`}
                error={error}
                refs={refs}
              />
              {draft.actions.length > 1 ? (
                <button
                  type="button"
                  onClick={() => set({ actions: draft.actions.filter((_, k) => k !== i) })}
                >
                  Remove action {i + 1}
                </button>
              ) : null}
            </div>
          ))}
          {issuesAt(error, `${P}.actions`).length && !draft.actions.length ? (
            <p class="field-error">{issuesAt(error, `${P}.actions`).join(' ')}</p>
          ) : null}
          <button
            type="button"
            onClick={() => set({ actions: [...draft.actions, { code: c.actions[0]!.code, args: {} }] })}
          >
            Add an action
          </button>
        </fieldset>

        <details
          open={!!(draft.perCustomerTimes || draft.budgetKind || draft.activeFrom || draft.activeUntil)}
        >
          <summary>Limits, budget and schedule</summary>
          <fieldset disabled={!mayEdit}>
            <legend>Limits</legend>
            <div class="args">
              <TextField
                label="Times per customer (optional)"
                type="number"
                min="1"
                value={draft.perCustomerTimes}
                onInput={(e) => set({ perCustomerTimes: e.currentTarget.value })}
                errors={issuesAt(error, `${P}.limits.perCustomer.times`)}
              />
              <TextField
                label="Within days (empty: ever)"
                type="number"
                min="1"
                value={draft.perCustomerPeriodDays}
                onInput={(e) => set({ perCustomerPeriodDays: e.currentTarget.value })}
                errors={issuesAt(error, `${P}.limits.perCustomer.periodDays`)}
              />
              <SelectField
                label="Budget"
                value={draft.budgetKind}
                onChange={(e) => set({ budgetKind: e.currentTarget.value as Draft['budgetKind'] })}
                options={[
                  ['', 'No budget'],
                  ['POINTS', 'Points'],
                  ['REWARDS', 'Rewards'],
                ]}
                errors={issuesAt(error, `${P}.limits.budget.kind`)}
              />
              {draft.budgetKind ? (
                <TextField
                  label={`Budget amount (${draft.budgetKind.toLowerCase()})`}
                  type="number"
                  min="1"
                  required
                  value={draft.budgetAmount}
                  onInput={(e) => set({ budgetAmount: e.currentTarget.value })}
                  errors={issuesAt(error, `${P}.limits.budget.amount`)}
                />
              ) : null}
              <TextField
                label="Active from (optional)"
                type="datetime-local"
                value={draft.activeFrom}
                onInput={(e) => set({ activeFrom: e.currentTarget.value })}
                errors={issuesAt(error, `${P}.limits.activeFrom`)}
              />
              <TextField
                label="Active until (optional)"
                type="datetime-local"
                value={draft.activeUntil}
                onInput={(e) => set({ activeUntil: e.currentTarget.value })}
                errors={issuesAt(error, `${P}.limits.activeUntil`)}
              />
            </div>
          </fieldset>
          <fieldset disabled={!mayEdit}>
            <legend>Order and measurement</legend>
            <div class="args">
              <TextField
                label="Priority (higher first)"
                type="number"
                value={draft.priority}
                onInput={(e) => set({ priority: e.currentTarget.value })}
                errors={issuesAt(error, `${P}.priority`)}
              />
              <TextField
                label="Hold out (percent of customers, 0–50)"
                type="number"
                min="0"
                max="50"
                value={draft.holdoutPercent}
                onInput={(e) => set({ holdoutPercent: e.currentTarget.value })}
                errors={issuesAt(error, `${P}.holdoutPercent`)}
              />
            </div>
            <CheckboxField
              label="Exclusive: no lower-priority rule acts on the same purchase"
              checked={draft.exclusive}
              onChange={(e) => set({ exclusive: e.currentTarget.checked })}
            />
            <CheckboxField
              label="Wait for the return window (a refund cancels it)"
              checked={draft.waitForReturnWindow}
              onChange={(e) => set({ waitForReturnWindow: e.currentTarget.checked })}
            />
          </fieldset>
        </details>

        <p class="reading" aria-live="polite">
          {reading ? (
            <>
              <strong>Reads as:</strong> {sentenceCase(draft.trigger.code)} — {reading}
            </>
          ) : null}
        </p>
      </ApiForm>

      <DryRun definition={definition} label={draft.label} />
      {rule ? <Versions rule={rule} /> : null}
    </Page>
  );
}

type Simulation = SimulateRewardRuleQuery['simulateRewardRule'];

const day = (d: Date) => d.toISOString().slice(0, 10);

/** Replays past purchases against the rule as it stands in the form (saved or not): nothing is written. */
function DryRun({ definition, label }: { definition: unknown; label: string }) {
  const { program } = useSession();
  const settings = useQuery(ReportSettingsDocument, {});
  const [value, setValue] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const f = useForm(
    () => ({ from: day(new Date(Date.now() - 90 * 86_400_000)), to: day(new Date(Date.now() + 86_400_000)) }),
    { busy, error },
  );
  const { from, to } = f.values;
  const [result, setResult] = useState<Simulation | null>(null);
  const pointValue =
    value ??
    (settings.data?.reportSettings.pointValueMinorPer100 != null
      ? String(settings.data.reportSettings.pointValueMinorPer100)
      : '');
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await request(SimulateRewardRuleDocument, {
        input: {
          definition,
          label: label || undefined,
          from: new Date(`${from}T00:00:00`).toISOString(),
          to: new Date(`${to}T00:00:00`).toISOString(),
          pointValueMinorPer100: pointValue === '' ? undefined : Number(pointValue),
        },
      });
      setResult(r.simulateRewardRule);
    } catch (err) {
      setResult(null);
      setError(err instanceof ApiError ? err : new ApiError('INTERNAL_SERVER_ERROR', String(err)));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="card" aria-labelledby="dry-h">
      <h2 id="dry-h">Dry run</h2>
      <p>What this rule, as it stands in the form, would have given on past purchases. Nothing is written.</p>
      <ApiForm
        form={f}
        onSubmit={run}
        submit={busy ? 'Replaying purchases…' : 'Run the dry run'}
        submitClass=""
      >
        <div class="args">
          <TextField label="From" type="date" required {...f.text('from', 'input.from')} />
          <TextField label="Until (not included)" type="date" required {...f.text('to', 'input.to')} />
          <TextField
            label={`Value of 100 points, in ${program.currency} minor units (optional)`}
            type="number"
            min="0"
            value={pointValue}
            onInput={(e) => setValue(e.currentTarget.value)}
            errors={f.at('input.pointValueMinorPer100')}
          />
        </div>
      </ApiForm>
      {result ? <SimulationResult r={result} /> : null}
    </section>
  );
}

/** Every day from the first to the last with a purchase, days without one as zeros: time runs evenly. */
function everyDay(byDay: Simulation['byDay']): Simulation['byDay'] {
  const first = byDay[0];
  const last = byDay.at(-1);
  if (!first || !last) return [];
  const known = new Map(byDay.map((d) => [d.day, d]));
  const out: Simulation['byDay'] = [];
  for (
    let t = Date.parse(`${first.day}T00:00:00Z`);
    t <= Date.parse(`${last.day}T00:00:00Z`);
    t += 86_400_000
  ) {
    const day = new Date(t).toISOString().slice(0, 10);
    out.push(
      known.get(day) ?? {
        day,
        purchases: 0,
        matches: 0,
        points: 0,
        rewards: 0,
        costPoints: 0,
        limitHits: 0,
        budgetHits: 0,
      },
    );
  }
  return out;
}

function SimulationResult({ r }: { r: Simulation }) {
  const { program } = useSession();
  const days = everyDay(r.byDay);
  const labels = days.map((d) => d.day);
  return (
    <div class="simulation" role="status" aria-live="polite">
      <h3>Result</h3>
      <dl class="stats">
        <div>
          <dt>Purchases replayed</dt>
          <dd>{points(r.purchasesReplayed)}</dd>
        </div>
        <div>
          <dt>Matches</dt>
          <dd>{points(r.matches)}</dd>
        </div>
        <div>
          <dt>Customers</dt>
          <dd>{points(r.customersAffected)}</dd>
        </div>
        <div>
          <dt>Points</dt>
          <dd>{points(r.points)}</dd>
        </div>
        <div>
          <dt>Rewards</dt>
          <dd>{points(r.rewards)}</dd>
        </div>
        <div>
          <dt>Cost</dt>
          <dd>
            {points(r.costPoints)} pts
            {r.costMinor != null ? ` · ${money(r.costMinor, program.currency)}` : ''}
          </dd>
        </div>
        <div>
          <dt>Stopped by limit</dt>
          <dd>{points(r.limitHits)}</dd>
        </div>
        <div>
          <dt>Stopped by budget</dt>
          <dd>{points(r.budgetHits)}</dd>
        </div>
      </dl>
      {r.refundCancels ? (
        <p>{r.refundCancels} matches were cancelled by a refund within the return window.</p>
      ) : null}
      {labels.length ? (
        <BarChart
          title="Matches and budget hits per day"
          labels={labels}
          series={[
            { name: 'Matches', values: days.map((d) => d.matches) },
            { name: 'Budget hits', values: days.map((d) => d.budgetHits), alt: true },
          ]}
          summary={`${r.matches} matches and ${r.budgetHits} budget hits from ${labels[0]} to ${labels.at(-1)}`}
        />
      ) : (
        <p>No purchases in this window.</p>
      )}
      {labels.length ? (
        <BarChart
          title="Cost in points per day"
          labels={labels}
          series={[{ name: 'Cost (points)', values: days.map((d) => d.costPoints) }]}
          summary={`${r.costPoints} points of cost in all, at most ${Math.max(0, ...days.map((d) => d.costPoints))} on one day`}
        />
      ) : null}
      {r.sample.length ? (
        <>
          <h3>Sample matches</h3>
          <TableWrap label="Sample matches">
            <table>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Customer</th>
                  <th scope="col">Why</th>
                  <th scope="col" class="num">
                    Points
                  </th>
                  <th scope="col" class="num">
                    Rewards
                  </th>
                </tr>
              </thead>
              <tbody>
                {r.sample.map((m) => (
                  <tr key={m.purchaseId}>
                    <td>{dateTime(m.occurredAt, program.timeZone)}</td>
                    <td>
                      <Link href={`/customers/${m.customerId}`}>Open customer</Link>
                    </td>
                    <td>{m.explanation}</td>
                    <td class="num">{points(m.points)}</td>
                    <td class="num">{points(m.rewards)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </>
      ) : null}
      <p class="meta">Replayed in {r.elapsedMs} ms.</p>
    </div>
  );
}

function Versions({ rule }: { rule: Rule }) {
  const { program } = useSession();
  return (
    <section class="card" aria-labelledby="versions-h">
      <h2 id="versions-h">Versions</h2>
      <ol class="plain">
        {[...rule.versions]
          .sort((a, b) => b.version - a.version)
          .map((v) => (
            <li key={v.id}>
              <details>
                <summary>
                  Version {v.version} · “{v.label}” · {dateTime(v.createdAt, program.timeZone)}
                  {v.version === rule.version ? ' (current)' : ''}
                </summary>
                <pre>{JSON.stringify(v.definition, null, 2)}</pre>
              </details>
            </li>
          ))}
      </ol>
    </section>
  );
}

/**
 * A group of conditions: all or any of them, each a condition or a group of its own (nested as
 * deep as needed). `number` names the group ("" for the top, "2", "2.1"), so every field, button
 * and the API's messages (at `path`.all.1.args…) say which one they are about.
 */
function ConditionGroup({
  group,
  onChange,
  path,
  number,
  error,
  catalogue: c,
  refs,
}: {
  group: Group;
  onChange: (g: Group) => void;
  path: string;
  number: string;
  error: ApiError | null;
  catalogue: Catalogue;
  refs: References;
}) {
  const top = number === '';
  const at = (i: number) => `${path}.${group.match}.${i}`;
  const name = (i: number) => (top ? String(i + 1) : `${number}.${i + 1}`);
  const setItem = (i: number, x: CondItem) =>
    onChange({ ...group, items: group.items.map((y, k) => (k === i ? x : y)) });
  const remove = (i: number) => onChange({ ...group, items: group.items.filter((_, k) => k !== i) });
  const first = c.conditions[0]!.code;
  return (
    <>
      {!top || group.items.length > 1 ? (
        <SelectField
          label={top ? 'Match' : `Match in group ${number}`}
          value={group.match}
          onChange={(e) => onChange({ ...group, match: e.currentTarget.value as 'all' | 'any' })}
          options={[
            ['all', 'All of these'],
            ['any', 'Any of these'],
          ]}
        />
      ) : null}
      {group.items.map((x, i) =>
        x.kind === 'group' ? (
          <fieldset class="condition-group" key={`${i}-group`}>
            <legend>
              Group {name(i)}: {x.match === 'all' ? 'all' : 'any'} of these
            </legend>
            <ConditionGroup
              group={x}
              onChange={(g) => setItem(i, { kind: 'group', ...g })}
              path={at(i)}
              number={name(i)}
              error={error}
              catalogue={c}
              refs={refs}
            />
            <button type="button" onClick={() => remove(i)}>
              Remove group {name(i)}
            </button>
          </fieldset>
        ) : (
          <div class="block-row" key={`${i}-${x.code}`}>
            <SelectField
              label={`Condition ${name(i)}`}
              value={x.code}
              onChange={(e) => setItem(i, { kind: 'condition', code: e.currentTarget.value, args: {} })}
              options={c.conditions.map((t) => [t.code, t.description] as const)}
              errors={issuesAt(error, `${at(i)}.condition`)}
            />
            <SchemaFields
              schema={schemaOf(c.conditions, x.code)}
              value={x.args}
              onChange={(args) => setItem(i, { ...x, args })}
              path={`${at(i)}.args`}
              error={error}
              refs={refs}
            />
            <button type="button" onClick={() => remove(i)}>
              Remove condition {name(i)}
            </button>
          </div>
        ),
      )}
      {top && !group.items.length ? <p class="hint">No conditions: every time the trigger happens.</p> : null}
      {issuesAt(error, `${path}.${group.match}`)
        .filter(() => !group.items.length)
        .map((m) => (
          <p class="field-error" key={m}>
            {m}
          </p>
        ))}
      <div class="buttons">
        <button
          type="button"
          onClick={() =>
            onChange({ ...group, items: [...group.items, { kind: 'condition', code: first, args: {} }] })
          }
        >
          {top ? 'Add a condition' : `Add a condition to group ${number}`}
        </button>
        <button
          type="button"
          onClick={() =>
            onChange({
              ...group,
              items: [
                ...group.items,
                { kind: 'group', match: 'any', items: [{ kind: 'condition', code: first, args: {} }] },
              ],
            })
          }
        >
          {top ? 'Add a group (all or any of several)' : `Add a group to group ${number}`}
        </button>
      </div>
    </>
  );
}
