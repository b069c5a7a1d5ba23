/**
 * Staff find a customer by whatever they have in front of them (issue 11, ADR 12): a name or
 * part of it, an email, a phone number in any format, a card's external id or a reward code.
 * Spans two modules, so it is a workflow: a plausible reward code is looked up in rewards
 * first (one indexed read), then customers are searched and ranked in one statement.
 */
import { type RankedCustomerRow, searchCustomers } from '../modules/customers/customers.repo';
import { encodeSearchCursor, parseSearchPage, searchTerms } from '../modules/customers/customers.search';
import { rewardByCode } from '../modules/rewards/rewards.repo';
import type { RequestContext } from '../shared/context';
import type { Connection } from '../shared/pagination';

export async function findCustomers(
  ctx: RequestContext,
  args: { search: string; first?: number | null; after?: string | null },
): Promise<Connection<RankedCustomerRow> | null> {
  const page = parseSearchPage(args);
  const terms = searchTerms(args.search);
  if (!terms) return null;
  const reward = terms.rewardCode ? await rewardByCode(ctx.q, terms.rewardCode) : undefined;
  const rows = await searchCustomers(ctx.q, terms, page, reward?.customer_id ?? null);
  const edges = rows.slice(0, page.first).map((node) => ({
    cursor: encodeSearchCursor({ tier: node.search_tier, score: node.search_score, id: node.id }),
    node,
  }));
  return {
    edges,
    pageInfo: { hasNextPage: rows.length > page.first, endCursor: edges.at(-1)?.cursor ?? null },
  };
}
