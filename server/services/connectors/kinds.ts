// Every connector kind, registered once. The registry is typed by DatabaseKind, so a kind added to the Prisma
// enum without a descriptor here does not compile. Everything per kind is read from it: createDatabase's
// settings and their refusals, the API's DatabaseKind values and settings fields, the factory, what a kind holds.
import { z } from "zod";
import type { Database } from "../../generated/prisma/client.ts";
import type { DatabaseKind } from "../../generated/prisma/enums.ts";
import { InvalidInputError } from "../errors.ts";
import {
  SETTING_DOCS,
  type ConfigureContext,
  type Configured,
  type ConnectorContext,
  type ConnectorDescriptor,
  type Endpoint,
} from "./descriptor.ts";
import { embeddedKind } from "./embedded.ts";
import { neo4jKind } from "./neo4j.ts";
import { qdrantKind } from "./qdrant.ts";
import type { Connector } from "./types.ts";

export const CONNECTOR_KINDS: { readonly [K in DatabaseKind]: ConnectorDescriptor<K> } = {
  EMBEDDED: embeddedKind,
  QDRANT: qdrantKind,
  NEO4J: neo4jKind,
};

/** The descriptors in registry order, the order the API lists kinds and settings in. */
export const DESCRIPTORS: readonly ConnectorDescriptor[] = Object.values(CONNECTOR_KINDS);

/** Whether a kind stores the entity graph (entities and relations) besides chunks. */
export const HOLDS_GRAPH = Object.fromEntries(DESCRIPTORS.map((d) => [d.kind, d.holds.graph])) as Record<
  DatabaseKind,
  boolean
>;

/** One createDatabase setting, over every kind that takes it. */
export interface SettingField {
  name: string;
  type: "String" | "Int";
  /** Write-only: sealed, never returned. */
  secret: boolean;
  /** Each kind that takes it, its description there and whether createDatabase requires it. */
  uses: { kind: DatabaseKind; description: string; required: boolean }[];
  /** Its description on the Database type, when it is returned there. */
  shown: string | undefined;
}

/** Settings merged by name across the descriptors, in their order; a name means one type everywhere. */
export function settingFieldsOf(descriptors: readonly ConnectorDescriptor[]): SettingField[] {
  const fields = new Map<string, SettingField>();
  for (const { kind, input } of descriptors) {
    const schema = z.toJSONSchema(input, { io: "input" });
    const required = new Set(schema.required ?? []);
    for (const [name, setting] of Object.entries(input.shape)) {
      const doc = SETTING_DOCS.get(setting);
      if (!doc) throw new Error(`${kind} setting "${name}" is not registered in SETTING_DOCS.`);
      if (doc.secret && doc.shown) throw new Error(`${kind} setting "${name}" is secret, so it cannot be shown.`);
      const type = apiTypeOf(schema.properties?.[name], `${kind} setting "${name}"`);
      const field = fields.get(name) ?? { name, type, secret: doc.secret === true, uses: [], shown: undefined };
      if (field.type !== type || field.secret !== (doc.secret === true)) {
        throw new Error(`Setting "${name}" is ${field.type} for ${field.uses[0]!.kind} but differs for ${kind}.`);
      }
      field.uses.push({ kind, description: doc.description, required: required.has(name) });
      if (doc.shown) field.shown = field.shown ? `${field.shown} ${doc.shown}` : doc.shown;
      fields.set(name, field);
    }
  }
  return [...fields.values()];
}

function apiTypeOf(property: z.core.JSONSchema._JSONSchema | undefined, what: string): SettingField["type"] {
  const type = typeof property === "object" ? property.type : undefined;
  if (type === "string") return "String";
  if (type === "integer") return "Int";
  throw new Error(`${what} must be a string or an integer (found ${JSON.stringify(type)}).`);
}

export const SETTING_FIELDS: readonly SettingField[] = settingFieldsOf(DESCRIPTORS);

/** Settings before credentials: of several settings that do not apply, the refusal names a setting first. */
const REFUSAL_ORDER = [...SETTING_FIELDS.filter((f) => !f.secret), ...SETTING_FIELDS.filter((f) => f.secret)];

/**
 * What createDatabase stores for `kind`, and the address the outbound policy must allow. A setting of another
 * kind is refused by name first; then the kind's schema validates its own (null counts as absent).
 */
export function configureDatabase(
  kind: DatabaseKind,
  input: Readonly<Record<string, unknown>>,
  context: ConfigureContext,
): Configured & { endpoint: (Endpoint & { address: string }) | undefined } {
  const descriptor = CONNECTOR_KINDS[kind];
  const values: Record<string, unknown> = {};
  for (const { name } of REFUSAL_ORDER) {
    if (input[name] == null) continue;
    if (!(name in descriptor.input.shape)) {
      throw new InvalidInputError(`"${name}" does not apply to ${kind} databases; remove it.`, ["input", name]);
    }
    values[name] = input[name];
  }
  const configured = descriptor.configure(values, context);
  return { ...configured, endpoint: endpointIn(descriptor, configured.settings) };
}

/** The address a database's connector connects to (checked by the outbound policy), if it connects anywhere. */
export function endpointOf(database: Database): (Endpoint & { address: string }) | undefined {
  const descriptor = CONNECTOR_KINDS[database.kind];
  return endpointIn(descriptor, descriptor.settingsOf(database));
}

function endpointIn(descriptor: ConnectorDescriptor, settings: Record<string, unknown>) {
  const { endpoint } = descriptor;
  const address = endpoint ? settings[endpoint.setting] : undefined;
  return endpoint && typeof address === "string" ? { ...endpoint, address } : undefined;
}

/** A connector on `database`, not yet made ready; `credentials` are its opened secret ({} without one). */
export function openConnector(database: Database, credentials: unknown, context: ConnectorContext): Connector {
  return CONNECTOR_KINDS[database.kind].open(database, credentials, context);
}

/**
 * The settings the Database type returns for `database`: its kind's shown settings, nothing else (credentials
 * are sealed apart and never among them). Settings its kind cannot read show as none rather than failing a list.
 */
export function shownSettingsOf(database: Pick<Database, "kind" | "name" | "config">): Record<string, unknown> {
  let settings: Record<string, unknown>;
  try {
    settings = CONNECTOR_KINDS[database.kind].settingsOf(database);
  } catch {
    return {};
  }
  const shown = SETTING_FIELDS.filter((f) => f.shown && f.uses.some((u) => u.kind === database.kind));
  return Object.fromEntries(shown.filter((f) => settings[f.name] !== undefined).map((f) => [f.name, settings[f.name]]));
}
