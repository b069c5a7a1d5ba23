import type { GraphQLResolveInfo, SelectionSetNode } from 'graphql';
import type { CustomerRow } from '../modules/customers/customers.repo';
import type { GraphQLContext } from './context';

/**
 * Whether the field being resolved selects `name` directly below it (through inline fragments
 * and named fragments too; aliases do not matter, @skip/@include are not evaluated, so a
 * skipped field still counts). A resolver that can read what its children need in the same
 * statement asks this first (issue 12: `customer(id) { balance { … } }` in one round trip).
 */
export function selects(info: GraphQLResolveInfo, name: string): boolean {
  const seen = new Set<string>();
  const walk = (set: SelectionSetNode | undefined): boolean =>
    !!set &&
    set.selections.some((s) => {
      if (s.kind === 'Field') return s.name.value === name;
      if (s.kind === 'InlineFragment') return walk(s.selectionSet);
      if (seen.has(s.name.value)) return false;
      seen.add(s.name.value);
      return walk(info.fragments[s.name.value]?.selectionSet);
    });
  return info.fieldNodes.some((f) => walk(f.selectionSet));
}

/**
 * A customer field (a mutation payload's `customer`): with its balance in one statement when
 * the selection asks for the balance (src/workflows/customer-balance.ts), else the row alone.
 */
export function customerField(
  ctx: GraphQLContext,
  info: GraphQLResolveInfo,
  id: string,
): Promise<CustomerRow | null> {
  return selects(info, 'balance')
    ? ctx.loaders.customerWithBalance.load({ id })
    : ctx.loaders.customerById.load(id);
}
