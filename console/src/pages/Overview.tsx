import { useState } from 'preact/hooks';
import { BarChart } from '../chart';
import { money, points } from '../format';
import { OverviewHealthDocument, OverviewTasksDocument } from '../generated';
import { useQuery } from '../hooks';
import { Link, navigate } from '../router';
import { useCan, useSession } from '../session';
import { ErrorBox, Loading, Page } from '../ui';
import { usefulPercent } from './Newsletters';

/** A local date (YYYY-MM-DD) in the programme's time zone. */
function localDay(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
}

/** Today at a glance: sales and points, open tasks, the last newsletter, and the search box. */
export function OverviewPage() {
  const { program, staff } = useSession();
  const can = useCan();
  const today = localDay(new Date(), program.timeZone);
  const from = localDay(new Date(Date.now() - 13 * 86_400_000), program.timeZone);
  const health = useQuery(OverviewHealthDocument, { from, to: today }, { skip: !can('Query.healthReport') });
  const tasks = useQuery(OverviewTasksDocument, {}, { skip: !can('Query.followUpTaskCounts') });
  const [search, setSearch] = useState('');
  const periods = health.data?.healthReport.periods ?? [];
  const t = periods.find((p) => p.start === today);
  const last = health.data?.newsletters.find((n) => n.status === 'SENT' || n.status === 'SENDING');
  return (
    <Page title={`Hello, ${staff.name}`}>
      {can('Query.customers') ? (
        <search class="card">
          <form
            class="search"
            onSubmit={(e) => {
              e.preventDefault();
              navigate(`/customers?q=${encodeURIComponent(search.trim())}`);
            }}
          >
            <label for="overview-search">Find a customer</label>
            <div class="search-row">
              <input
                id="overview-search"
                type="search"
                value={search}
                onInput={(e) => setSearch(e.currentTarget.value)}
                placeholder="Name, email, phone, customer number or reward code"
              />
              <button type="submit" class="primary">
                Search
              </button>
            </div>
          </form>
        </search>
      ) : null}
      <ErrorBox error={health.error ?? tasks.error} />
      <div class="grid-2">
        {can('Query.healthReport') ? (
          <section class="card" aria-labelledby="today-h">
            <h2 id="today-h">Today</h2>
            {health.loading && !health.data ? <Loading /> : null}
            {health.data ? (
              <dl class="stats">
                <div>
                  <dt>Purchases</dt>
                  <dd>{points(t?.purchases ?? 0)}</dd>
                </div>
                <div>
                  <dt>Sales</dt>
                  <dd>{money(t?.salesMinor ?? 0, program.currency)}</dd>
                </div>
                <div>
                  <dt>Points issued</dt>
                  <dd>{points(t?.pointsIssued ?? 0)}</dd>
                </div>
                <div>
                  <dt>Points redeemed</dt>
                  <dd>{points(t?.pointsRedeemed ?? 0)}</dd>
                </div>
                <div>
                  <dt>New members</dt>
                  <dd>{points(t?.enrolled ?? 0)}</dd>
                </div>
              </dl>
            ) : null}
          </section>
        ) : null}
        {can('Query.followUpTaskCounts') ? (
          <section class="card" aria-labelledby="tasks-h">
            <h2 id="tasks-h">Follow-up tasks</h2>
            {tasks.data ? (
              <>
                <dl class="stats">
                  <div>
                    <dt>Open</dt>
                    <dd>{points(tasks.data.followUpTaskCounts.open)}</dd>
                  </div>
                  <div>
                    <dt>Overdue</dt>
                    <dd class={tasks.data.followUpTaskCounts.overdue ? 'neg' : ''}>
                      {points(tasks.data.followUpTaskCounts.overdue)}
                    </dd>
                  </div>
                </dl>
                {can('Query.followUpTasks') ? <Link href="/feedback/tasks">Open the tasks</Link> : null}
              </>
            ) : (
              <Loading />
            )}
          </section>
        ) : null}
        {can('Query.newsletters') ? (
          <section class="card" aria-labelledby="nl-h">
            <h2 id="nl-h">Last newsletter</h2>
            {!health.data ? null : last ? (
              <>
                <p>
                  <Link href={`/newsletters/${last.id}`}>{last.title}</Link>: sent to{' '}
                  {points(last.report.sent)} customers.
                </p>
                <p class="big">{usefulPercent(last.report.usefulRate)}</p>
                <p class="meta">
                  {last.report.feedbackYes} said useful, {last.report.feedbackNo} said not.
                </p>
              </>
            ) : (
              <p>
                None sent yet. <Link href="/newsletters/new">Write one</Link>.
              </p>
            )}
          </section>
        ) : null}
      </div>
      {periods.length ? (
        <section class="card" aria-labelledby="fortnight-h">
          <h2 id="fortnight-h">The last 14 days</h2>
          <BarChart
            title="Purchases per day"
            labels={periods.map((p) => p.start)}
            series={[{ name: 'Purchases', values: periods.map((p) => p.purchases) }]}
            summary={`${periods.reduce((n, p) => n + p.purchases, 0)} purchases from ${periods[0]!.start} to ${periods.at(-1)!.start}`}
          />
          <BarChart
            title="Points issued and redeemed per day"
            labels={periods.map((p) => p.start)}
            series={[
              { name: 'Issued', values: periods.map((p) => p.pointsIssued) },
              { name: 'Redeemed', values: periods.map((p) => p.pointsRedeemed), alt: true },
            ]}
            summary={`${periods.reduce((n, p) => n + p.pointsIssued, 0)} points issued and ${periods.reduce((n, p) => n + p.pointsRedeemed, 0)} redeemed in 14 days`}
          />
        </section>
      ) : null}
    </Page>
  );
}
