import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { request } from '../api';
import { ApiForm, useForm } from '../form';
import { dateTime, points } from '../format';
import {
  CheckContentDocument,
  type CheckContentMutation,
  CreateNewsletterDocument,
  NewsletterAudienceCountDocument,
  NewsletterDocument,
  type NewsletterFieldsFragment,
  NewsletterPreviewDocument,
  type NewsletterPreviewQuery,
  SendNewsletterDocument,
  UpdateNewsletterDocument,
} from '../generated';
import { useMutation, useQuery } from '../hooks';
import { Link, navigate } from '../router';
import { useCan, useSession } from '../session';
import { Badge, CheckboxField, ErrorBox, Loading, Notice, Page, TableWrap, TextArea, TextField } from '../ui';
import { usefulPercent } from './Newsletters';

type Check = CheckContentMutation['checkNewsletterContent'];
type Newsletter = NewsletterFieldsFragment;

/** A new draft, a draft being edited, or an issue that went out and its report. */
export function NewsletterPage({ params }: { params: Record<string, string> }) {
  const id = params.id;
  const q = useQuery(NewsletterDocument, { id: id ?? '' }, { skip: !id });
  if (!id) return <Composer newsletter={null} onSaved={() => undefined} />;
  if (q.error && !q.data)
    return (
      <Page title="Newsletter">
        <ErrorBox error={q.error} />
      </Page>
    );
  if (!q.data) return <Loading what="Loading the newsletter" />;
  const n = q.data.newsletter;
  if (!n)
    return (
      <Page title="Newsletter not found">
        <p>
          No such newsletter. <Link href="/newsletters">All newsletters</Link>
        </p>
      </Page>
    );
  return n.status === 'DRAFT' ? <Composer key={n.id} newsletter={n} onSaved={q.reload} /> : <Sent n={n} />;
}

/** Debounced: runs `f` once `deps` have been still for `ms`. */
function useDebounced(f: () => void, deps: unknown[], ms: number) {
  // The caller lists in `deps` what `f` reads.
  useEffect(() => {
    const t = setTimeout(f, ms);
    return () => clearTimeout(t);
  }, deps);
}

