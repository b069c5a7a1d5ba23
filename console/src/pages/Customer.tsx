import { useState } from 'preact/hooks';
import { ApiForm, useForm } from '../form';
import { channel, date, dateTime, fullName, idempotencyKey, money, points, sentenceCase } from '../format';
import {
  AddNoteDocument,
  AdjustPointsDocument,
  CustomerDetailDocument,
  type CustomerDetailQuery,
  CustomerFeedbackDocument,
  CustomerLedgerDocument,
  type CustomerLedgerQuery,
  CustomerMessagesDocument,
  CustomerPurchasesDocument,
  CustomerTasksDocument,
  type NoteFieldsFragment,
  UpdateNoteDocument,
} from '../generated';
import { useMutation, usePaged, useQuery } from '../hooks';
import { Link } from '../router';
import { useCan, useSession } from '../session';
import {
  Badge,
  CheckboxField,
  ErrorBox,
  FormError,
  Loading,
  MoreButton,
  Notice,
  Page,
  TableWrap,
  TextArea,
  TextField,
} from '../ui';
import { FeedbackThread, SurveyAnswer, TaskCard } from './Feedback';

type Customer = NonNullable<CustomerDetailQuery['customer']>;
type Entry = NonNullable<CustomerLedgerQuery['customer']>['ledger']['edges'][number]['node'];

const METRIC_UNIT: Record<string, string> = { SPEND: 'spent', POINTS: 'points', VISITS: 'visits' };

/** Everything about one customer that staff need at the counter or on the phone. */
export function CustomerPage({ params }: { params: Record<string, string> }) {
  const id = params.id!;
  const { data, error, loading, reload } = useQuery(CustomerDetailDocument, { id });
  if (loading && !data) return <Loading what="Loading the customer" />;
  if (error && !data)
    return (
      <Page title="Customer">
        <ErrorBox error={error} />
      </Page>
    );
  const c = data?.customer;
  if (!c)
    return (
      <Page title="Customer not found">
        <p>
          No customer with this id in your programme. <Link href="/customers">Search again</Link>.
        </p>
      </Page>
    );
  return (
    <Page title={fullName(c)}>
      <Profile c={c} />
      <div class="grid-2">
        <Balance c={c} onChange={reload} />
        <TierCard c={c} />
      </div>
      <Notes customerId={c.id} notes={c.notes} onChange={reload} />
      <FeedbackSection customerId={c.id} />
      <Ledger customerId={c.id} />
      <Rewards c={c} />
      <Purchases customerId={c.id} />
      <Messages customerId={c.id} />
    </Page>
  );
}

function Profile({ c }: { c: Customer }) {
  const { program } = useSession();
  const p = c.preferences;
  return (
    <section aria-labelledby="profile-h" class="card">
      <h2 id="profile-h">Contact</h2>
      <dl class="facts">
        <dt>Email</dt>
        <dd>{c.email ?? '—'}</dd>
        <dt>Phone</dt>
        <dd>{c.phone ?? '—'}</dd>
        <dt>Customer no.</dt>
        <dd>{c.externalId ?? '—'}</dd>
        <dt>Member since</dt>
        <dd>{date(c.enrolledAt, program.timeZone)}</dd>
        {c.birthday ? (
          <>
            <dt>Birthday</dt>
            <dd>{c.birthday}</dd>
          </>
        ) : null}
        <dt>Prefers</dt>
        <dd>{p.preferredChannel ? channel(p.preferredChannel) : 'no preference'}</dd>
        <dt>Consent</dt>
        <dd>
          {p.consents.length
            ? p.consents.map((k) => `${channel(k.channel)}: ${k.state.toLowerCase()}`).join(', ')
            : 'none recorded'}
          {p.smsOnlyAfterInbound ? '; texts only after they text first' : ''}
        </dd>
      </dl>
    </section>
  );
}

