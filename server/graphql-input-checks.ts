// Argument checks every field gets, in one place, before anything runs: a NUL character in any text
// argument (PostgreSQL cannot store one) and bad paging arguments on every Relay connection (negative
// first/last, cursors this server did not issue, combinations the connections cannot page). Without this
// they reach the database or Pothos and end as masked INTERNAL errors. Runs on the coerced argument values,
// so inline literals, variables and multipart file names are covered alike, over HTTP, SSE and WebSocket.
import {
  GraphQLError,
  TypeInfo,
  getArgumentValues,
  getNamedType,
  getOperationAST,
  getVariableValues,
  isObjectType,
  visit,
  visitWithTypeInfo,
  type ExecutionArgs,
  type GraphQLField,
} from "graphql";
import type { Plugin } from "graphql-yoga";
import { isUuid } from "./services/ids.ts";

export function useInputChecks(): Plugin {
  return {
    onExecute: ({ args, setResultAndStopExecution }) => {
      const error = checkArguments(args);
      if (error) setResultAndStopExecution({ errors: [error] });
    },
    onSubscribe: ({ args, setResultAndStopExecution }) => {
      const error = checkArguments(args);
      if (error) setResultAndStopExecution({ errors: [error] });
    },
  };
}

function invalid(message: string, argument: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: "INVALID_INPUT", argument } });
}

/** The first argument of the operation that must be refused, as an INVALID_INPUT error naming it. */
export function checkArguments(args: ExecutionArgs): GraphQLError | undefined {
  const operation = getOperationAST(args.document, args.operationName);
  if (!operation) return undefined;
  const variables = getVariableValues(
    args.schema,
    operation.variableDefinitions ?? [],
    (args.variableValues ?? {}) as Record<string, unknown>,
    { maxErrors: 1 },
  );
  // Variables that do not coerce are reported by execution itself, with graphql's own message.
  if (variables.errors) return undefined;
  const typeInfo = new TypeInfo(args.schema);
  let found: GraphQLError | undefined;
  visit(
    args.document,
    visitWithTypeInfo(typeInfo, {
      OperationDefinition: (node) => (node === operation ? undefined : false),
      Field: (node) => {
        if (found) return false;
        const field = typeInfo.getFieldDef();
        if (!field || field.args.length === 0) return undefined;
        let values: Record<string, unknown>;
        try {
          values = getArgumentValues(field, node, variables.coerced);
        } catch {
          return undefined; // invalid literals are validation errors, reported by graphql
        }
        found = checkField(field, values);
        return found ? false : undefined;
      },
    }),
  );
  return found;
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
  const type = getNamedType(field.type);
  return isObjectType(type) && "edges" in type.getFields() && "pageInfo" in type.getFields();
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
