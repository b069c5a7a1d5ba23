import { dateTime, points, sentenceCase } from '../format';
import { RewardRulesDocument } from '../generated';
import { useQuery } from '../hooks';
import { Link } from '../router';
import { useCan, useSession } from '../session';
import { Badge, ErrorBox, Loading, Page, TableWrap } from '../ui';

/** Every reward rule with its status, what it does, its budget and whether it has been failing. */
export function RulesPage() {
  const can = useCan();
  const { program } = useSession();
  const { data, error } = useQuery(RewardRulesDocument, {});
  return (
    <Page
      title="Reward rules"
      actions={
        can('Mutation.createRewardRule') ? (
          <Link href="/rules/new" class="button primary">
            New rule
          </Link>
        ) : null
      }
    >
      <ErrorBox error={error} />
      {!data && !error ? <Loading /> : null}
      {data && !data.rewardRules.length ? (
        <p>No rules yet. A rule turns returning behaviour — the 5th visit, a birthday — into a thank-you.</p>
      ) : null}
      {data?.rewardRules.length ? (
        <TableWrap label="Reward rules">
          <table>
            <thead>
              <tr>
                <th scope="col">Rule</th>
                <th scope="col">Status</th>
                <th scope="col">When</th>
                <th scope="col" class="num">
                  Given so far
                </th>
                <th scope="col">Health</th>
                <th scope="col">Changed</th>
              </tr>
            </thead>
            <tbody>
              {data.rewardRules.map((r) => (
                <tr key={r.id}>
                  <td>
                    <Link href={`/rules/${r.id}`}>{r.name}</Link>
                    <div class="meta">
                      “{r.label}” · version {r.version}
                    </div>
                  </td>
                  <td>
                    <Badge kind={r.status.toLowerCase()}>{sentenceCase(r.status)}</Badge>
                  </td>
                  <td>
                    {sentenceCase(r.trigger)}
                    {r.conditions ? <div class="meta">{r.conditions}</div> : null}
                  </td>
                  <td class="num">{points(r.budgetUsed)}</td>
                  <td>
                    {r.health.errorCount ? (
                      <>
                        <Badge kind="failed">{r.health.errorCount} errors</Badge>
                        <div class="meta">
                          {r.health.lastError} ({dateTime(r.health.lastErrorAt, program.timeZone)})
                        </div>
                      </>
                    ) : (
                      'OK'
                    )}
                  </td>
                  <td>{dateTime(r.updatedAt, program.timeZone)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
    </Page>
  );
}
