// Configured ingestion targets. Connection settings are plain JSON; credentials (Qdrant api key,
// Neo4j password) are sealed with the SecretBox and never returned or logged.
import type { Prisma } from "./db/open.ts";
import type { Viewer } from "./access.ts";
import type { SecretBox } from "./secrets.ts";
import { ConflictError, InvalidInputError, NotFoundError } from "./errors.ts";
import { mapUniqueViolation } from "./prisma-errors.ts";
import type { Database } from "../generated/prisma/client.ts";
import type { DatabaseKind } from "../generated/prisma/enums.ts";
import type { OutboundPolicy } from "./net/outbound-policy.ts";

export interface CreateDatabaseInput {
  name: string;
  kind: DatabaseKind;
  /** Qdrant REST url. */
  url?: string | null | undefined;
  collection?: string | null | undefined;
  vectorSize?: number | null | undefined;
  /** Neo4j bolt/neo4j url. */
  uri?: string | null | undefined;
  databaseName?: string | null | undefined;
  username?: string | null | undefined;
  password?: string | null | undefined;
  apiKey?: string | null | undefined;
}

/** Non-secret settings, as stored in Database.config. */
export interface DatabaseSettings {
  url?: string;
  collection?: string;
  vectorSize?: number;
  distance?: "Cosine";
  uri?: string;
  databaseName?: string;
  username?: string;
}

export interface DatabaseCredentials {
  apiKey?: string;
  password?: string;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

export class DatabaseService {
  constructor(
    private readonly prisma: Prisma,
    private readonly secrets: SecretBox,
    private readonly defaultVectorSize: number,
    /** Kinds this build can ingest into. */
    private readonly supportedKinds: readonly DatabaseKind[],
    private readonly outbound: OutboundPolicy,
  ) {}

  /** Admins see every database; others see those attached to realms they can read. */
  async list(viewer: Viewer): Promise<Database[]> {
    const ids = viewer.readableRealmIds();
    return this.prisma.database.findMany({
      where: ids ? { realms: { some: { realmId: { in: ids } } } } : {},
      orderBy: { name: "asc" },
    });
  }

  async get(viewer: Viewer, id: string): Promise<Database> {
    const database = await this.prisma.database.findUnique({ where: { id }, include: { realms: true } });
    const visible = database && (viewer.admin || database.realms.some((l) => viewer.canRead(l.realmId)));
    if (!visible) throw new NotFoundError("Database", id);
    return database;
  }

  async create(viewer: Viewer, input: CreateDatabaseInput): Promise<Database> {
    viewer.assertAdmin("create databases");
    const name = input.name.trim();
    if (!NAME.test(name)) {
      throw new InvalidInputError("A database name is 1–63 letters, digits, dots, dashes or underscores.", [
        "input",
        "name",
      ]);
    }
    if (!this.supportedKinds.includes(input.kind)) {
      throw new InvalidInputError(`${input.kind} databases are not supported by this server yet.`, ["input", "kind"]);
    }
    const { settings, credentials } = this.validate(input);
    if (settings.url) await this.outbound.assertUrlAllowed(settings.url, ["input", "url"], "Database URLs");
    if (settings.uri) await this.outbound.assertUrlAllowed(settings.uri, ["input", "uri"], "Database URIs");
    const conflict = () =>
      new ConflictError(`A database named "${name}" already exists. Choose another name.`, ["input", "name"]);
    if (await this.prisma.database.findUnique({ where: { name } })) throw conflict();
    const secret = Object.keys(credentials).length > 0 ? this.secrets.seal(JSON.stringify(credentials)) : null;
    return mapUniqueViolation(
      () => this.prisma.database.create({ data: { name, kind: input.kind, config: settings as object, secret } }),
      conflict,
    );
  }

  settingsOf(database: Database): DatabaseSettings {
    return database.config as DatabaseSettings;
  }

  credentialsOf(database: Database): DatabaseCredentials {
    return database.secret ? (JSON.parse(this.secrets.open(database.secret)) as DatabaseCredentials) : {};
  }

  private validate(input: CreateDatabaseInput): { settings: DatabaseSettings; credentials: DatabaseCredentials } {
    const only = (allowed: (keyof CreateDatabaseInput)[]) => {
      const optional: (keyof CreateDatabaseInput)[] = [
        "url",
        "collection",
        "vectorSize",
        "uri",
        "databaseName",
        "username",
        "password",
        "apiKey",
      ];
      for (const key of optional) {
        if (!allowed.includes(key) && input[key] != null) {
          throw new InvalidInputError(`"${key}" does not apply to ${input.kind} databases; remove it.`, ["input", key]);
        }
      }
    };
    switch (input.kind) {
      case "EMBEDDED":
        only([]);
        return { settings: {}, credentials: {} };
      case "QDRANT": {
        only(["url", "collection", "vectorSize", "apiKey"]);
        const url = requireUrl(input.url, ["http:", "https:"], "url");
        const collection = input.collection?.trim() ?? "";
        if (!/^[A-Za-z0-9_-]{1,255}$/.test(collection)) {
          throw new InvalidInputError("A Qdrant database needs a collection name of letters, digits, _ or -.", [
            "input",
            "collection",
          ]);
        }
        const vectorSize = input.vectorSize ?? this.defaultVectorSize;
        if (!Number.isInteger(vectorSize) || vectorSize < 1 || vectorSize > 65536) {
          throw new InvalidInputError("vectorSize must be an integer between 1 and 65536.", ["input", "vectorSize"]);
        }
        return {
          settings: { url, collection, vectorSize, distance: "Cosine" },
          credentials: input.apiKey ? { apiKey: input.apiKey } : {},
        };
      }
      case "NEO4J": {
        only(["uri", "databaseName", "username", "password"]);
        const uri = requireUrl(input.uri, ["bolt:", "bolt+s:", "bolt+ssc:", "neo4j:", "neo4j+s:", "neo4j+ssc:"], "uri");
        const databaseName = input.databaseName?.trim() || "neo4j";
        if (!/^[A-Za-z][A-Za-z0-9.-]{2,62}$/.test(databaseName)) {
          throw new InvalidInputError("databaseName must be a valid Neo4j database name.", ["input", "databaseName"]);
        }
        const settings: DatabaseSettings = { uri, databaseName };
        if (input.username) settings.username = input.username;
        return { settings, credentials: input.password ? { password: input.password } : {} };
      }
    }
  }
}

function requireUrl(value: string | null | undefined, protocols: string[], field: string): string {
  let url: URL | undefined;
  try {
    url = value ? new URL(value) : undefined;
  } catch {
    url = undefined;
  }
  if (!url || !protocols.includes(url.protocol)) {
    throw new InvalidInputError(
      `"${field}" must be a URL starting with ${protocols.map((p) => `${p}//`).join(" or ")}.`,
      ["input", field],
    );
  }
  if (url.username || url.password) {
    throw new InvalidInputError(`Put credentials in the password/apiKey fields, not in "${field}".`, ["input", field]);
  }
  return url.toString().replace(/\/$/, "");
}
