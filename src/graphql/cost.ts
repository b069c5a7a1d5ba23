import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  GraphQLError,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  getNamedType,
  getNullableType,
  isCompositeType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  valueFromAST,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { MAX_PAGE_SIZE } from '../shared/pagination';

/** What a list without `first` is assumed to hold (a task's comments, a purchase's lines…). */
export const UNPAGED_LIST_SIZE = 10;
/** `first` when a paginated field is asked without it and declares no default (parsePage's). */
export const DEFAULT_PAGE_SIZE = 20;

/**
 * The cost of an operation, as documented in docs/api.md ("Query cost"):
 * - every object the operation may resolve costs 1, plus what is selected inside it; scalars
 *   and enums cost 0;
 * - a list of objects counts as N objects: with a `first` argument (a page) N is `first` as
 *   asked (literal or variable), else the argument's default, else 20, and never more than
 *   the page-size limit (100), so a bigger `first` is refused by the page-size check
 *   (BAD_USER_INPUT), not here. A connection's `first` sizes its `edges` (or `nodes`) list.
 *   Any other list (a task's comments, a purchase's lines) counts as 10;
 * - multipliers multiply: a page of 100 customers each with a page of 100 ledger entries is
 *   10,000 entries' worth;
 * - introspection (`__schema`, `__type`, `__typename`) costs 0 (it has its own switch).
 */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | null | undefined,
): number {
  const { operation, fragments } = chosenOperation(document, operationName);
  if (!operation) return 0;
  const root = schema.getRootType(operation.operation);
  if (!root) return 0;

  const visit = (
    set: SelectionSetNode,
    type: GraphQLNamedType,
    page: number | null,
    seen: ReadonlySet<string>,
  ): number => {
    let cost = 0;
    for (const sel of set.selections) {
      if (sel.kind === Kind.INLINE_FRAGMENT) {
        const t = sel.typeCondition ? schema.getType(sel.typeCondition.name.value) : type;
        if (t) cost += visit(sel.selectionSet, t, page, seen);
        continue;
      }
      if (sel.kind === Kind.FRAGMENT_SPREAD) {
        const f = fragments.get(sel.name.value);
        if (!f || seen.has(f.name.value)) continue; // cycles are a validation error anyway
        const t = schema.getType(f.typeCondition.name.value);
        if (t) cost += visit(f.selectionSet, t, page, new Set([...seen, f.name.value]));
        continue;
      }
      if (sel.name.value.startsWith('__')) continue;
      if (!(isObjectType(type) || isInterfaceType(type))) continue;
      const field = type.getFields()[sel.name.value];
      if (!field) continue;
      const named = getNamedType(field.type);
      if (!isCompositeType(named) || !sel.selectionSet) continue;
      const isList = isListType(getNullableType(field.type));
      const own = pageSize(field, sel, variables);
      // A paged list (`auditLog(first:)`) counts `first` objects; a connection passes `first`
      // to its `edges`; other lists count UNPAGED_LIST_SIZE.
      const times = isList ? (own ?? page ?? UNPAGED_LIST_SIZE) : 1;
      const inner = visit(sel.selectionSet, named, isList ? null : own, seen);
      cost += isList ? times * (1 + inner) : 1 + inner;
    }
    return cost;
  };
  return visit(operation.selectionSet, root, null, new Set());
}

/** The operation to run (the named one, else the first) and the document's fragments by name. */
function chosenOperation(document: DocumentNode, operationName: string | null | undefined) {
  const fragments = new Map<string, FragmentDefinitionNode>();
  let operation: OperationDefinitionNode | undefined;
  for (const def of document.definitions) {
    if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
    else if (def.kind === Kind.OPERATION_DEFINITION) {
      if (!operationName || def.name?.value === operationName) operation ??= def;
    }
  }
  return { operation, fragments };
}

/** A paged field's `first` as asked, else its default, else DEFAULT_PAGE_SIZE; null when it has none. */
function pageSize(
  field: GraphQLField<unknown, unknown>,
  node: FieldNode,
  variables: Record<string, unknown> | null | undefined,
): number | null {
  const arg = field.args.find((a) => a.name === 'first');
  if (!arg) return null;
  const given = node.arguments?.find((a) => a.name.value === 'first');
  const value = given ? valueFromAST(given.value, arg.type, variables ?? undefined) : undefined;
  const n =
    typeof value === 'number'
      ? value
      : typeof arg.defaultValue === 'number'
        ? arg.defaultValue
        : DEFAULT_PAGE_SIZE;
  return Math.max(0, Math.min(n, MAX_PAGE_SIZE));
}

/** Refuses an operation over `maxCost` before it runs: QUERY_TOO_COMPLEX, HTTP 400. */
export function costLimitPlugin(maxCost: number): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const cost = operationCost(args.schema, args.document, args.operationName, args.variableValues);
      if (cost > maxCost) {
        setResultAndStopExecution({
          errors: [
            new GraphQLError(
              `Query cost ${cost} exceeds the limit of ${maxCost} (see "Query cost" in docs/api.md)`,
              { extensions: { code: 'QUERY_TOO_COMPLEX', cost, maxCost, http: { status: 400 } } },
            ),
          ],
        });
      }
    },
  };
}
