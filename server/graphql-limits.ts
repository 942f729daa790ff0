// Limits on what one GraphQL document may ask for, checked before anything runs, the same for HTTP, SSE and
// graphql-ws: the parser stops after MAX_QUERY_TOKENS tokens; validation refuses documents deeper than
// MAX_QUERY_DEPTH or with more than MAX_QUERY_ALIASES aliases (introspection included, which the per-field
// complexity check in builder.ts cannot see); and no list argument — literal or in variables — may have more
// than MAX_LIST_ARGUMENT items, so no single request can hold the event loop for long.
import {
  Kind,
  type GraphQLError,
  getOperationAST,
  type ASTVisitor,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValueNode,
} from "graphql";
import { createGraphQLError, type Plugin } from "graphql-yoga";
import type { Config } from "./config.ts";

type Limits = Pick<Config["limits"], "maxDepth" | "maxTokens" | "maxAliases" | "maxListLength">;

/**
 * Depth of graphql-js's standard introspection query (GraphiQL, codegen): `__schema`/`__type` selections
 * may go this deep even when MAX_QUERY_DEPTH is lower, and no deeper (a 50-level `ofType` chain is refused).
 */
export const INTROSPECTION_MAX_DEPTH = 15;
const INTROSPECTION_FIELDS = new Set(["__schema", "__type"]);

// Errors raised outside execution are made with Yoga's createGraphQLError, so they are of the graphql build
// Yoga and graphql-ws check against (a second build may be loaded beside it, e.g. under vitest). `http`
// marks them request errors: 400 for application/graphql-response+json, 200 for application/json.
const REQUEST_ERROR = { status: 400, spec: true };

/** Refused at validation: the document asks for too much at once. */
function tooComplex(message: string): GraphQLError {
  return createGraphQLError(message, { extensions: { code: "QUERY_TOO_COMPLEX" } });
}

export function useQueryLimits(limits: Limits): Plugin {
  const shapeRule = (context: ValidationContext) => queryShapeRule(context, limits);
  return {
    onParse({ parseFn, setParseFn }) {
      setParseFn((source, options) => {
        try {
          return parseFn(source, { ...options, maxTokens: limits.maxTokens });
        } catch (error) {
          // graphql 16 says "more that N tokens".
          if (error instanceof Error && /contains more tha[nt] \d+ tokens/.test(error.message)) {
            throw createGraphQLError(
              `The document has more than ${limits.maxTokens} tokens (MAX_QUERY_TOKENS); send a smaller query.`,
              { extensions: { code: "QUERY_TOO_LARGE", http: REQUEST_ERROR } },
            );
          }
          throw error;
        }
      });
    },
    onValidate({ addValidationRule }) {
      addValidationRule(shapeRule);
    },
    onExecute({ args, setResultAndStopExecution }) {
      const error = longListArgument(args.document, args.operationName, args.variableValues, limits.maxListLength);
      if (error) setResultAndStopExecution({ errors: [error] });
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      const error = longListArgument(args.document, args.operationName, args.variableValues, limits.maxListLength);
      if (error) setResultAndStopExecution({ errors: [error] });
    },
  };
}

