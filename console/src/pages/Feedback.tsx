import { useState } from 'preact/hooks';
import { issuesAt } from '../api';
import { ApiForm, useForm } from '../form';
import { channel, dateTime, fullName, sentenceCase } from '../format';
import {
  AssignTaskDocument,
  CommentOnTaskDocument,
  type FeedbackFieldsFragment,
  FollowUpAssigneesDocument,
  InboxDocument,
  ReplyToFeedbackDocument,
  ResolveFeedbackDocument,
  ResolveTaskDocument,
  type SurveyFieldsFragment,
  SurveysDocument,
  type TaskFieldsFragment,
  TasksDocument,
} from '../generated';
import { useMutation, usePaged, useQuery } from '../hooks';
import { Link } from '../router';
import { useCan, useSession } from '../session';
import { Badge, ErrorBox, FormError, Loading, MoreButton, Notice, Page, SelectField, TextArea } from '../ui';

const TABS = [
  ['/feedback', 'Inbox', 'Query.feedbackItems'],
  ['/feedback/tasks', 'Follow-up tasks', 'Query.followUpTasks'],
  ['/feedback/surveys', 'Survey answers', 'Query.surveyResponses'],
] as const;

/** The inbox, the follow-up tasks and the survey answers, one tab each. */
export function FeedbackPage({ params }: { params: Record<string, string> }) {
  const can = useCan();
  const tab = params.tab ?? 'inbox';
  const title = tab === 'tasks' ? 'Follow-up tasks' : tab === 'surveys' ? 'Survey answers' : 'Feedback inbox';
  return (
    <Page title={title}>
      <nav aria-label="Feedback" class="tabs">
        <ul>
          {TABS.filter(([, , needs]) => can(needs)).map(([href, label]) => (
            <li key={href}>
              <Link
                href={href}
                aria-current={
                  href === (tab === 'inbox' ? '/feedback' : `/feedback/${tab}`) ? 'page' : undefined
                }
              >
                {label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {tab === 'tasks' ? <TasksTab /> : tab === 'surveys' ? <SurveysTab /> : <InboxTab />}
    </Page>
  );
}

function InboxTab() {
  const [status, setStatus] = useState<'OPEN' | 'RESOLVED' | ''>('OPEN');
  const l = usePaged(
    InboxDocument,
    { filter: status ? { status } : {}, after: null },
    (r) => r.feedbackItems,
  );
  return (
    <>
      <div class="filters">
        <SelectField
          label="Show"
          value={status}
          onChange={(e) => setStatus(e.currentTarget.value as 'OPEN' | 'RESOLVED' | '')}
          options={[
            ['OPEN', 'Open'],
            ['RESOLVED', 'Resolved'],
            ['', 'All'],
          ]}
        />
      </div>
      <ErrorBox error={l.error} />
      {!l.loaded ? <Loading /> : null}
      {l.loaded && !l.nodes.length ? <p>Nothing here: every customer has had an answer.</p> : null}
      {l.nodes.map((f) => (
        <FeedbackThread key={f.id} item={f} onChange={l.reload} showCustomer />
      ))}
      <MoreButton paged={l}>Show more</MoreButton>
    </>
  );
}

/** A customer's message and the replies to it; replies go by the customer's preferred channel. */
export function FeedbackThread({
  item,
  onChange,
  showCustomer,
}: {
  item: FeedbackFieldsFragment;
  onChange: () => void;
  showCustomer: boolean;
}) {
  const { program } = useSession();
  const can = useCan();
  const [body, setBody] = useState('');
  const [sent, setSent] = useState<string | null>(null);
  const [reply, replyState] = useMutation(ReplyToFeedbackDocument);
  const [resolve, resolveState] = useMutation(ResolveFeedbackDocument);
  const preferred = item.customer.preferences.preferredChannel;
  // Under the customer page's "Surveys and feedback" (h2), or straight under the page's h1.
  const Heading = showCustomer ? 'h2' : 'h3';
  const headingId = `fb-${item.id}`;
  return (
    <article class="thread" aria-labelledby={headingId}>
      <Heading id={headingId}>
        {item.topic}
        {showCustomer ? (
          <>
            {' '}
            — <Link href={`/customers/${item.customer.id}`}>{fullName(item.customer)}</Link>
          </>
        ) : null}{' '}
        <Badge kind={item.status.toLowerCase()}>{sentenceCase(item.status)}</Badge>
      </Heading>
      <blockquote class="customer-says">
        <p>{item.message}</p>
        <footer class="meta">{dateTime(item.createdAt, program.timeZone)}</footer>
      </blockquote>
      {item.replies.length ? (
        <ol class="replies">
          {item.replies.map((r) => (
            <li key={r.id}>
              <p>{r.body}</p>
              <p class="meta">
                {r.author} · {dateTime(r.createdAt, program.timeZone)}
                {r.messageId ? ' · sent' : ' · not sent (no way to reach them)'}
              </p>
            </li>
          ))}
        </ol>
      ) : null}
      {sent ? <Notice>{sent}</Notice> : null}
      {can('Mutation.replyToFeedback') ? (
        <form
          class="subform"
          onSubmit={async (e) => {
            e.preventDefault();
            const r = await reply({ input: { feedbackId: item.id, body } });
            if (r) {
              setBody('');
              setSent(
                r.replyToFeedback.messageId
                  ? 'Reply sent.'
                  : 'Reply saved; the customer has no channel we may use.',
              );
              onChange();
            }
          }}
        >
          <FormError error={replyState.error} claimed={['input.body']} />
          <TextArea
            label={`Reply to ${fullName(item.customer)}`}
            hint={`Sent by ${preferred ? channel(preferred) : 'the channel they allow'}, signed with your name.`}
            rows={3}
            required
            value={body}
            onInput={(e) => setBody(e.currentTarget.value)}
            errors={issuesAt(replyState.error, 'input.body')}
          />
          <div class="buttons">
            <button type="submit" class="primary" disabled={replyState.busy}>
              Send reply
            </button>
            {item.status === 'OPEN' && can('Mutation.resolveFeedback') ? (
              <button
                type="button"
                disabled={resolveState.busy}
                onClick={async () => {
                  if (await resolve({ input: { feedbackId: item.id } })) onChange();
                }}
              >
                Mark resolved
              </button>
            ) : null}
          </div>
          <FormError error={resolveState.error} />
        </form>
      ) : null}
    </article>
  );
}

function TasksTab() {
  const { staff } = useSession();
  const [filter, setFilter] = useState<'open' | 'overdue' | 'mine' | 'resolved' | 'all'>('open');
  const f =
    filter === 'open'
      ? { status: 'OPEN' as const }
      : filter === 'overdue'
        ? { overdue: true }
        : filter === 'mine'
          ? { status: 'OPEN' as const, assigneeId: staff.id }
          : filter === 'resolved'
            ? { status: 'RESOLVED' as const }
            : {};
  const l = usePaged(TasksDocument, { filter: f, after: null }, (r) => r.followUpTasks);
  return (
    <>
      <div class="filters">
        <SelectField
          label="Show"
          value={filter}
          onChange={(e) => setFilter(e.currentTarget.value as typeof filter)}
          options={[
            ['open', 'Open'],
            ['overdue', 'Overdue'],
            ['mine', 'Assigned to me'],
            ['resolved', 'Resolved'],
            ['all', 'All'],
          ]}
        />
      </div>
      <ErrorBox error={l.error} />
      {!l.loaded ? <Loading /> : null}
      {l.loaded && !l.nodes.length ? <p>No tasks here.</p> : null}
      {l.nodes.map((t) => (
        <TaskCard key={t.id} task={t} onChange={l.reload} showCustomer />
      ))}
      <MoreButton paged={l}>Show more</MoreButton>
    </>
  );
}

const TASK_KIND: Record<string, string> = {
  LOW_SCORE: 'Low survey score',
  CALL_CUSTOMER: 'Call the customer (survey not answered)',
  RULE: 'Task from a reward rule',
};

/** A follow-up task: what to do, by when, who has it, the discussion, and resolving it. */
export function TaskCard({
  task,
  onChange,
  showCustomer,
}: {
  task: TaskFieldsFragment;
  onChange: () => void;
  showCustomer: boolean;
}) {
  const { program } = useSession();
  const can = useCan();
  // The team is asked for when the actions are opened, not for every task on the page.
  const [actionsOpen, setActionsOpen] = useState(false);
  const [addComment, commentState] = useMutation(CommentOnTaskDocument);
  const [resolve, resolveState] = useMutation(ResolveTaskDocument);
  const commentForm = useForm({ body: '' }, commentState);
  const resolveForm = useForm({ outcome: '' }, resolveState);
  const headingId = `task-${task.id}`;
  const c = task.customer;
  const Heading = showCustomer ? 'h2' : 'h3';
  return (
    <article class={`task ${task.overdue ? 'overdue' : ''}`} aria-labelledby={headingId}>
      <Heading id={headingId}>
        {task.title ?? TASK_KIND[task.kind] ?? task.kind}
        {showCustomer ? (
          <>
            {' '}
            — <Link href={`/customers/${c.id}`}>{fullName(c)}</Link>
          </>
        ) : null}{' '}
        <Badge kind={task.status.toLowerCase()}>{sentenceCase(task.status)}</Badge>
        {task.overdue ? <Badge kind="overdue">Overdue</Badge> : null}
      </Heading>
      <dl class="facts">
        {task.score != null ? (
          <>
            <dt>Score</dt>
            <dd>{task.score}</dd>
          </>
        ) : null}
        {task.comment ? (
          <>
            <dt>Their comment</dt>
            <dd class="quote">{task.comment}</dd>
          </>
        ) : null}
        {c.phone ? (
          <>
            <dt>Phone</dt>
            <dd>{c.phone}</dd>
          </>
        ) : null}
        <dt>Due</dt>
        <dd>{dateTime(task.dueAt, program.timeZone)}</dd>
        <dt>Assigned to</dt>
        <dd>{task.assignee ?? 'nobody'}</dd>
        {task.outcome ? (
          <>
            <dt>Outcome</dt>
            <dd>{task.outcome}</dd>
          </>
        ) : null}
      </dl>
      {task.comments.length ? (
        <ol class="replies" aria-label="Comments">
          {task.comments.map((k) => (
            <li key={k.id}>
              <p>{k.body}</p>
              <p class="meta">
                {k.author} · {dateTime(k.createdAt, program.timeZone)}
              </p>
            </li>
          ))}
        </ol>
      ) : null}
      {task.status === 'OPEN' && can('Mutation.assignFollowUpTask') ? (
        <details class="task-actions" onToggle={(e) => setActionsOpen(e.currentTarget.open)}>
          <summary>Assign, comment or resolve</summary>
          {actionsOpen ? <AssignForm task={task} onChange={onChange} /> : null}
          <ApiForm
            class="subform"
            form={commentForm}
            submit="Add comment"
            submitClass=""
            onSubmit={async () => {
              if (await addComment({ input: { taskId: task.id, body: commentForm.values.body } })) {
                commentForm.reset();
                onChange();
              }
            }}
          >
            <TextArea label="Comment" rows={2} required {...commentForm.text('body', 'input.body')} />
          </ApiForm>
          <ApiForm
            class="subform"
            form={resolveForm}
            submit="Resolve task"
            onSubmit={async () => {
              if (await resolve({ input: { taskId: task.id, outcome: resolveForm.values.outcome } }))
                onChange();
            }}
          >
            <TextArea
              label="Outcome"
              hint="What was done, e.g. “Called; apologised; offered a coffee on us”."
              rows={2}
              required
              {...resolveForm.text('outcome', 'input.outcome')}
            />
          </ApiForm>
        </details>
      ) : null}
    </article>
  );
}

export function SurveyAnswer({ survey: s }: { survey: SurveyFieldsFragment }) {
  const { program } = useSession();
  const max = s.scale === 'NPS' ? 10 : 5;
  if (s.answeredAt == null)
    return (
      <p>
        {s.scale} survey sent {dateTime(s.sentAt, program.timeZone)}: not answered yet.
      </p>
    );
  const low = s.score != null && (s.scale === 'NPS' ? s.score <= 6 : s.score <= 2);
  return (
    <div class="survey">
      <p>
        <strong>
          {s.score} of {max}
        </strong>{' '}
        ({s.scale}) {low ? <Badge kind="low">Low</Badge> : null} · answered{' '}
        {dateTime(s.answeredAt, program.timeZone)}
      </p>
      {s.comment ? (
        <blockquote class="customer-says">{s.comment}</blockquote>
      ) : (
        <p class="meta">No comment.</p>
      )}
    </div>
  );
}

function SurveysTab() {
  const { program } = useSession();
  const [answered, setAnswered] = useState<'yes' | 'no' | 'all'>('yes');
  const l = usePaged(
    SurveysDocument,
    { filter: answered === 'all' ? {} : { answered: answered === 'yes' }, after: null },
    (r) => r.surveyResponses,
  );
  return (
    <>
      <div class="filters">
        <SelectField
          label="Show"
          value={answered}
          onChange={(e) => setAnswered(e.currentTarget.value as typeof answered)}
          options={[
            ['yes', 'Answered'],
            ['no', 'Not answered'],
            ['all', 'All'],
          ]}
        />
      </div>
      <ErrorBox error={l.error} />
      {!l.loaded ? <Loading /> : null}
      {l.loaded && !l.nodes.length ? <p>No surveys here.</p> : null}
      {l.nodes.length ? (
        <ul class="plain surveys">
          {l.nodes.map((s) => (
            <li key={s.id}>
              <p class="who">
                <Link href={`/customers/${s.customer.id}`}>{fullName(s.customer)}</Link> · sent{' '}
                {dateTime(s.sentAt, program.timeZone)}
              </p>
              <SurveyAnswer survey={s} />
            </li>
          ))}
        </ul>
      ) : null}
      <MoreButton paged={l}>Show more</MoreButton>
    </>
  );
}

/** Given to a colleague chosen from the team (their console account), or to nobody. */
function AssignForm({ task, onChange }: { task: TaskFieldsFragment; onChange: () => void }) {
  const { staff } = useSession();
  const team = useQuery(FollowUpAssigneesDocument, {});
  const [assign, state] = useMutation(AssignTaskDocument);
  const f = useForm({ assigneeId: task.assigneeId ?? '' }, state);
  const people = team.data?.followUpAssignees ?? [];
  const save = async (assigneeId: string) => {
    if (await assign({ input: { taskId: task.id, assigneeId: assigneeId || null } })) onChange();
  };
  return (
    <ApiForm
      class="subform inline"
      form={f}
      submit="Assign"
      submitClass=""
      canSubmit={team.data != null}
      onSubmit={() => save(f.values.assigneeId)}
      buttons={
        people.some((p) => p.id === staff.id) ? (
          <button
            type="button"
            disabled={f.busy}
            onClick={() => {
              f.set('assigneeId', staff.id);
              return save(staff.id);
            }}
          >
            Assign to me
          </button>
        ) : null
      }
    >
      <ErrorBox error={team.error} />
      <SelectField
        label="Assignee"
        hint={task.assignee && !task.assigneeId ? `Now: ${task.assignee} (a name, no account)` : undefined}
        options={[
          ['', team.data ? 'Nobody' : 'Loading the team…'],
          ...people.map((p) => [p.id, `${p.name}${p.id === staff.id ? ' (you)' : ''}`] as const),
        ]}
        {...f.select('assigneeId', 'input.assigneeId')}
      />
    </ApiForm>
  );
}
