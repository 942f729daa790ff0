// Builds the schema: root types (every field needs a token), then each domain file registers its fields.
import { builder } from "../builder.ts";
import "./errors.ts";
import "./realm.ts";
import "./database.ts";
import "./document.ts";
import "./token.ts";
import "./migration/index.ts";
import "./webhook.ts";
import "./stats.ts";
import "./search.ts";
import "./maintenance.ts";
import "./node.ts";

builder.queryType({ authScopes: { authenticated: true }, description: "Read access." });
builder.mutationType({ authScopes: { authenticated: true }, description: "Changes." });
builder.subscriptionType({ authScopes: { authenticated: true }, description: "Live updates (graphql-ws or SSE)." });

export const schema = builder.toSchema({ sortSchema: true });