/** Depth (per root field; introspection gets INTROSPECTION_MAX_DEPTH) and alias count of every operation. */
function queryShapeRule(context: ValidationContext, limits: Limits): ASTVisitor {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of context.getDocument().definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const depths = new Map<string, number>();
  const aliases = new Map<string, number>();
  // Fragment cycles are reported by graphql's own rule; here a cycle just counts as nothing.
  const visiting = new Set<string>();

  const viaFragment = (name: string, measure: (set: SelectionSetNode) => number, memo: Map<string, number>) => {
    const known = memo.get(name);
    if (known !== undefined) return known;
    const fragment = fragments.get(name);
    if (!fragment || visiting.has(name)) return 0;
    visiting.add(name);
    const value = measure(fragment.selectionSet);
    visiting.delete(name);
    memo.set(name, value);
    return value;
  };
  const depthOf = (set: SelectionSetNode): number => {
    let max = 0;
    for (const selection of set.selections) {
      const depth =
        selection.kind === Kind.FIELD
          ? 1 + (selection.selectionSet ? depthOf(selection.selectionSet) : 0)
          : selection.kind === Kind.INLINE_FRAGMENT
            ? depthOf(selection.selectionSet)
            : viaFragment(selection.name.value, depthOf, depths);
      max = Math.max(max, depth);
    }
    return max;
  };
  const aliasesOf = (set: SelectionSetNode): number => {
    let count = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        count += (selection.alias ? 1 : 0) + (selection.selectionSet ? aliasesOf(selection.selectionSet) : 0);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        count += aliasesOf(selection.selectionSet);
      } else {
        count += viaFragment(selection.name.value, aliasesOf, aliases);
      }
    }
    return count;
  };
  /** The root fields of a selection set, through fragments. */
  const rootFields = (set: SelectionSetNode, into: FieldNode[] = [], seen = new Set<string>()): FieldNode[] => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) into.push(selection);
      else if (selection.kind === Kind.INLINE_FRAGMENT) rootFields(selection.selectionSet, into, seen);
      else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        const fragment = fragments.get(selection.name.value);
        if (fragment) rootFields(fragment.selectionSet, into, seen);
      }
    }
    return into;
  };

  return {
    OperationDefinition(operation) {
      for (const field of rootFields(operation.selectionSet)) {
        const introspection = INTROSPECTION_FIELDS.has(field.name.value);
        const limit = introspection ? Math.max(limits.maxDepth, INTROSPECTION_MAX_DEPTH) : limits.maxDepth;
        const depth = 1 + (field.selectionSet ? depthOf(field.selectionSet) : 0);
        if (depth > limit) {
          context.reportError(
            tooComplex(
              `Query depth ${depth} exceeds the limit of ${limit}` +
                `${introspection ? " for introspection" : " (MAX_QUERY_DEPTH)"}; ask for less in one request.`,
            ),
          );
          return false;
        }
      }
      const count = aliasesOf(operation.selectionSet);
      if (count > limits.maxAliases) {
        context.reportError(
          tooComplex(
            `The operation uses ${count} aliases; the limit is ${limits.maxAliases} (MAX_QUERY_ALIASES). Send fewer fields at once.`,
          ),
        );
      }
      return false;
    },
  };
}

/** An INVALID_INPUT error naming the first list argument (literal or variable) longer than `max`, or null. */
export function longListArgument(
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | null | undefined,
  max: number,
): GraphQLError | null {
  const operation = getOperationAST(document, operationName);
  if (!operation) return null;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  // `field` names the field, `path` the argument and, for input objects, the field inside it ("input.ids").
  const tooLong = (field: string, path: string, length: number) =>
    createGraphQLError(
      `Argument "${path}" of ${field} has ${length} items; the limit is ${max} (MAX_LIST_ARGUMENT). ` +
        "Send the list in smaller batches.",
      { extensions: { code: "INVALID_INPUT", http: REQUEST_ERROR } },
    );

  const checkVariableValue = (value: unknown, field: string, path: string, depth = 0): GraphQLError | null => {
    if (depth > 32 || value === null || typeof value !== "object") return null;
    if (Array.isArray(value)) {
      if (value.length > max) return tooLong(field, path, value.length);
      for (const item of value) {
        const error = checkVariableValue(item, field, path, depth + 1);
        if (error) return error;
      }
      return null;
    }
    for (const [key, item] of Object.entries(value)) {
      const error = checkVariableValue(item, field, `${path}.${key}`, depth + 1);
      if (error) return error;
    }
    return null;
  };
  const checkValue = (node: ValueNode, field: string, path: string): GraphQLError | null => {
    if (node.kind === Kind.VARIABLE) return checkVariableValue(variables?.[node.name.value], field, path);
    if (node.kind === Kind.LIST) {
      if (node.values.length > max) return tooLong(field, path, node.values.length);
      for (const item of node.values) {
        const error = checkValue(item, field, path);
        if (error) return error;
      }
    }
    if (node.kind === Kind.OBJECT) {
      for (const item of node.fields) {
        const error = checkValue(item.value, field, `${path}.${item.name.value}`);
        if (error) return error;
      }
    }
    return null;
  };
  const seen = new Set<string>();
  const checkSet = (set: SelectionSetNode): GraphQLError | null => {
    for (const selection of set.selections) {
      let error: GraphQLError | null = null;
      if (selection.kind === Kind.FIELD) {
        for (const argument of selection.arguments ?? []) {
          error ??= checkValue(argument.value, selection.name.value, argument.name.value);
        }
        if (selection.selectionSet) error ??= checkSet(selection.selectionSet);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        error = checkSet(selection.selectionSet);
      } else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        const fragment = fragments.get(selection.name.value);
        if (fragment) error = checkSet(fragment.selectionSet);
      }
      if (error) return error;
    }
    return null;
  };
  return checkSet(operation.selectionSet);
}