function Composer({ newsletter: n, onSaved }: { newsletter: Newsletter | null; onSaved: () => void }) {
  const can = useCan();
  const [check, setCheck] = useState<Check | null>(n?.contentCheck ?? null);
  const [preview, setPreview] = useState<NewsletterPreviewQuery['newsletterPreview'] | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [create, createState] = useMutation(CreateNewsletterDocument);
  const [update, updateState] = useMutation(UpdateNewsletterDocument);
  const f = useForm(
    {
      title: n?.title ?? '',
      topic: n?.topic ?? '',
      subject: n?.subject ?? '',
      body: n?.body ?? '',
      minPurchases: String(n?.audience.minPurchases ?? 1),
      withinDays: n?.audience.purchasedWithinDays != null ? String(n.audience.purchasedWithinDays) : '',
      topicOnly: n?.audience.topicSubscribersOnly ?? true,
    },
    createState,
    updateState,
  );
  const { title, topic, subject, body, minPurchases, withinDays, topicOnly } = f.values;
  const mayEdit = n ? can('Mutation.updateNewsletter') : can('Mutation.createNewsletter');
  const dirty =
    !n ||
    n.title !== title ||
    (n.topic ?? '') !== topic ||
    n.subject !== subject ||
    n.body !== body ||
    String(n.audience.minPurchases) !== minPurchases ||
    (n.audience.purchasedWithinDays != null ? String(n.audience.purchasedWithinDays) : '') !== withinDays ||
    n.audience.topicSubscribersOnly !== topicOnly;

  const num = (s: string) => (s.trim() !== '' && Number.isFinite(Number(s)) ? Number(s) : undefined);
  // The non-sales check, live: it scores the draft as typed and names the phrases it found.
  useDebounced(
    () => {
      if (!body.trim()) {
        setCheck(null);
        return;
      }
      request(CheckContentDocument, { input: { subject: subject || undefined, body } }).then(
        (r) => setCheck(r.checkNewsletterContent),
        () => undefined,
      );
    },
    [subject, body],
    350,
  );
  // Who it goes to, counted as the audience and topic are edited (the saved count until then).
  const [count, setCount] = useState<number | null>(n?.audienceCount ?? null);
  useDebounced(
    () => {
      const audienceInput = {
        minPurchases: num(minPurchases),
        purchasedWithinDays: withinDays.trim() === '' ? null : num(withinDays),
        topicSubscribersOnly: topicOnly,
      };
      request(NewsletterAudienceCountDocument, {
        input: { topic: topic.trim() || undefined, audience: audienceInput },
      }).then(
        (r) => setCount(r.newsletterAudienceCount),
        // Not a number the API takes yet (the field says why on saving): no count rather than a wrong one.
        () => setCount(null),
      );
    },
    [topic, minPurchases, withinDays, topicOnly],
    350,
  );
  // The preview as the customer will see it (sample customer, footer included).
  useDebounced(
    () => {
      if (!subject.trim() || !body.trim()) return;
      request(NewsletterPreviewDocument, {
        input: { title: title || undefined, topic: topic || undefined, subject, body },
      }).then(
        (r) => {
          setPreview(r.newsletterPreview);
          setPreviewError(null);
        },
        (e) => setPreviewError(e instanceof Error ? e.message : String(e)),
      );
    },
    [title, topic, subject, body],
    600,
  );

  const audience = {
    minPurchases: num(minPurchases),
    purchasedWithinDays: withinDays.trim() === '' ? null : num(withinDays),
    topicSubscribersOnly: topicOnly,
  };
  const save = async () => {
    setSaved(null);
    if (!n) {
      const r = await create({ input: { title, topic: topic || undefined, subject, body, audience } });
      if (r) navigate(`/newsletters/${r.createNewsletter.id}`, { replace: true });
      return;
    }
    const r = await update({
      input: { newsletterId: n.id, title, topic: topic || null, subject, body, audience },
    });
    if (r) {
      setSaved('Draft saved.');
      onSaved();
    }
  };

  return (
    <Page title={n ? n.title : 'New newsletter'} actions={<Badge kind="draft">Draft</Badge>}>
      <p>
        <Link href="/newsletters">All newsletters</Link>
      </p>
      {saved ? <Notice>{saved}</Notice> : null}
      <div class="composer">
        <ApiForm
          form={f}
          onSubmit={save}
          class="card"
          label="Newsletter draft"
          submit={mayEdit ? (n ? 'Save draft' : 'Create draft') : null}
          canSubmit={dirty}
        >
          <fieldset disabled={!mayEdit}>
            <legend>The issue</legend>
            <TextField
              label="Title (for staff and the {{ newsletter.title }} variable)"
              required
              {...f.text('title', 'input.title')}
            />
            <TextField
              label="Topic (optional)"
              hint="Only customers subscribed to it get it, when “subscribers only” is on."
              {...f.text('topic', 'input.topic')}
            />
            <TextField label="Subject" required {...f.text('subject', 'input.subject')} />
            <TextArea
              label="Body"
              hint="HTML with Liquid variables ({{ customer.firstName }}). A “was this useful?” question and the unsubscribe links are added below it."
              rows={12}
              required
              {...f.text('body', 'input.body')}
            />
          </fieldset>
          <fieldset disabled={!mayEdit}>
            <legend>Audience: returning customers</legend>
            <div class="args">
              <TextField
                label="At least this many purchases"
                type="number"
                min="0"
                {...f.text('minPurchases', 'input.audience.minPurchases')}
              />
              <TextField
                label="And one within days (optional)"
                type="number"
                min="1"
                {...f.text('withinDays', 'input.audience.purchasedWithinDays')}
              />
            </div>
            <CheckboxField
              label="Only customers subscribed to the topic"
              {...f.check('topicOnly', 'input.audience.topicSubscribersOnly')}
            />
            <p aria-live="polite" class="audience-count">
              {count != null ? (
                <>
                  Goes to <strong>{points(count)}</strong> {count === 1 ? 'customer' : 'customers'} today
                  (with email consent and an address).
                </>
              ) : (
                'Counting the audience once its numbers are whole…'
              )}
            </p>
          </fieldset>
        </ApiForm>
        <div>
          <ContentCheckPanel check={check} subject={subject} body={body} />
          <section class="card" aria-labelledby="preview-h">
            <h2 id="preview-h">Preview</h2>
            {previewError ? <p class="field-error">{previewError}</p> : null}
            {preview ? (
              <>
                <p>
                  <strong>Subject:</strong> {preview.subject}
                </p>
                {/* The issue's own HTML, in a frame that may run nothing and reach nothing of the console. */}
                <iframe
                  class="preview"
                  title="The email as a customer will see it"
                  sandbox=""
                  srcdoc={preview.html ?? ''}
                />
              </>
            ) : (
              <p class="hint">Write a subject and a body to see the email as a customer will.</p>
            )}
          </section>
        </div>
      </div>
      {n ? <SendPanel n={n} dirty={dirty} onSent={onSaved} /> : null}
    </Page>
  );
}

