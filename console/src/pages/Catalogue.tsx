import { useState } from 'preact/hooks';
import { ApiForm, useForm } from '../form';
import { date, points } from '../format';
import { type CatalogItemFieldsFragment, CatalogueDocument, UpsertCatalogItemDocument } from '../generated';
import { useMutation, useQuery } from '../hooks';
import { useCan, useSession } from '../session';
import { Badge, CheckboxField, ErrorBox, Loading, Notice, Page, TableWrap, TextArea, TextField } from '../ui';

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
  const [upsert, state] = useMutation(UpsertCatalogItemDocument);
  const f = useForm(
    {
      name: item?.name ?? '',
      description: item?.description ?? '',
      cost: item ? String(item.costPoints) : '',
      active: item?.active ?? true,
      validDays: item?.validDays != null ? String(item.validDays) : '',
      from: dayInput(item?.activeFrom ?? null),
      until: dayInput(item?.activeUntil ?? null),
      stock: item?.stock != null ? String(item.stock) : '',
    },
    state,
  );
  const v = f.values;
  const heading = item ? `Edit ${item.name}` : 'Add a reward';
  return (
    <section class="card" aria-labelledby="item-form-h">
      <h2 id="item-form-h">{heading}</h2>
      <ApiForm
        form={f}
        submit={item ? 'Save' : 'Add reward'}
        onSubmit={async () => {
          const r = await upsert({
            input: {
              id: item?.id,
              name: v.name,
              description: v.description || null,
              costPoints: intOrNull(v.cost),
              active: v.active,
              validDays: v.validDays ? intOrNull(v.validDays) : null,
              activeFrom: v.from ? new Date(`${v.from}T00:00:00Z`).toISOString() : null,
              activeUntil: v.until ? new Date(`${v.until}T00:00:00Z`).toISOString() : null,
              stock: v.stock ? intOrNull(v.stock) : null,
            },
          });
          if (r) {
            onSaved(r.upsertCatalogItem.name);
            if (!item) f.reset();
          }
        }}
      >
        <div class="args">
          <TextField label="Name" required {...f.text('name', 'input.name')} />
          <TextField
            label="Cost in points"
            type="number"
            min="1"
            required
            {...f.text('cost', 'input.costPoints')}
          />
          <TextField
            label="Valid for days (empty: no expiry)"
            type="number"
            min="1"
            {...f.text('validDays', 'input.validDays')}
          />
          <TextField
            label="Stock (empty: unlimited)"
            type="number"
            min="0"
            {...f.text('stock', 'input.stock')}
          />
          <TextField label="Available from" type="date" {...f.text('from', 'input.activeFrom')} />
          <TextField label="Available until" type="date" {...f.text('until', 'input.activeUntil')} />
        </div>
        <TextArea label="Description (optional)" rows={2} {...f.text('description', 'input.description')} />
        <CheckboxField label="Active: customers can redeem it" {...f.check('active')} />
      </ApiForm>
    </section>
  );
}
