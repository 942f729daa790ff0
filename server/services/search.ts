// Search over a realm's databases: a text is embedded with the embedder the chunker stage uses (so queries and
// chunks share one vector space), or a vector is given; each database of the realm (or the one named) answers
// its top k by cosine similarity. Hits of documents the realm hides (being migrated, retired) are left out.
import type { Database, Document } from "../generated/prisma/client.ts";
import type { Viewer } from "./access.ts";
import type { ConnectorRegistry } from "./connectors/registry.ts";
import type { SearchHit } from "./connectors/types.ts";
import type { Prisma } from "./db/open.ts";
import { InvalidInputError, NotFoundError } from "./errors.ts";
import type { Embedder } from "./stages/types.ts";

/** The most hits one database returns to one API search. */
export const MAX_API_SEARCH_K = 100;
const MAX_QUERY_TEXT = 10_000;

export interface SearchInput {
  realmId: string;
  text?: string | null | undefined;
  vector?: number[] | null | undefined;
  k: number;
  databaseId?: string | null | undefined;
}

/** One hit of one database, with its document loaded; `rank` is 1 for the most similar chunk. */
export interface RealmSearchHit extends SearchHit {
  rank: number;
  database: Database;
  document: Document;
}

export class SearchService {
  constructor(
    private readonly prisma: Prisma,
    private readonly connectors: ConnectorRegistry,
    private readonly embedder: Embedder,
  ) {}

  /** Hits grouped by database (in the order the realm attached them), each group most similar first. */
  async search(viewer: Viewer, input: SearchInput): Promise<RealmSearchHit[]> {
    viewer.assertRead(input.realmId);
    const query = await this.queryVector(input);
    const realm = await this.prisma.realm.findUnique({
      where: { id: input.realmId },
      select: { databases: { include: { database: true }, orderBy: [{ addedAt: "asc" }, { databaseId: "asc" }] } },
    });
    if (!realm) throw new NotFoundError("Realm", input.realmId);
    const databases = realm.databases.map((link) => link.database);
    const chosen = input.databaseId ? databases.filter((d) => d.id === input.databaseId) : databases;
    if (input.databaseId && chosen.length === 0) {
      throw new InvalidInputError(
        `Database ${input.databaseId} is not attached to realm ${input.realmId}; omit databaseId to search all of its databases.`,
        ["databaseId"],
      );
    }
    const answers = await Promise.all(
      chosen.map(async (database) => ({
        database,
        hits: await (await this.connectors.get(database)).search({ vector: query, k: input.k, realmId: input.realmId }),
      })),
    );
    const ids = [...new Set(answers.flatMap((a) => a.hits.map((h) => h.documentId)))];
    const documents = new Map(
      (
        await this.prisma.document.findMany({
          where: { id: { in: ids }, realmId: input.realmId, retiredAt: null, status: { not: "MIGRATING" } },
        })
      ).map((d) => [d.id, d]),
    );
    return answers.flatMap(({ database, hits }) =>
      hits
        .filter((h) => documents.has(h.documentId))
        .map((h, i) => ({ ...h, rank: i + 1, database, document: documents.get(h.documentId)! })),
    );
  }

  private async queryVector({ text, vector, k }: SearchInput): Promise<number[]> {
    if (!Number.isInteger(k) || k < 1 || k > MAX_API_SEARCH_K)
      throw new InvalidInputError(`k must be an integer from 1 to ${MAX_API_SEARCH_K}; it is ${k}.`, ["k"]);
    if ((text == null) === (vector == null))
      throw new InvalidInputError("Give either text (embedded for you) or vector, not both and not neither.", ["text"]);
    if (text != null) {
      const trimmed = text.trim();
      if (trimmed.length === 0) throw new InvalidInputError("The search text is empty.", ["text"]);
      if (trimmed.length > MAX_QUERY_TEXT)
        throw new InvalidInputError(`The search text is longer than ${MAX_QUERY_TEXT} characters.`, ["text"]);
      const [embedded] = await this.embedder.embed([trimmed]);
      return embedded!;
    }
    if (vector!.length !== this.embedder.dimension || !vector!.every((x) => Number.isFinite(x)))
      throw new InvalidInputError(
        `The vector must be ${this.embedder.dimension} finite numbers (the dimension of the realm's embedder ` +
          `${this.embedder.name}); it has ${vector!.length}.`,
        ["vector"],
      );
    return vector!;
  }
}
