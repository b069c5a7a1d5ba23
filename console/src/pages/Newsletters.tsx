import { dateTime, points, sentenceCase } from '../format';
import { NewslettersDocument } from '../generated';
import { useQuery } from '../hooks';
import { Link } from '../router';
import { useCan, useSession } from '../session';
import { Badge, ErrorBox, Loading, Page, TableWrap } from '../ui';

export const usefulPercent = (rate: number | null | undefined) =>
  rate == null ? 'no answers yet' : `${Math.round(rate * 100)}% useful`;

/** Every issue: drafts, scheduled, sending and sent, with how useful readers found it. */
export function NewslettersPage() {
  const can = useCan();
  const { program } = useSession();
  const { data, error } = useQuery(NewslettersDocument, {});
  return (
    <Page
      title="Newsletters"
      actions={
        can('Mutation.createNewsletter') ? (
          <Link href="/newsletters/new" class="button primary">
            New newsletter
          </Link>
        ) : null
      }
    >
      <p>
        Useful news for returning customers — never sales material: every draft is checked before it can go.
      </p>
      <ErrorBox error={error} />
      {!data && !error ? <Loading /> : null}
      {data && !data.newsletters.length ? <p>No newsletters yet.</p> : null}
      {data?.newsletters.length ? (
        <TableWrap label="Newsletters">
          <table>
            <thead>
              <tr>
                <th scope="col">Title</th>
                <th scope="col">Status</th>
                <th scope="col" class="num">
                  Audience
                </th>
                <th scope="col" class="num">
                  Sent
                </th>
                <th scope="col">Was it useful?</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {data.newsletters.map((n) => (
                <tr key={n.id}>
                  <td>
                    <Link href={`/newsletters/${n.id}`}>{n.title}</Link>
                    <div class="meta">
                      {n.subject}
                      {n.topic ? ` · topic ${n.topic}` : ''}
                    </div>
                  </td>
                  <td>
                    <Badge kind={n.status.toLowerCase()}>{sentenceCase(n.status)}</Badge>
                    {n.status === 'DRAFT' && n.contentCheck.blocked ? (
                      <>
                        {' '}
                        <Badge kind="blocked">Reads as sales</Badge>
                      </>
                    ) : null}
                    {n.status === 'SCHEDULED' ? (
                      <div class="meta">for {dateTime(n.scheduledAt, program.timeZone)}</div>
                    ) : null}
                  </td>
                  <td class="num">{points(n.audienceCount)}</td>
                  <td class="num">{n.status === 'DRAFT' ? '—' : points(n.report.sent)}</td>
                  <td>{n.status === 'DRAFT' ? '—' : usefulPercent(n.report.usefulRate)}</td>
                  <td>{dateTime(n.createdAt, program.timeZone)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
    </Page>
  );
}
