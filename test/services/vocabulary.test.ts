// The vocabulary is one list per concept: the GraphQL enums, Prisma's enums, the webhook names and the
// SDK's generated lists must all equal (or be drawn from) the lists in services/vocabulary.ts.
import { describe, expect, it } from "vitest";
import type { GraphQLEnumType, GraphQLSchema } from "graphql";
import { schema } from "../../server/schema/index.ts";
import * as v from "../../server/services/vocabulary.ts";
import * as prismaEnums from "../../server/generated/prisma/enums.ts";
import { WEBHOOK_EVENTS, webhookEventFor } from "../../server/services/webhooks/outbox.ts";
import * as sdk from "../../client/sdk/generated/vocabulary.ts";

/** An enum's values as resolvers see them (internal values), in definition order. */
function enumValues(s: GraphQLSchema, name: string): unknown[] {
  // Duck-typed: the schema's graphql module instance is not necessarily the test's.
  const type = s.getType(name) as GraphQLEnumType | undefined;
  if (!type || !("getValues" in type)) throw new Error(`${name} is not an enum`);
  return type.getValues().map((value) => value.value);
}

describe("vocabulary", () => {
  it("GraphQL enums carry exactly the lists' values", () => {
    expect(enumValues(schema, "MigrationType").sort()).toEqual([...v.MIGRATION_TYPES].sort());
    expect(enumValues(schema, "MigrationStatus").sort()).toEqual([...v.MIGRATION_STATUSES].sort());
    expect(enumValues(schema, "MigrationItemStatus").sort()).toEqual([...v.MIGRATION_ITEM_STATUSES].sort());
    expect(enumValues(schema, "RollbackStatus").sort()).toEqual([...v.ROLLBACK_STATUSES].sort());
    expect(enumValues(schema, "WebhookEvent").sort()).toEqual([...WEBHOOK_EVENTS].sort());
    expect(enumValues(schema, "MigrationEventType").sort()).toEqual([...v.MIGRATION_EVENT_TYPES].sort());
    expect(enumValues(schema, "Stage").sort()).toEqual([...v.STAGE_NAMES].sort());
  });

  it("names a dotted or hyphenated word's GraphQL enum value in SCREAMING_CASE", () => {
    const webhook = schema.getType("WebhookEvent") as GraphQLEnumType;
    expect(webhook.getValue("MIGRATION_ITEM_FAILED")?.value).toBe("migration.item_failed");
    expect(v.graphqlEnumName("item.rollback_failed")).toBe("ITEM_ROLLBACK_FAILED");
    expect(v.graphqlEnumName("markdown-conversion")).toBe("MARKDOWN_CONVERSION");
    for (const [enumName, words] of [
      ["MigrationEventType", v.MIGRATION_EVENT_TYPES],
      ["Stage", v.STAGE_NAMES],
    ] as const) {
      const type = schema.getType(enumName) as GraphQLEnumType;
      expect(type.getValues().map((value) => value.name)).toEqual(words.map(v.graphqlEnumName).sort());
      for (const word of words) expect(type.getValue(v.graphqlEnumName(word))?.value).toBe(word);
    }
  });

  it("matches Prisma's enums at run time too", () => {
    expect(Object.values(prismaEnums.MigrationType)).toEqual([...v.MIGRATION_TYPES]);
    expect(Object.values(prismaEnums.MigrationStatus)).toEqual([...v.MIGRATION_STATUSES]);
    expect(Object.values(prismaEnums.MigrationItemStatus)).toEqual([...v.MIGRATION_ITEM_STATUSES]);
    expect(Object.values(prismaEnums.RollbackStatus)).toEqual([...v.ROLLBACK_STATUSES]);
  });

  it("keeps subsets inside their lists and lists free of repeats", () => {
    for (const list of [v.MIGRATION_STATUSES, v.MIGRATION_ITEM_STATUSES, v.MIGRATION_EVENT_TYPES, v.STAGE_NAMES])
      expect(new Set(list).size).toBe(list.length);
    for (const s of [...v.FINAL_MIGRATION_STATUSES, ...v.ACTIVE_MIGRATION_STATUSES])
      expect(v.MIGRATION_STATUSES).toContain(s);
    for (const s of v.FINAL_ITEM_STATUSES) expect(v.MIGRATION_ITEM_STATUSES).toContain(s);
    expect(v.MIGRATION_LEVEL_EVENT_TYPES.every((t) => t.startsWith("migration."))).toBe(true);
    expect(v.MIGRATION_EVENT_TYPES.filter((t) => !v.MIGRATION_LEVEL_EVENT_TYPES.includes(t))).toEqual(
      v.MIGRATION_EVENT_TYPES.filter(
        (t) => t.startsWith("item.") || t.startsWith("items.") || t === "retrieval.verified",
      ),
    );
  });

  it("records a finished run with an event of the list", () => {
    expect(v.endEventFor("COMPLETED")).toBe("migration.completed");
    expect(v.endEventFor("FAILED")).toBe("migration.failed");
    expect(v.endEventFor("CANCELLED")).toBe("migration.cancelled");
  });

  it("ends a stream on a migration-level event in a final status only", () => {
    expect(v.isFinalEvent({ type: "migration.completed", status: "COMPLETED" })).toBe(true);
    expect(v.isFinalEvent({ type: "migration.rollback_failed", status: "FAILED" })).toBe(true);
    // The last item's event carries the status before the migration-level event changes it.
    expect(v.isFinalEvent({ type: "item.completed", status: "COMPLETED" })).toBe(false);
    expect(v.isFinalEvent({ type: "migration.rolling_back", status: "ROLLING_BACK" })).toBe(false);
    // Retrieval parity is recorded in the ending transaction, before the end event: it must not end a stream.
    expect(v.isFinalEvent({ type: "retrieval.verified", status: "COMPLETED" })).toBe(false);
  });

  it("delivers to webhooks only the events that have a webhook name", () => {
    const delivered = Object.fromEntries(
      v.MIGRATION_EVENT_TYPES.flatMap((type) => {
        const name = webhookEventFor(type);
        return name ? [[type, name]] : [];
      }),
    );
    expect(delivered).toEqual({
      "migration.created": "migration.created",
      "migration.started": "migration.started",
      "migration.completed": "migration.completed",
      "migration.failed": "migration.failed",
      "migration.cancelled": "migration.cancelled",
      "migration.rolled_back": "migration.rolled_back",
      "migration.rollback_failed": "migration.failed",
      "item.failed": "migration.item_failed",
    });
    expect(new Set(Object.values(delivered))).toEqual(new Set(WEBHOOK_EVENTS));
  });

  it("gives the SDK the same lists, in the same order (npm run codegen regenerates them)", () => {
    expect(sdk.MIGRATION_TYPES).toEqual(v.MIGRATION_TYPES);
    expect(sdk.MIGRATION_STATUSES).toEqual(v.MIGRATION_STATUSES);
    expect(sdk.FINAL_MIGRATION_STATUSES).toEqual(v.FINAL_MIGRATION_STATUSES);
    expect(sdk.ACTIVE_MIGRATION_STATUSES).toEqual(v.ACTIVE_MIGRATION_STATUSES);
    expect(sdk.MIGRATION_ITEM_STATUSES).toEqual(v.MIGRATION_ITEM_STATUSES);
    expect(sdk.FINAL_ITEM_STATUSES).toEqual(v.FINAL_ITEM_STATUSES);
    expect(sdk.ROLLBACK_STATUSES).toEqual(v.ROLLBACK_STATUSES);
    // Event types and stages as the wire carries them (the enums' names), with the stages' own names as labels.
    expect(sdk.MIGRATION_EVENT_TYPES).toEqual(v.MIGRATION_EVENT_TYPES.map(v.graphqlEnumName));
    expect(sdk.MIGRATION_LEVEL_EVENT_TYPES).toEqual(v.MIGRATION_LEVEL_EVENT_TYPES.map(v.graphqlEnumName));
    expect(sdk.STAGE_NAMES).toEqual(v.STAGE_NAMES.map(v.graphqlEnumName));
    expect(Object.keys(sdk.STAGE_LABELS)).toEqual(sdk.STAGE_NAMES);
    expect(Object.values(sdk.STAGE_LABELS)).toEqual(v.STAGE_NAMES);
  });
});