/** Findings grouped by phrase: one phrase may be found for several reasons. */
function byPhrase(findings: Check['findings']): { phrase: string; reasons: string[] }[] {
  const m = new Map<string, { phrase: string; reasons: string[] }>();
  for (const f of findings) {
    const k = f.phrase.toLowerCase();
    const g = m.get(k) ?? { phrase: f.phrase, reasons: [] };
    if (!g.reasons.includes(f.reason)) g.reasons.push(f.reason);
    m.set(k, g);
  }
  return [...m.values()];
}

const LETTER = /[\p{L}\p{N}]/u;

/** The body as typed (as text: nothing in it runs), each phrase the check found marked, and why. */
function Highlighted({ text, phrases }: { text: string; phrases: { phrase: string; reasons: string[] }[] }) {
  let ranges: { start: number; end: number; reasons: string[] }[] = [];
  const lower = text.toLowerCase();
  for (const f of phrases) {
    const p = f.phrase.toLowerCase();
    if (!p) continue;
    for (let i = lower.indexOf(p); i !== -1; i = lower.indexOf(p, i + 1)) {
      const end = i + p.length;
      // Whole words only: "only" is not marked inside "lonely".
      if (LETTER.test(p[0]!) && i > 0 && LETTER.test(lower[i - 1]!)) continue;
      if (LETTER.test(p.at(-1)!) && end < lower.length && LETTER.test(lower[end]!)) continue;
      ranges.push({ start: i, end, reasons: f.reasons });
    }
  }
  // Overlapping finds ("50% off" and "off everything") become one mark with both reasons.
  ranges.sort((a, b) => a.start - b.start);
  ranges = ranges.reduce<typeof ranges>((acc, r) => {
    const last = acc.at(-1);
    if (last && r.start < last.end) {
      last.end = Math.max(last.end, r.end);
      last.reasons = [...new Set([...last.reasons, ...r.reasons])];
    } else acc.push({ ...r });
    return acc;
  }, []);
  const out: ComponentChildren[] = [];
  let at = 0;
  for (const r of ranges) {
    if (r.start > at) out.push(text.slice(at, r.start));
    out.push(
      <mark key={r.start} title={r.reasons.join('; ')}>
        {text.slice(r.start, r.end)}
      </mark>,
    );
    at = r.end;
  }
  out.push(text.slice(at));
  return <div class="highlighted">{out}</div>;
}

function ContentCheckPanel({ check, subject, body }: { check: Check | null; subject: string; body: string }) {
  return (
    <section class="card" aria-labelledby="check-h">
      <h2 id="check-h">Useful, not sales?</h2>
      <div aria-live="polite">
        {!check ? (
          <p class="hint">The check runs as you write.</p>
        ) : check.blocked ? (
          <p class="score blocked">
            Reads as sales material (score {check.salesScore.toFixed(2)}): it cannot be sent as it is.
          </p>
        ) : check.findings.length ? (
          <p class="score">
            Mostly useful (score {check.salesScore.toFixed(2)}), with some sales wording to reconsider.
          </p>
        ) : (
          <p class="score ok">Reads as useful information (score {check.salesScore.toFixed(2)}).</p>
        )}
      </div>
      {check?.findings.length ? (
        <>
          <h3>What it found</h3>
          <ul class="findings">
            {byPhrase(check.findings).map((f) => (
              <li key={f.phrase}>
                <mark>{f.phrase}</mark> — {f.reasons.join('; ')}
              </li>
            ))}
          </ul>
          <h3>In the subject and body</h3>
          <Highlighted text={`${subject}\n\n${body}`} phrases={byPhrase(check.findings)} />
        </>
      ) : null}
    </section>
  );
}