function Balance({ c, onChange }: { c: Customer; onChange: () => void }) {
  const { program } = useSession();
  const can = useCan();
  const b = c.balance;
  return (
    <section aria-labelledby="balance-h" class="card">
      <h2 id="balance-h">Points</h2>
      <dl class="stats">
        <div>
          <dt>Available</dt>
          <dd>{points(b.available)}</dd>
        </div>
        <div>
          <dt>Pending</dt>
          <dd>{points(b.pending)}</dd>
        </div>
        <div>
          <dt>Earned in all</dt>
          <dd>{points(b.lifetimeEarned)}</dd>
        </div>
      </dl>
      {b.pending > 0 ? (
        <p class="hint">Pending points become available once the return window has passed.</p>
      ) : null}
      <h3>Expiring in the next 30 days</h3>
      {b.expiringSoon.length ? (
        <ul>
          {b.expiringSoon.map((x) => (
            <li key={x.expiresAt}>
              {points(x.points)} points on {date(x.expiresAt, program.timeZone)}
            </li>
          ))}
        </ul>
      ) : (
        <p>None.</p>
      )}
      {can('Mutation.adjustPoints') ? <AdjustForm customerId={c.id} onDone={onChange} /> : null}
    </section>
  );
}

function AdjustForm({ customerId, onDone }: { customerId: string; onDone: () => void }) {
  const [open, setOpen] = useState(false);
  const [key, setKey] = useState(() => idempotencyKey('adjust'));
  const [adjust, state] = useMutation(AdjustPointsDocument);
  const f = useForm({ amount: '', reason: '' }, state);
  const [done, setDone] = useState<string | null>(null);
  if (!open)
    return (
      <>
        {done ? <Notice>{done}</Notice> : null}
        <button type="button" onClick={() => setOpen(true)}>
          Adjust points…
        </button>
      </>
    );
  return (
    <ApiForm
      class="subform"
      form={f}
      submit="Adjust"
      buttons={
        <button type="button" onClick={() => setOpen(false)}>
          Cancel
        </button>
      }
      onSubmit={async () => {
        const n = Number(f.values.amount);
        const amount = Number.isFinite(n) ? Math.trunc(n) : 0;
        const r = await adjust({
          input: { idempotencyKey: key, customerId, points: amount, reason: f.values.reason },
        });
        if (r) {
          setDone(`Adjusted by ${points(amount, true)} points.`);
          setOpen(false);
          f.reset();
          setKey(idempotencyKey('adjust'));
          onDone();
        }
      }}
    >
      <TextField
        label="Points (negative to take away)"
        type="number"
        step={1}
        required
        {...f.text('amount', 'input.points')}
      />
      <TextField
        label="Reason (the customer sees it in their history)"
        required
        {...f.text('reason', 'input.reason')}
      />
    </ApiForm>
  );
}

function TierCard({ c }: { c: Customer }) {
  const { program } = useSession();
  const p = c.tierProgress;
  const fmt = (n: number, metric: string) =>
    metric === 'SPEND' ? money(n, program.currency) : `${points(n)} ${METRIC_UNIT[metric] ?? ''}`;
  return (
    <section aria-labelledby="tier-h" class="card">
      <h2 id="tier-h">Tier</h2>
      <p class="big">{c.tier?.name ?? 'No tier yet'}</p>
      {p ? (
        <>
          <label for="tier-progress">
            Progress to {p.next.name}: {fmt(p.current, p.metric)} of {fmt(p.required, p.metric)}
          </label>
          <progress id="tier-progress" max={p.required} value={Math.min(p.current, p.required)} />
          <p>{fmt(p.remaining, p.metric)} to go.</p>
        </>
      ) : c.tier ? (
        <p>The top tier.</p>
      ) : null}
    </section>
  );
}

