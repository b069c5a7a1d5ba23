import { useState } from 'preact/hooks';
import { issuesAt } from '../api';
import { date, points } from '../format';
import { type CatalogItemFieldsFragment, CatalogueDocument, UpsertCatalogItemDocument } from '../generated';
import { useMutation, useQuery } from '../hooks';
import { useCan, useSession } from '../session';
import {
  Badge,
  CheckboxField,
  ErrorBox,
  FormError,
  Loading,
  Notice,
  Page,
  TableWrap,
  TextArea,
  TextField,
} from '../ui';

/**
 * A whole number as typed, or null when the field is empty. Something that is not a number is
 * sent as null too: GraphQL refuses it and the API's message lands at the field.
 */
export function intOrNull(s: string): number {
  const n = Number(s);
  return (s.trim() === '' || !Number.isFinite(n) ? null : n) as number;
}

const dayInput = (iso: string | null) => (iso ? iso.slice(0, 10) : '');

/** The rewards customers spend points on (and rules and tiers give away). */
export function CataloguePage() {
  const can = useCan();
  const { program } = useSession();
  const { data, error, reload } = useQuery(CatalogueDocument, {});
  const [editing, setEditing] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const mayEdit = can('Mutation.upsertCatalogItem');
  return (
    <Page title="Rewards catalogue">
      <ErrorBox error={error} />
      {saved ? <Notice>{saved}</Notice> : null}
      {!data && !error ? <Loading /> : null}
      {data && !data.catalogItems.length ? <p>No rewards yet.</p> : null}
      {data?.catalogItems.length ? (
        <TableWrap label="Catalogue">
          <table>
            <thead>
              <tr>
                <th scope="col">Reward</th>
                <th scope="col" class="num">
                  Cost
                </th>
                <th scope="col">Status</th>
                <th scope="col">Valid for</th>
                <th scope="col">Available</th>
                <th scope="col" class="num">
                  Stock
                </th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {data.catalogItems.map((i) => (
                <tr key={i.id}>
                  <td>
                    {i.name}
                    {i.description ? <div class="meta">{i.description}</div> : null}
                  </td>
                  <td class="num">{points(i.costPoints)} pts</td>
                  <td>
                    <Badge kind={i.active ? 'active' : 'paused'}>{i.active ? 'Active' : 'Inactive'}</Badge>
                  </td>
                  <td>{i.validDays ? `${i.validDays} days` : 'no expiry'}</td>
                  <td>
                    {i.activeFrom || i.activeUntil
                      ? `${i.activeFrom ? `from ${date(i.activeFrom, program.timeZone)}` : ''} ${i.activeUntil ? `until ${date(i.activeUntil, program.timeZone)}` : ''}`
                      : 'always'}
                  </td>
                  <td class="num">{i.stock == null ? 'unlimited' : points(i.stock)}</td>
                  <td>
                    {mayEdit ? (
                      <button type="button" onClick={() => setEditing(editing === i.id ? null : i.id)}>
                        {editing === i.id ? 'Close' : `Edit ${i.name}`}
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
      {mayEdit && editing && data ? (
        <ItemForm
          key={editing}
          item={data.catalogItems.find((i) => i.id === editing) ?? null}
          onSaved={(name) => {
            setSaved(`Saved ${name}.`);
            setEditing(null);
            reload();
          }}
        />
      ) : null}
      {mayEdit && !editing ? (
        <ItemForm
          key="new"
          item={null}
          onSaved={(name) => {
            setSaved(`Added ${name}.`);
            reload();
          }}
        />
      ) : null}
    </Page>
  );
}

function ItemForm({
  item,
  onSaved,
}: {
  item: CatalogItemFieldsFragment | null;
  onSaved: (name: string) => void;
}) {
  const [name, setName] = useState(item?.name ?? '');
  const [description, setDescription] = useState(item?.description ?? '');
  const [cost, setCost] = useState(item ? String(item.costPoints) : '');
  const [active, setActive] = useState(item?.active ?? true);
  const [validDays, setValidDays] = useState(item?.validDays != null ? String(item.validDays) : '');
  const [from, setFrom] = useState(dayInput(item?.activeFrom ?? null));
  const [until, setUntil] = useState(dayInput(item?.activeUntil ?? null));
  const [stock, setStock] = useState(item?.stock != null ? String(item.stock) : '');
  const [upsert, { busy, error }] = useMutation(UpsertCatalogItemDocument);
  const heading = item ? `Edit ${item.name}` : 'Add a reward';
  return (
    <section class="card" aria-labelledby="item-form-h">
      <h2 id="item-form-h">{heading}</h2>
      <form
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          const r = await upsert({
            input: {
              id: item?.id,
              name,
              description: description || null,
              costPoints: intOrNull(cost),
              active,
              validDays: validDays ? intOrNull(validDays) : null,
              activeFrom: from ? new Date(`${from}T00:00:00Z`).toISOString() : null,
              activeUntil: until ? new Date(`${until}T00:00:00Z`).toISOString() : null,
              stock: stock ? intOrNull(stock) : null,
            },
          });
          if (r) {
            onSaved(r.upsertCatalogItem.name);
            if (!item) {
              setName('');
              setDescription('');
              setCost('');
              setValidDays('');
              setFrom('');
              setUntil('');
              setStock('');
            }
          }
        }}
      >
        <FormError
          error={error}
          claimed={[
            'input.name',
            'input.description',
            'input.costPoints',
            'input.validDays',
            'input.activeFrom',
            'input.activeUntil',
            'input.stock',
          ]}
        />
        <div class="args">
          <TextField
            label="Name"
            required
            value={name}
            onInput={(e) => setName(e.currentTarget.value)}
            errors={issuesAt(error, 'input.name')}
          />
          <TextField
            label="Cost in points"
            type="number"
            min="1"
            required
            value={cost}
            onInput={(e) => setCost(e.currentTarget.value)}
            errors={issuesAt(error, 'input.costPoints')}
          />
          <TextField
            label="Valid for days (empty: no expiry)"
            type="number"
            min="1"
            value={validDays}
            onInput={(e) => setValidDays(e.currentTarget.value)}
            errors={issuesAt(error, 'input.validDays')}
          />
          <TextField
            label="Stock (empty: unlimited)"
            type="number"
            min="0"
            value={stock}
            onInput={(e) => setStock(e.currentTarget.value)}
            errors={issuesAt(error, 'input.stock')}
          />
          <TextField
            label="Available from"
            type="date"
            value={from}
            onInput={(e) => setFrom(e.currentTarget.value)}
            errors={issuesAt(error, 'input.activeFrom')}
          />
          <TextField
            label="Available until"
            type="date"
            value={until}
            onInput={(e) => setUntil(e.currentTarget.value)}
            errors={issuesAt(error, 'input.activeUntil')}
          />
        </div>
        <TextArea
          label="Description (optional)"
          rows={2}
          value={description}
          onInput={(e) => setDescription(e.currentTarget.value)}
          errors={issuesAt(error, 'input.description')}
        />
        <CheckboxField
          label="Active: customers can redeem it"
          checked={active}
          onChange={(e) => setActive(e.currentTarget.checked)}
        />
        <button type="submit" class="primary" disabled={busy}>
          {item ? 'Save' : 'Add reward'}
        </button>
      </form>
    </section>
  );
}
