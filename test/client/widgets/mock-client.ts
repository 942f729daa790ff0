// A stand-in urql Client for widget tests: each operation is answered by a handler returning a wonka
// source (fromValue for a single result, a subject to push subscription events by hand, never to stay
// loading), and every call is recorded with its operation name and variables.
import { createElement, type ReactNode } from "react";
import {
  Provider,
  makeOperation,
  type Client,
  type GraphQLRequest,
  type OperationContext,
  type OperationResult,
} from "urql";
import { concat, map, never, pipe, type Source } from "wonka";
import type { DocumentNode, OperationDefinitionNode } from "graphql";

export interface Call {
  kind: "query" | "mutation" | "subscription";
  name: string;
  variables: Record<string, any>;
}

export type Handler = (variables: Record<string, any>, call: Call) => Source<Partial<OperationResult>>;

export function operationName(query: DocumentNode): string {
  const operation = query.definitions.find((d): d is OperationDefinitionNode => d.kind === "OperationDefinition");
  return operation?.name?.value ?? "(anonymous)";
}

export function mockClient(handlers: Record<string, Handler>) {
  const calls: Call[] = [];
  const execute = (kind: Call["kind"]) => (request: GraphQLRequest, context?: Partial<OperationContext>) => {
    const call: Call = {
      kind,
      name: operationName(request.query),
      variables: (request.variables ?? {}) as Record<string, any>,
    };
    calls.push(call);
    const handler = handlers[call.name];
    if (!handler) return never;
    // Results name their operation, as the real client's do (urql's hooks match results by it).
    const operation = makeOperation(kind, request, {
      url: "/graphql",
      requestPolicy: "cache-first",
      ...context,
    } as OperationContext);
    // A real client keeps a query's source open (for cache updates); urql's useQuery treats its end
    // as "no result", so queries never end here either.
    const results = kind === "query" ? concat([handler(call.variables, call), never]) : handler(call.variables, call);
    return pipe(
      results,
      map((result) => ({ stale: false, hasNext: false, ...result, operation }) as OperationResult),
    );
  };
  const client = {
    executeQuery: execute("query"),
    executeMutation: execute("mutation"),
    executeSubscription: execute("subscription"),
  } as unknown as Client;
  return {
    client,
    calls,
    named: (name: string) => calls.filter((c) => c.name === name),
    wrapper: ({ children }: { children: ReactNode }) => createElement(Provider, { value: client }, children),
  };
}