function Notes({
  customerId,
  notes,
  onChange,
}: {
  customerId: string;
  notes: NoteFieldsFragment[];
  onChange: () => void;
}) {
  const can = useCan();
  const mayWrite = can('Mutation.addCustomerNote');
  const [add, state] = useMutation(AddNoteDocument);
  const f = useForm({ body: '', pinned: false }, state);
  return (
    <section aria-labelledby="notes-h" class="card">
      <h2 id="notes-h">Notes</h2>
      {notes.length ? (
        <ul class="notes">
          {notes.map((n) => (
            <Note key={n.id} note={n} mayWrite={mayWrite} onChange={onChange} />
          ))}
        </ul>
      ) : (
        <p>No notes yet.</p>
      )}
      {mayWrite ? (
        <ApiForm
          class="subform"
          form={f}
          submit="Add note"
          onSubmit={async () => {
            if (await add({ input: { customerId, body: f.values.body, pinned: f.values.pinned } })) {
              f.reset();
              onChange();
            }
          }}
        >
          <TextArea
            label="Add a note"
            hint="Plain text staff see at the next visit, e.g. “ask about the new dog”."
            rows={2}
            required
            {...f.text('body', 'input.body')}
          />
          <CheckboxField label="Pin it to the top" {...f.check('pinned')} />
        </ApiForm>
      ) : null}
    </section>
  );
}

function Note({
  note,
  mayWrite,
  onChange,
}: {
  note: NoteFieldsFragment;
  mayWrite: boolean;
  onChange: () => void;
}) {
  const { program } = useSession();
  const [editing, setEditing] = useState(false);
  const [update, state] = useMutation(UpdateNoteDocument);
  const { busy, error } = state;
  const f = useForm({ body: note.body }, state);
  return (
    <li class={note.pinned ? 'pinned' : ''}>
      {editing ? (
        <ApiForm
          form={f}
          submit="Save"
          buttons={
            <button type="button" onClick={() => setEditing(false)}>
              Cancel
            </button>
          }
          onSubmit={async () => {
            if (await update({ input: { noteId: note.id, body: f.values.body } })) {
              setEditing(false);
              onChange();
            }
          }}
        >
          <TextArea label="Note" rows={2} {...f.text('body', 'input.body')} />
        </ApiForm>
      ) : (
        <>
          {note.pinned ? <Badge kind="pin">Pinned</Badge> : null}
          <p class="note-body">{note.body}</p>
          <p class="meta">
            {note.author} · {dateTime(note.updatedAt, program.timeZone)}
          </p>
          {mayWrite ? (
            <div class="buttons">
              <button type="button" onClick={() => setEditing(true)}>
                Edit
              </button>
              <button
                type="button"
                disabled={busy}
                onClick={async () => {
                  if (await update({ input: { noteId: note.id, pinned: !note.pinned } })) onChange();
                }}
              >
                {note.pinned ? 'Unpin' : 'Pin'}
              </button>
            </div>
          ) : null}
          <FormError error={editing ? null : error} />
        </>
      )}
    </li>
  );
}

/** Surveys, feedback threads and follow-up tasks of this customer, with the actions on them. */
function FeedbackSection({ customerId }: { customerId: string }) {
  const can = useCan();
  const fb = useQuery(CustomerFeedbackDocument, { id: customerId }, { skip: !can('Query.surveyResponses') });
  const tasks = useQuery(CustomerTasksDocument, { id: customerId }, { skip: !can('Query.followUpTasks') });
  const surveys = fb.data?.surveyResponses.edges.map((e) => e.node) ?? [];
  const items = fb.data?.feedbackItems.edges.map((e) => e.node) ?? [];
  const open = tasks.data?.followUpTasks.edges.map((e) => e.node) ?? [];
  return (
    <section aria-labelledby="fb-h" class="card">
      <h2 id="fb-h">Surveys and feedback</h2>
      <ErrorBox error={fb.error ?? tasks.error} />
      {fb.loading && !fb.data ? <Loading /> : null}
      {can('Query.followUpTasks') ? (
        <>
          <h3>Follow-up tasks</h3>
          {open.length ? (
            open.map((t) => <TaskCard key={t.id} task={t} onChange={tasks.reload} showCustomer={false} />)
          ) : (
            <p>No follow-up tasks.</p>
          )}
        </>
      ) : null}
      <h3>Survey answers</h3>
      {surveys.length ? (
        <ul class="plain">
          {surveys.map((s) => (
            <li key={s.id}>
              <SurveyAnswer survey={s} />
            </li>
          ))}
        </ul>
      ) : (
        <p>No surveys sent.</p>
      )}
      {can('Query.feedbackItems') ? (
        <>
          <h3>Feedback</h3>
          {items.length ? (
            items.map((f) => <FeedbackThread key={f.id} item={f} onChange={fb.reload} showCustomer={false} />)
          ) : (
            <p>No feedback from this customer.</p>
          )}
        </>
      ) : null}
    </section>
  );
}

