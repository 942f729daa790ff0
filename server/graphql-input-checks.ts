// Argument checks every field gets, in one place, before anything runs: a NUL character in any text
// argument (PostgreSQL cannot store one) and bad paging arguments on every Relay connection (negative
// first/last, cursors this server did not issue, combinations the connections cannot page). Without this
// they reach the database or Pothos and end as masked INTERNAL errors. Runs on the arguments as sent (literals
// and variables, multipart file names included) before execution, over HTTP, SSE and WebSocket alike.
import {
  GraphQLError,
  Kind,
  getOperationAST,
  valueFromASTUntyped,
  type ExecutionArgs,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLSchema,
  type SelectionSetNode,
} from "graphql";
import type { Plugin } from "graphql-yoga";
import { isUuid } from "./services/ids.ts";

export function useInputChecks(): Plugin {
  return {
    onExecute: ({ args, setResultAndStopExecution }) => {
      const error = checkArguments(args);
      if (error) setResultAndStopExecution({ errors: [error] });
      return { onExecuteDone: ({ result, setResult }) => setResult(withRequestErrorCodes(result)) };
    },
    onSubscribe: ({ args, setResultAndStopExecution }) => {
      const error = checkArguments(args);
      if (error) setResultAndStopExecution({ errors: [error] });
    },
  };
}

/**
 * graphql reports variables that do not coerce (a missing file part, a null for a required argument) as
 * request errors without a code: no data, no path, and at most graphql's own error inside. They are the
 * caller's to fix, so they get INVALID_INPUT (anything unexpected has another original error and stays masked).
 */
function isCoercionFailure(original: unknown): boolean {
  if (original === undefined || original === null) return true;
  const inner = original as { name?: string; originalError?: unknown; extensions?: { code?: unknown } };
  return inner.name === "GraphQLError" && !inner.originalError && !inner.extensions?.code;
}

function withRequestErrorCodes<T>(result: T): T {
  const single = result as { data?: unknown; errors?: readonly GraphQLError[] } | null;
  if (!single || typeof single !== "object" || !Array.isArray(single.errors) || single.data != null) return result;
  return {
    ...single,
    errors: single.errors.map((error) =>
      error.extensions?.code || error.path || !isCoercionFailure(error.originalError)
        ? error
        : new GraphQLError(error.message, {
            nodes: error.nodes,
            source: error.source,
            positions: error.positions,
            extensions: { ...error.extensions, code: "INVALID_INPUT" },
          }),
    ),
  } as T;
}

function invalid(message: string, argument: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: "INVALID_INPUT", argument } });
}

// The schema may come from another copy of graphql (its ESM and CJS builds both load), so nothing here
// uses graphql's instanceof-based helpers (TypeInfo, getArgumentValues): types are walked by their shape.
type AnyType = { name?: string; ofType?: AnyType; getFields?: () => Record<string, GraphQLField<unknown, unknown>> };

function namedType(type: AnyType): AnyType {
  let current = type;
  while (current.ofType) current = current.ofType;
  return current;
}

/** The first argument of the operation that must be refused, as an INVALID_INPUT error naming it. */
export function checkArguments(args: ExecutionArgs): GraphQLError | undefined {
  const operation = getOperationAST(args.document, args.operationName);
  if (!operation) return undefined;
  const schema = args.schema as GraphQLSchema;
  const raw = (args.variableValues ?? {}) as Record<string, unknown>;
  const variables: Record<string, unknown> = {};
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    variables[name] =
      name in raw ? raw[name] : definition.defaultValue ? valueFromASTUntyped(definition.defaultValue) : undefined;
  }
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of args.document.definitions)
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const root =
    operation.operation === "query"
      ? schema.getQueryType()
      : operation.operation === "mutation"
        ? schema.getMutationType()
        : schema.getSubscriptionType();
  const seen = new Set<string>();

  const walk = (selectionSet: SelectionSetNode, parent: AnyType | null | undefined): GraphQLError | undefined => {
    for (const selection of selectionSet.selections) {
      let found: GraphQLError | undefined;
      if (selection.kind === Kind.FIELD) {
        const field = parent?.getFields?.()[selection.name.value];
        if (field && selection.arguments?.length) {
          const values: Record<string, unknown> = {};
          for (const argument of selection.arguments)
            values[argument.name.value] = valueFromASTUntyped(argument.value, variables);
          found = checkField(field, values);
        }
        if (!found && selection.selectionSet) found = walk(selection.selectionSet, field && namedType(field.type));
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        found = walk(selection.selectionSet, type as AnyType | undefined);
      } else {
        const fragment = fragments.get(selection.name.value);
        if (fragment && !seen.has(fragment.name.value)) {
          seen.add(fragment.name.value);
          found = walk(fragment.selectionSet, schema.getType(fragment.typeCondition.name.value) as AnyType | undefined);
        }
      }
      if (found) return found;
    }
    return undefined;
  };
  return walk(operation.selectionSet, root as AnyType | null | undefined);
}

