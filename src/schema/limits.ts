import {
  type DocumentNode,
  type FragmentDefinitionNode,
  GraphQLError,
  type GraphQLSchema,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";
import { fieldExtensionsEstimator, getComplexity, simpleEstimator } from "graphql-query-complexity";

export interface QueryLimits {
  maxDepth: number;
  maxCost: number;
}

/**
 * Depth and cost limits for one operation. Called from the Apollo plugin (HTTP) and from graphql-ws's
 * onSubscribe (WebSocket), because Apollo plugins do not run on the WebSocket path.
 * Returns the errors to send, or an empty list.
 */
export function checkOperationLimits(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | undefined | null,
  variables: Record<string, unknown> | undefined | null,
  limits: QueryLimits,
): GraphQLError[] {
  const operation = pickOperation(document, operationName);
  if (!operation) return [];
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const depth = selectionDepth(operation.selectionSet, fragments, new Set());
  if (depth > limits.maxDepth)
    return [
      limitError(`查询嵌套层数 ${depth} 超过上限 ${limits.maxDepth}，请拆分查询`, "depth", depth, limits.maxDepth),
    ];
  let cost: number;
  try {
    cost = getComplexity({
      schema,
      query: document,
      operationName: operationName ?? undefined,
      variables: variables ?? {},
      estimators: [fieldExtensionsEstimator(), simpleEstimator({ defaultComplexity: 1 })],
    });
  } catch {
    return []; // invalid variables or documents are reported by the normal validation that follows
  }
  if (cost > limits.maxCost)
    return [
      limitError(`查询代价 ${cost} 超过上限 ${limits.maxCost}，请减少返回条数或字段`, "cost", cost, limits.maxCost),
    ];
  return [];
}

function pickOperation(doc: DocumentNode, name: string | undefined | null): OperationDefinitionNode | undefined {
  const ops = doc.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  return name ? ops.find((o) => o.name?.value === name) : ops.length === 1 ? ops[0] : undefined;
}

/** Depth of the deepest field path; introspection fields are bounded by the schema itself and not counted. */
function selectionDepth(
  set: SelectionSetNode,
  fragments: Map<string, FragmentDefinitionNode>,
  seen: Set<string>,
): number {
  let max = 0;
  for (const sel of set.selections) {
    if (sel.kind === Kind.FIELD) {
      if (sel.name.value.startsWith("__")) continue;
      max = Math.max(max, 1 + (sel.selectionSet ? selectionDepth(sel.selectionSet, fragments, seen) : 0));
    } else if (sel.kind === Kind.INLINE_FRAGMENT) {
      max = Math.max(max, selectionDepth(sel.selectionSet, fragments, seen));
    } else {
      const name = sel.name.value;
      const frag = fragments.get(name);
      if (!frag || seen.has(name)) continue; // cycles are rejected by validation (NoFragmentCycles)
      max = Math.max(max, selectionDepth(frag.selectionSet, fragments, new Set(seen).add(name)));
    }
  }
  return max;
}

function limitError(message: string, limit: string, value: number, max: number): GraphQLError {
  return new GraphQLError(message, { extensions: { code: "LIMIT_EXCEEDED", limit, value, max } });
}