const KIND_LABEL: Record<string, string> = {
  EARN: 'Earned',
  BONUS: 'Bonus',
  REDEEM: 'Redeemed',
  REVERSAL: 'Refund',
  EXPIRE: 'Expired',
  ADJUST: 'Adjusted',
};

/** One ledger line in words: what happened and why, from the entry's own links. */
export function explain(e: Entry, currency: string): string {
  const receipt = e.purchase
    ? `purchase ${e.purchase.externalId}${e.purchase.storeCode ? ` at ${e.purchase.storeCode}` : ''} (${money(e.purchase.totalMinor, e.purchase.currency || currency)})`
    : null;
  switch (e.kind) {
    case 'EARN': {
      const split =
        e.bonusPoints && e.basePoints != null
          ? ` — ${points(e.basePoints)} + ${points(e.bonusPoints)} tier bonus`
          : '';
      return `${receipt ? `For ${receipt}` : 'Earned'}${split}${e.reason ? `. ${e.reason}` : ''}`;
    }
    case 'BONUS':
      return `${e.reason ?? 'Bonus'}${receipt ? ` — on ${receipt}` : ''}`;
    case 'REDEEM':
      return `Spent on ${e.reward?.name ?? 'a reward'}${e.reward ? ` (code ${e.reward.code})` : ''}`;
    case 'REVERSAL':
      return `${receipt ? `Refund of ${receipt}` : 'Reversed'}${e.reason ? `. ${e.reason}` : ''}`;
    case 'EXPIRE':
      return e.reason ?? 'Points expired unspent';
    case 'ADJUST':
      return `Adjusted by staff: ${e.reason ?? 'no reason given'}`;
    default:
      return e.reason ?? '';
  }
}

