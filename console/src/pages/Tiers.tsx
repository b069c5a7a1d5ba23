import { useState } from 'preact/hooks';
import { issuesAt } from '../api';
import { ApiForm, useForm } from '../form';
import { money, points } from '../format';
import {
  ArchiveTierDocument,
  CreateTierDocument,
  DeleteTierDocument,
  type TierFieldsFragment,
  type TierMetric,
  TiersPageDocument,
  type TiersPageQuery,
  type TierWindowKind,
  UpdateTierDocument,
  UpdateTierSettingsDocument,
} from '../generated';
import { useMutation, useQuery } from '../hooks';
import { useCan, useSession } from '../session';
import {
  Badge,
  ErrorBox,
  FormError,
  Loading,
  Notice,
  Page,
  SelectField,
  TableWrap,
  TextArea,
  TextField,
} from '../ui';
import { intOrNull } from './Catalogue';

const METRICS = [
  ['VISITS', 'Visits (days with a purchase)'],
  ['SPEND', 'Money spent'],
  ['POINTS', 'Points earned'],
] as const;

function digits(currency: string): number {
  return (
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2
  );
}

/** Tiers with what they take to reach and keep, and the rules for moving down. */
export function TiersPage() {
  const can = useCan();
  const { data, error, reload } = useQuery(TiersPageDocument, {});
  const [saved, setSaved] = useState<string | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const mayEdit = can('Mutation.updateTier');
  const done = (msg: string) => {
    setSaved(msg);
    setEditing(null);
    reload();
  };
  return (
    <Page title="Tiers">
      <ErrorBox error={error} />
      {saved ? <Notice>{saved}</Notice> : null}
      {!data && !error ? <Loading /> : null}
      {data ? (
        <>
          {data.tiers.length ? (
            <TierTable
              data={data}
              mayEdit={mayEdit}
              editing={editing}
              setEditing={setEditing}
              onDone={done}
            />
          ) : (
            <p>No tiers: customers earn points and rewards without levels.</p>
          )}
          {mayEdit && editing ? (
            <TierForm
              key={editing}
              tier={data.tiers.find((t) => t.id === editing) ?? null}
              items={data.catalogItems}
              onSaved={(name) => done(`Saved ${name}: a new version applies from now on.`)}
            />
          ) : null}
          {can('Mutation.createTier') && !editing ? (
            <TierForm
              key="new"
              tier={null}
              items={data.catalogItems}
              onSaved={(name) => done(`Added ${name}.`)}
            />
          ) : null}
          {can('Mutation.updateTierSettings') ? (
            <Settings settings={data.tierSettings} onSaved={() => done('Settings saved.')} />
          ) : null}
        </>
      ) : null}
    </Page>
  );
}

