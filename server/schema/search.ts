// Search: the nearest chunks of a realm in each of its databases, for a text or a vector.
import { builder, viewerOf } from "../builder.ts";
import { MAX_API_SEARCH_K, type RealmSearchHit } from "../services/search.ts";
import { Database } from "./database.ts";
import { Document } from "./document.ts";
import { parseId } from "./ids.ts";
import { ForbiddenError, InvalidInputError, NotFoundError } from "../services/errors.ts";

const SearchHitRef = builder.objectRef<RealmSearchHit>("SearchHit").implement({
  description: "One chunk a database returned for a search, with its cosine similarity to the query.",
  fields: (t) => ({
    document: t.field({
      type: Document,
      description: "The document the chunk belongs to.",
      resolve: (h) => h.document,
    }),
    chunkIndex: t.exposeInt("chunkIndex", { description: "Position of the chunk in its document (0 = first)." }),
    text: t.exposeString("text", { description: "The chunk's text." }),
    start: t.exposeInt("start", { description: "Offset of the chunk's first character in the document's Markdown." }),
    end: t.exposeInt("end", { description: "Offset just past the chunk's last character." }),
    score: t.exposeFloat("score", {
      description: "Cosine similarity to the query, from -1 to 1 (1 = same direction); the same measure on every kind.",
    }),
    rank: t.exposeInt("rank", { description: "1 for the database's most similar chunk, then 2, 3, …" }),
    database: t.field({ type: Database, description: "The database that returned it.", resolve: (h) => h.database }),
  }),
});

builder.queryFields((t) => ({
  search: t.field({
    type: [SearchHitRef],
    description:
      "The k chunks most similar (cosine) to a text or a vector, from each database of the realm (or the one " +
      "named): grouped by database, most similar first, equal scores by document id then chunk index. Needs read " +
      "access to the realm.",
    errors: { types: [ForbiddenError, NotFoundError, InvalidInputError] },
    args: {
      realmId: t.arg.id({ required: true, description: "Realm to search." }),
      text: t.arg.string({ description: "Query text, embedded with the realm's embedder. Give text or vector." }),
      vector: t.arg.floatList({ description: "Query vector of the embedder's dimension. Give text or vector." }),
      k: t.arg.int({
        defaultValue: 10,
        description: `Hits per database, 1 to ${MAX_API_SEARCH_K} (default 10).`,
      }),
      databaseId: t.arg.id({ description: "Only this database of the realm (default: all of them)." }),
    },
    resolve: (_root, args, ctx) =>
      ctx.services.search.search(viewerOf(ctx), {
        realmId: parseId(args.realmId, "Realm", ["realmId"]),
        text: args.text,
        vector: args.vector,
        k: args.k ?? 10,
        databaseId: args.databaseId == null ? null : parseId(args.databaseId, "Database", ["databaseId"]),
      }),
  }),
}));