function Ledger({ customerId }: { customerId: string }) {
  const { program } = useSession();
  const l = usePaged(CustomerLedgerDocument, { id: customerId, after: null }, (r) => r.customer?.ledger);
  return (
    <section aria-labelledby="ledger-h" class="card">
      <h2 id="ledger-h">Points history</h2>
      <ErrorBox error={l.error} />
      {!l.loaded ? <Loading /> : null}
      {l.loaded && !l.nodes.length ? <p>No points movements yet.</p> : null}
      {l.nodes.length ? (
        <TableWrap label="Points history">
          <table>
            <caption class="visually-hidden">Every points movement, newest first, explained</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">What</th>
                <th scope="col">Why</th>
                <th scope="col" class="num">
                  Points
                </th>
                <th scope="col">Available / expires</th>
              </tr>
            </thead>
            <tbody>
              {l.nodes.map((e) => (
                <tr key={e.id}>
                  <td>{dateTime(e.createdAt, program.timeZone)}</td>
                  <td>{KIND_LABEL[e.kind] ?? e.kind}</td>
                  <td>{explain(e, program.currency)}</td>
                  <td class={`num ${e.points < 0 ? 'neg' : 'pos'}`}>{points(e.points, true)}</td>
                  <td>
                    {e.availableAt && new Date(e.availableAt) > new Date()
                      ? `from ${date(e.availableAt, program.timeZone)}`
                      : ''}
                    {e.expiresAt ? ` expires ${date(e.expiresAt, program.timeZone)}` : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
      <MoreButton paged={l}>Show older entries</MoreButton>
    </section>
  );
}

function Rewards({ c }: { c: Customer }) {
  const { program } = useSession();
  return (
    <section aria-labelledby="rewards-h" class="card">
      <h2 id="rewards-h">Rewards</h2>
      {c.rewards.length ? (
        <TableWrap label="Rewards">
          <table>
            <thead>
              <tr>
                <th scope="col">Reward</th>
                <th scope="col">Why</th>
                <th scope="col">Code</th>
                <th scope="col">Status</th>
                <th scope="col">Issued</th>
                <th scope="col">Expires / used</th>
              </tr>
            </thead>
            <tbody>
              {c.rewards.map((r) => (
                <tr key={r.id}>
                  <td>{r.name}</td>
                  <td>{r.label ?? (r.costPoints ? `Redeemed for ${points(r.costPoints)} points` : '—')}</td>
                  <td>
                    <code>{r.code}</code>
                  </td>
                  <td>
                    <Badge kind={r.status.toLowerCase()}>{sentenceCase(r.status)}</Badge>
                  </td>
                  <td>{date(r.issuedAt, program.timeZone)}</td>
                  <td>
                    {r.usedAt
                      ? `used ${date(r.usedAt, program.timeZone)}`
                      : r.expiresAt
                        ? date(r.expiresAt, program.timeZone)
                        : 'never expires'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : (
        <p>No rewards yet.</p>
      )}
    </section>
  );
}

function Purchases({ customerId }: { customerId: string }) {
  const { program } = useSession();
  const l = usePaged(
    CustomerPurchasesDocument,
    { id: customerId, after: null },
    (r) => r.customer?.purchases,
  );
  return (
    <section aria-labelledby="purchases-h" class="card">
      <h2 id="purchases-h">Purchases</h2>
      <ErrorBox error={l.error} />
      {!l.loaded ? <Loading /> : null}
      {l.loaded && !l.nodes.length ? <p>No purchases yet.</p> : null}
      {l.nodes.length ? (
        <TableWrap label="Purchases">
          <table>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Receipt</th>
                <th scope="col">Items</th>
                <th scope="col" class="num">
                  Total
                </th>
                <th scope="col" class="num">
                  Points
                </th>
              </tr>
            </thead>
            <tbody>
              {l.nodes.map((p) => (
                <tr key={p.id}>
                  <td>{dateTime(p.occurredAt, program.timeZone)}</td>
                  <td>
                    {p.externalId}
                    {p.storeCode ? ` · ${p.storeCode}` : ''}
                  </td>
                  <td>
                    {p.lines
                      .map(
                        (x) =>
                          `${x.quantity}× ${x.sku}${x.refundedQuantity ? ` (${x.refundedQuantity} refunded)` : ''}`,
                      )
                      .join(', ')}
                  </td>
                  <td class="num">
                    {money(p.totalMinor, p.currency)}
                    {p.refundedMinor ? ` (−${money(p.refundedMinor, p.currency)} refunded)` : ''}
                  </td>
                  <td class="num">
                    {points(p.pointsEarned, true)}
                    {p.pointsReversed ? ` / −${points(p.pointsReversed)}` : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
      <MoreButton paged={l}>Show older purchases</MoreButton>
    </section>
  );
}

function Messages({ customerId }: { customerId: string }) {
  const { program } = useSession();
  const l = usePaged(CustomerMessagesDocument, { id: customerId, after: null }, (r) => r.customer?.messages);
  return (
    <section aria-labelledby="messages-h" class="card">
      <h2 id="messages-h">Messages</h2>
      <ErrorBox error={l.error} />
      {!l.loaded ? <Loading /> : null}
      {l.loaded && !l.nodes.length ? <p>No messages yet.</p> : null}
      {l.nodes.length ? (
        <TableWrap label="Messages">
          <table>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Kind</th>
                <th scope="col">Channel</th>
                <th scope="col">Subject</th>
                <th scope="col">Outcome</th>
              </tr>
            </thead>
            <tbody>
              {l.nodes.map((m) => (
                <tr key={m.id}>
                  <td>{dateTime(m.sentAt ?? m.queuedAt, program.timeZone)}</td>
                  <td>{sentenceCase(m.kind)}</td>
                  <td>{channel(m.channel)}</td>
                  <td>{m.subject ?? '—'}</td>
                  <td>
                    <Badge kind={m.status.toLowerCase()}>{sentenceCase(m.status)}</Badge>
                    {m.error ? <span class="why"> — {m.error}</span> : null}
                    {m.status === 'DEFERRED' && m.sendAfter
                      ? ` until ${dateTime(m.sendAfter, program.timeZone)} (quiet hours)`
                      : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
      <MoreButton paged={l}>Show older messages</MoreButton>
    </section>
  );
}
