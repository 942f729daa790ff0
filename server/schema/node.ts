// Relay's `node(id)` / `nodes(ids)`: anything that is not a visible object of a loadable type — a foreign
// id, a random one, a bare UUID (it names no type), garbage, a type without a node id — is null, with no
// error, exactly like `document(id)`. The plugin's own fields are turned off (builder.ts) for these.
import { brandWithType } from "@pothos/core";
import { decodeGlobalID } from "@pothos/plugin-relay";
import { builder, viewerOf } from "../builder.ts";
import { InvalidInputError } from "../services/errors.ts";
import { isUuid } from "../services/ids.ts";
import { isNodeType, MAX_NODE_IDS, type NodeType } from "../services/nodes.ts";
import type { Context } from "../context.ts";
import { Database } from "./database.ts";
import { Document } from "./document.ts";
import { Migration } from "./migration/index.ts";
import { Realm } from "./realm.ts";
import { Webhook } from "./webhook.ts";

/** The object type each loadable type's rows are branded with, for the Node interface. */
const REFS = { Realm, Document, Database, Migration, Webhook } satisfies Record<NodeType, unknown>;

function decode(globalId: string): { type: NodeType; id: string } | null {
  try {
    const { typename, id } = decodeGlobalID(globalId);
    return isNodeType(typename) && isUuid(id) ? { type: typename, id: id.toLowerCase() } : null;
  } catch {
    return null;
  }
}

async function resolveNodes(globalIds: readonly (string | number)[], ctx: Context): Promise<Array<object | null>> {
  const refs = globalIds.map((id) => decode(String(id)));
  const found = await ctx.services.nodes.load(
    viewerOf(ctx),
    refs.filter((r) => r !== null),
  );
  return refs.map((ref) => {
    const row = ref && found.get(`${ref.type}:${ref.id}`);
    if (!row) return null;
    brandWithType(row, REFS[ref.type]);
    return row;
  });
}

builder.queryFields((t) => ({
  node: t.field({
    type: builder.nodeInterfaceRef(),
    nullable: true,
    description: "The object with this global id, or null when there is none your token can see.",
    args: { id: t.arg.id({ required: true, description: "A global id." }) },
    resolve: async (_root, args, ctx) => (await resolveNodes([args.id], ctx))[0] ?? null,
  }),
  nodes: t.field({
    type: [builder.nodeInterfaceRef()],
    nullable: { list: false, items: true },
    description: `The objects with these global ids, in order; null for each that your token cannot see. At most ${MAX_NODE_IDS} ids.`,
    args: { ids: t.arg.idList({ required: true, description: `Global ids (at most ${MAX_NODE_IDS}).` }) },
    resolve: (_root, args, ctx) => {
      if (args.ids.length > MAX_NODE_IDS)
        throw new InvalidInputError(
          `nodes takes at most ${MAX_NODE_IDS} ids (got ${args.ids.length}); split the request.`,
          ["ids"],
        );
      return resolveNodes(args.ids, ctx);
    },
  }),
}));