function SendPanel({ n, dirty, onSent }: { n: Newsletter; dirty: boolean; onSent: () => void }) {
  const { staff } = useSession();
  const can = useCan();
  const [send, state] = useMutation(SendNewsletterDocument);
  const f = useForm({ when: '', reason: '' }, state);
  const { when, reason } = f.values;
  if (!can('Mutation.sendNewsletter')) return null;
  const blocked = n.contentCheck.blocked;
  const isAdmin = staff.role === 'ADMIN';
  return (
    <section class="card" aria-labelledby="send-h">
      <h2 id="send-h">Send</h2>
      {dirty ? <p>Save the draft first: what is sent is what is saved.</p> : null}
      {blocked && !isAdmin ? (
        <p>
          The saved draft reads as sales material, so it will be refused. Reword the marked phrases, or ask an
          admin, who may send it anyway with a reason.
        </p>
      ) : null}
      <ApiForm
        form={f}
        submit={when ? 'Schedule' : `Send to ${points(n.audienceCount)} customers`}
        canSubmit={!dirty}
        onSubmit={async () => {
          const r = await send({
            input: {
              newsletterId: n.id,
              scheduledAt: when ? new Date(when).toISOString() : undefined,
              overrideReason: blocked && isAdmin && reason ? reason : undefined,
            },
          });
          if (r) onSent();
        }}
      >
        <TextField
          label="Send at (optional: empty sends now)"
          type="datetime-local"
          {...f.text('when', 'input.scheduledAt')}
        />
        {blocked && isAdmin ? (
          <TextArea
            label="Reason to send it although the check blocks it (admins only; recorded in the audit log)"
            rows={2}
            {...f.text('reason', 'input.overrideReason')}
          />
        ) : null}
      </ApiForm>
    </section>
  );
}

function Sent({ n }: { n: Newsletter }) {
  const { program } = useSession();
  const r = n.report;
  const answers = r.feedbackYes + r.feedbackNo;
  return (
    <Page title={n.title} actions={<Badge kind={n.status.toLowerCase()}>{n.status.toLowerCase()}</Badge>}>
      <p>
        <Link href="/newsletters">All newsletters</Link>
      </p>
      <p>
        “{n.subject}”
        {n.status === 'SCHEDULED'
          ? `, to go out ${dateTime(n.scheduledAt, program.timeZone)}`
          : `, sent ${dateTime(n.scheduledAt, program.timeZone)}`}
        {n.overrideReason ? <> — sent although the check blocked it: “{n.overrideReason}”</> : null}
      </p>
      <section class="card" aria-labelledby="report-h">
        <h2 id="report-h">Report</h2>
        <dl class="stats">
          <div>
            <dt>Recipients</dt>
            <dd>{points(r.recipients)}</dd>
          </div>
          <div>
            <dt>Delivered</dt>
            <dd>{points(r.sent)}</dd>
          </div>
          <div>
            <dt>Waiting (quiet hours)</dt>
            <dd>{points(r.deferred)}</dd>
          </div>
          <div>
            <dt>Suppressed</dt>
            <dd>{points(r.suppressed)}</dd>
          </div>
          <div>
            <dt>Failed</dt>
            <dd>{points(r.failed)}</dd>
          </div>
          <div>
            <dt>Unsubscribed</dt>
            <dd>{points(r.unsubscribes)}</dd>
          </div>
          <div>
            <dt>Was this useful?</dt>
            <dd>{usefulPercent(r.usefulRate)}</dd>
          </div>
        </dl>
        <p>
          {answers
            ? `${r.feedbackYes} of ${answers} readers who answered found it useful.`
            : 'Nobody has answered “was this useful?” yet.'}
        </p>
        {r.suppressedByReason.length ? (
          <>
            <h3>Why some were not sent</h3>
            <TableWrap label="Suppressed by reason">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Reason</th>
                    <th scope="col" class="num">
                      Customers
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {r.suppressedByReason.map((x) => (
                    <tr key={x.reason}>
                      <td>{x.reason}</td>
                      <td class="num">{points(x.count)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          </>
        ) : null}
      </section>
    </Page>
  );
}