function TierTable({
  data,
  mayEdit,
  editing,
  setEditing,
  onDone,
}: {
  data: TiersPageQuery;
  mayEdit: boolean;
  editing: string | null;
  setEditing: (id: string | null) => void;
  onDone: (msg: string) => void;
}) {
  const { program } = useSession();
  const threshold = (t: TierFieldsFragment) =>
    t.metric === 'SPEND'
      ? money(t.threshold, program.currency)
      : `${points(t.threshold)} ${t.metric === 'VISITS' ? 'visits' : 'points'}`;
  return (
    <TableWrap label="Tiers">
      <table>
        <thead>
          <tr>
            <th scope="col">Tier</th>
            <th scope="col">Reached with</th>
            <th scope="col">Counted over</th>
            <th scope="col" class="num">
              Earns
            </th>
            <th scope="col">Welcome reward</th>
            <th scope="col">
              <span class="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {data.tiers.map((t) => (
            <tr key={t.id}>
              <td>
                {t.name} {t.archivedAt ? <Badge kind="archived">Archived</Badge> : null}
                <div class="meta">
                  rank {t.rank} · version {t.version}
                  {t.benefits ? ` · ${t.benefits}` : ''}
                </div>
              </td>
              <td>{threshold(t)}</td>
              <td>
                {t.window.kind === 'CALENDAR_YEAR' ? 'the calendar year' : `the last ${t.window.days} days`}
              </td>
              <td class="num">{(t.earnMultiplierPercent / 100).toFixed(2).replace(/\.?0+$/, '')}×</td>
              <td>{t.welcomeReward?.name ?? '—'}</td>
              <td>
                {mayEdit && !t.archivedAt ? (
                  <div class="buttons">
                    <button type="button" onClick={() => setEditing(editing === t.id ? null : t.id)}>
                      {editing === t.id ? 'Close' : `Edit ${t.name}`}
                    </button>
                    <Retire
                      tier={t}
                      others={data.tiers.filter((x) => x.id !== t.id && !x.archivedAt)}
                      onDone={onDone}
                    />
                  </div>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

/** Archive (holders move to another tier) or, for a tier nobody ever held, delete. */
function Retire({
  tier,
  others,
  onDone,
}: {
  tier: TierFieldsFragment;
  others: TierFieldsFragment[];
  onDone: (msg: string) => void;
}) {
  const [open, setOpen] = useState(false);
  const [moveTo, setMoveTo] = useState(others[0]?.id ?? '');
  const [archive, archiveState] = useMutation(ArchiveTierDocument);
  const [remove, removeState] = useMutation(DeleteTierDocument);
  if (!open)
    return (
      <button type="button" onClick={() => setOpen(true)}>
        Retire {tier.name}…
      </button>
    );
  return (
    <div class="subform">
      <FormError error={archiveState.error ?? removeState.error} claimed={['input.moveHoldersTo']} />
      <SelectField
        label="Move its holders to"
        value={moveTo}
        onChange={(e) => setMoveTo(e.currentTarget.value)}
        options={[['', 'No tier'], ...others.map((o) => [o.id, o.name] as const)]}
        errors={issuesAt(archiveState.error, 'input.moveHoldersTo')}
      />
      <div class="buttons">
        <button
          type="button"
          disabled={archiveState.busy}
          onClick={async () => {
            const r = await archive({ input: { id: tier.id, moveHoldersTo: moveTo || null } });
            if (r) onDone(`Archived ${tier.name}; ${r.archiveTier.customersMoved} customers moved.`);
          }}
        >
          Archive
        </button>
        <button
          type="button"
          class="danger"
          disabled={removeState.busy}
          onClick={async () => {
            if (await remove({ input: { id: tier.id } })) onDone(`Deleted ${tier.name}.`);
          }}
        >
          Delete (never held)
        </button>
        <button type="button" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </div>
  );
}

function TierForm({
  tier,
  items,
  onSaved,
}: {
  tier: TierFieldsFragment | null;
  items: TiersPageQuery['catalogItems'];
  onSaved: (name: string) => void;
}) {
  const { program } = useSession();
  const d = digits(program.currency);
  const [create, createState] = useMutation(CreateTierDocument);
  const [update, updateState] = useMutation(UpdateTierDocument);
  const f = useForm(
    {
      name: tier?.name ?? '',
      rank: tier ? String(tier.rank) : '',
      metric: (tier?.metric ?? 'VISITS') as string,
      threshold: tier ? String(tier.metric === 'SPEND' ? tier.threshold / 10 ** d : tier.threshold) : '',
      windowKind: (tier?.window.kind ?? 'ROLLING_DAYS') as string,
      windowDays: tier?.window.days != null ? String(tier.window.days) : '365',
      multiplier: String(tier?.earnMultiplierPercent ?? 100),
      benefits: tier?.benefits ?? '',
      welcome: tier?.welcomeReward?.id ?? '',
    },
    createState,
    updateState,
  );
  const v = f.values;
  const metric = v.metric as TierMetric;
  const windowKind = v.windowKind as TierWindowKind;
  const thresholdValue =
    metric === 'SPEND'
      ? (() => {
          const n = Number(v.threshold.replace(',', '.'));
          return (v.threshold.trim() && Number.isFinite(n) ? Math.round(n * 10 ** d) : null) as number;
        })()
      : intOrNull(v.threshold);
  const fields = {
    name: v.name,
    rank: intOrNull(v.rank),
    metric,
    threshold: thresholdValue,
    window: { kind: windowKind, days: windowKind === 'ROLLING_DAYS' ? intOrNull(v.windowDays) : null },
    earnMultiplierPercent: intOrNull(v.multiplier),
    benefits: v.benefits || null,
    welcomeCatalogItemId: v.welcome || null,
  };
  return (
    <section class="card" aria-labelledby="tier-form-h">
      <h2 id="tier-form-h">{tier ? `Edit ${tier.name}` : 'Add a tier'}</h2>
      <ApiForm
        form={f}
        submit={tier ? 'Save as a new version' : 'Add tier'}
        onSubmit={async () => {
          const r = tier
            ? await update({ input: { id: tier.id, ...fields } })
            : await create({ input: fields });
          if (r) onSaved(v.name);
        }}
      >
        <div class="args">
          <TextField label="Name" required {...f.text('name', 'input.name')} />
          <TextField
            label="Rank (higher is better)"
            type="number"
            required
            {...f.text('rank', 'input.rank')}
          />
          <SelectField label="Reached by" options={METRICS} {...f.select('metric', 'input.metric')} />
          <TextField
            label={
              metric === 'SPEND'
                ? `Threshold in ${program.currency}`
                : `Threshold (${metric === 'VISITS' ? 'visits' : 'points'})`
            }
            type="number"
            step={metric === 'SPEND' ? '0.01' : '1'}
            required
            {...f.text('threshold', 'input.threshold')}
          />
          <SelectField
            label="Counted over"
            options={[
              ['ROLLING_DAYS', 'The last N days'],
              ['CALENDAR_YEAR', 'The calendar year'],
            ]}
            {...f.select('windowKind', 'input.window.kind')}
          />
          {windowKind === 'ROLLING_DAYS' ? (
            <TextField
              label="Days (N)"
              type="number"
              min="1"
              {...f.text('windowDays', 'input.window.days')}
            />
          ) : null}
          <TextField
            label="Points multiplier (%; 150 earns 1.5×)"
            type="number"
            min="100"
            {...f.text('multiplier', 'input.earnMultiplierPercent')}
          />
          <SelectField
            label="Welcome reward"
            options={[
              ['', 'None'],
              ...items.map((i) => [i.id, `${i.name}${i.active ? '' : ' (inactive)'}`] as const),
            ]}
            {...f.select('welcome', 'input.welcomeCatalogItemId')}
          />
        </div>
        <TextArea
          label="Benefits (what members are told)"
          rows={2}
          {...f.text('benefits', 'input.benefits')}
        />
      </ApiForm>
    </section>
  );
}

function Settings({ settings, onSaved }: { settings: TiersPageQuery['tierSettings']; onSaved: () => void }) {
  const [save, state] = useMutation(UpdateTierSettingsDocument);
  const f = useForm(
    { grace: String(settings.graceDays), maxDown: String(settings.maxDowngradeRanks) },
    state,
  );
  return (
    <section class="card" aria-labelledby="tier-settings-h">
      <h2 id="tier-settings-h">Moving down</h2>
      <ApiForm
        form={f}
        submit="Save"
        submitClass=""
        onSubmit={async () => {
          const input = {
            graceDays: intOrNull(f.values.grace),
            maxDowngradeRanks: intOrNull(f.values.maxDown),
          };
          if (await save({ input })) onSaved();
        }}
      >
        <div class="args">
          <TextField
            label="Grace days before moving down"
            type="number"
            min="0"
            {...f.text('grace', 'input.graceDays')}
          />
          <TextField
            label="At most this many tiers down at once"
            type="number"
            min="1"
            {...f.text('maxDown', 'input.maxDowngradeRanks')}
          />
        </div>
      </ApiForm>
    </section>
  );
}