function checkField(field: GraphQLField<unknown, unknown>, values: Record<string, unknown>): GraphQLError | undefined {
  for (const [name, value] of Object.entries(values)) {
    const at = nulPath(value, name);
    if (at) {
      return invalid(
        `Argument "${at}" of ${field.name} contains a NUL character (U+0000), which text cannot hold here; remove it.`,
        at,
      );
    }
  }
  return isConnection(field) ? checkPaging(field.name, values) : undefined;
}

/** The path of the first string (or uploaded file name) under `value` holding U+0000. */
function nulPath(value: unknown, path: string): string | undefined {
  if (typeof value === "string") return value.includes("\u0000") ? path : undefined;
  if (value === null || typeof value !== "object") return undefined;
  if (typeof (value as Partial<File>).stream === "function") {
    const name = (value as Partial<File>).name;
    return typeof name === "string" && name.includes("\u0000") ? `${path}.name` : undefined;
  }
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const at = nulPath(item, `${path}.${i}`);
      if (at) return at;
    }
    return undefined;
  }
  for (const [key, item] of Object.entries(value)) {
    const at = nulPath(item, `${path}.${key}`);
    if (at) return at;
  }
  return undefined;
}

/** A Relay connection field: paging arguments and a type with edges and pageInfo. */
function isConnection(field: GraphQLField<unknown, unknown>): boolean {
  const fields = namedType(field.type as AnyType).getFields?.();
  return fields !== undefined && "edges" in fields && "pageInfo" in fields;
}

// Every connection pages by the row id (Pothos prisma cursors: base64 of "GPC:S:<uuid>").
const CURSOR = /^GPC:S:(.+)$/;
const BASE64 = /^(?:[\d+/A-Za-z]{4})*(?:[\d+/A-Za-z]{2}==|[\d+/A-Za-z]{3}=)?$/;

function isCursor(value: string): boolean {
  if (!BASE64.test(value)) return false;
  const id = CURSOR.exec(Buffer.from(value, "base64").toString("utf8"))?.[1];
  return id !== undefined && isUuid(id);
}

function checkPaging(fieldName: string, values: Record<string, unknown>): GraphQLError | undefined {
  const { first, last, after, before } = values as Record<string, number | string | null | undefined>;
  for (const [name, count] of [
    ["first", first],
    ["last", last],
  ] as const) {
    if (typeof count === "number" && count < 0)
      return invalid(`${fieldName}(${name}: ${count}): ${name} counts edges; give 0 or more.`, name);
  }
  for (const [name, cursor] of [
    ["after", after],
    ["before", before],
  ] as const) {
    if (typeof cursor === "string" && !isCursor(cursor)) {
      return invalid(
        `${fieldName}(${name}: ${JSON.stringify(cursor.slice(0, 60))}) is not a cursor of this connection; pass a cursor or endCursor/startCursor it returned.`,
        name,
      );
    }
  }
  if (after != null && before != null) return invalid(`${fieldName}: give either after or before, not both.`, "before");
  if (before != null && first != null)
    return invalid(`${fieldName}: page backwards with before and last, not before and first.`, "first");
  if (after != null && last != null)
    return invalid(`${fieldName}: page forwards with after and first, not after and last.`, "last");
  return undefined;
}
