// What the server knows about a connector kind beside its Connector class: the createDatabase settings it takes
// (one zod schema validates and documents them), how they are stored, what it holds, which address the outbound
// policy checks, and how a connector is opened. Every kind registers one descriptor in kinds.ts.
import { z } from "zod";
import type { Database } from "../../generated/prisma/client.ts";
import type { DatabaseKind } from "../../generated/prisma/enums.ts";
import type { Prisma } from "../db/open.ts";
import { InvalidInputError } from "../errors.ts";
import type { Connector } from "./types.ts";

/** How a createDatabase setting is documented in the API. Attach it with `.register(SETTING_DOCS, …)`. */
export interface SettingDoc {
  /** What it is, without the kind: the API says "QDRANT: <description>". */
  description: string;
  /** Write-only: sealed with the SecretBox, never stored in plain settings, returned or logged. */
  secret?: true;
  /** Returned on the Database type under the same name, with this description. Never for a secret. */
  shown?: string;
}

export const SETTING_DOCS = z.registry<SettingDoc>();

export interface Holds {
  /** Chunks with their vectors. */
  vectors: boolean;
  /** Entities and the relations between them. */
  graph: boolean;
}

/** What creating a database of this kind needs besides its input. */
export interface ConfigureContext {
  /** EMBEDDING_DIMENSION, for a database that names no vector size. */
  defaultVectorSize: number;
}

/** What opening a connector needs besides its database's settings. */
export interface ConnectorContext extends ConfigureContext {
  prisma: Prisma;
}

/** What createDatabase stores: settings as plain JSON in Database.config, credentials sealed in Database.secret. */
export interface Configured {
  settings: Record<string, unknown>;
  credentials: Record<string, unknown>;
}

/** One descriptor as the registry holds it, whatever its settings' types. */
export interface ConnectorDescriptor<K extends DatabaseKind = DatabaseKind> {
  readonly kind: K;
  /** The DatabaseKind value's description in the API. */
  readonly description: string;
  readonly holds: Holds;
  /** The createDatabase fields this kind takes; each is registered in SETTING_DOCS. */
  readonly input: z.ZodObject;
  /** The stored setting holding the address the connector connects to, if it connects anywhere. */
  readonly endpoint: Endpoint | undefined;
  /** Validates the kind's createDatabase fields (absent ones undefined); refusals name the field. */
  configure(values: Record<string, unknown>, context: ConfigureContext): Configured;
  /** Settings as stored in Database.config; refuses (with the database named) settings the kind cannot use. */
  settingsOf(database: Pick<Database, "name" | "config">): Record<string, unknown>;
  /** A connector on `database` (not yet made ready). `credentials` are the opened Database.secret, or {}. */
  open(database: Database, credentials: unknown, context: ConnectorContext): Connector;
}

export interface Endpoint {
  /** The stored setting, named as in createDatabase (refusals at creation point at it). */
  setting: string;
  /** How the outbound policy's refusal names it, e.g. "Database URLs". */
  what: string;
}

interface Spec<K extends DatabaseKind, I extends z.ZodObject, S extends z.ZodObject, C extends z.ZodObject> {
  kind: K;
  description: string;
  holds: Holds;
  input: I;
  /** Database.config; parsed with this schema whenever it is read. */
  settings: S;
  /** The sealed Database.secret; {} when the database has none. */
  credentials: C;
  endpoint?: { setting: keyof z.output<S> & keyof z.output<I> & string; what: string };
  configure(values: z.output<I>, context: ConfigureContext): { settings: z.input<S>; credentials: z.input<C> };
  open(
    stored: { database: Database; settings: z.output<S>; credentials: z.output<C> },
    context: ConnectorContext,
  ): Connector;
}

/** A descriptor from its typed spec: input, settings and credentials are parsed here, so `configure` and `open` get typed values. */
export function defineConnector<
  K extends DatabaseKind,
  I extends z.ZodObject,
  S extends z.ZodObject,
  C extends z.ZodObject,
>(spec: Spec<K, I, S, C>): ConnectorDescriptor<K> {
  const settingsOf = (database: Pick<Database, "name" | "config">): z.output<S> => {
    const parsed = spec.settings.safeParse(database.config ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new Error(
        `${spec.kind} database "${database.name}" has unusable settings (${issue.path.join(".") || "config"}: ${issue.message}); recreate it.`,
      );
    }
    return parsed.data;
  };
  return {
    kind: spec.kind,
    description: spec.description,
    holds: spec.holds,
    input: spec.input,
    endpoint: spec.endpoint,
    configure(values, context) {
      const parsed = spec.input.safeParse(values);
      if (!parsed.success) {
        // One refusal at a time, the first field in the schema's order, as the API reports one path.
        const issue = parsed.error.issues[0]!;
        throw new InvalidInputError(issue.message, ["input", ...issue.path.map(String)]);
      }
      const { settings, credentials } = spec.configure(parsed.data, context);
      const leaked = secretSettings(spec.input).filter((name) => name in settings);
      // A descriptor bug, not the caller's: a secret must never reach the plain settings.
      if (leaked.length > 0) throw new Error(`${spec.kind} would store ${leaked.join(", ")} unsealed.`);
      return { settings, credentials } as Configured;
    },
    settingsOf,
    open(database, credentials, context) {
      const settings = settingsOf(database);
      const opened = spec.credentials.safeParse(credentials ?? {});
      if (!opened.success) throw new Error(`${spec.kind} database "${database.name}" has unusable credentials.`);
      const connector = spec.open({ database, settings, credentials: opened.data }, context);
      // Metrics and verification label by connector.kind: it must be the kind that opened it.
      if (connector.kind !== spec.kind) throw new Error(`${spec.kind} opened a ${connector.kind} connector.`);
      return connector;
    },
  };
}

/** The input fields documented as secret. */
export function secretSettings(input: z.ZodObject): string[] {
  return Object.entries(input.shape)
    .filter(([, field]) => SETTING_DOCS.get(field)?.secret)
    .map(([name]) => name);
}

/**
 * A URL setting with one of `protocols` and no credentials in it (they belong in a secret setting), stored
 * without a trailing slash. Missing or malformed gives the same refusal, naming `field`.
 */
export function urlSetting(field: string, protocols: readonly string[]) {
  const wrong = `"${field}" must be a URL starting with ${protocols.map((p) => `${p}//`).join(" or ")}.`;
  return z.string({ error: wrong }).transform((value, ctx) => {
    const url = URL.canParse(value) ? new URL(value) : undefined;
    if (!url || !protocols.includes(url.protocol)) {
      ctx.issues.push({ code: "custom", message: wrong, input: value });
      return z.NEVER;
    }
    if (url.username || url.password) {
      ctx.issues.push({
        code: "custom",
        message: `Put credentials in the password/apiKey fields, not in "${field}".`,
        input: value,
      });
      return z.NEVER;
    }
    return url.toString().replace(/\/$/, "");
  });
}
