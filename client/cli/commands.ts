// The commands of realm-migrate, each a function of its parsed flags and a connected SDK client that
// prints its result (human text, or one JSON value per line with --json) and returns the exit code.
import { MIGRATION_STATUSES, MIGRATION_TYPES, SdkError, type MigrationClient } from "@realm-migration/sdk";
import { MIGRATION_OPTIONS, UsageError, choice, int, list, migrationInput, str, type Values } from "./args.ts";
import { migrationsTable, planText, summaryLine, type Writer } from "./output.ts";
import { EXIT, watchCommand, type WatchIo } from "./watch.ts";

export interface CommandContext {
  client: MigrationClient;
  values: Values;
  /** Positional arguments after the command name. */
  args: string[];
  json: boolean;
  io: WatchIo;
}

export interface Command {
  options: Record<string, { type: "string" | "boolean"; multiple?: boolean; short?: string }>;
  run(ctx: CommandContext): Promise<number>;
}

const print = (out: Writer, json: boolean, value: unknown, text: () => string) =>
  out.write(json ? JSON.stringify(value) + "\n" : text());

function oneId(ctx: CommandContext, what = "migration id"): string {
  if (ctx.args.length !== 1) throw new UsageError(`Expected one ${what}, got ${ctx.args.length}.`);
  return ctx.args[0]!;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A Realm id: a bare UUID or Relay's base64 of "Realm:<uuid>". */
function looksLikeRealmId(value: string): boolean {
  if (UUID.test(value)) return true;
  const decoded = Buffer.from(value, "base64").toString("utf8");
  return decoded.startsWith("Realm:") && UUID.test(decoded.slice("Realm:".length));
}

/**
 * Resolves a realm given by name (or id) to its id. A value that is neither a visible realm's name nor an id
 * is refused here, naming it as a name, since that is what the user most likely meant.
 */
function realmResolver(client: MigrationClient): (idOrName: string) => Promise<string> {
  let realms: Promise<Array<{ id: string; name: string }>> | undefined;
  return async (value) => {
    realms ??= client.realms();
    const visible = await realms;
    const found = visible.find((r) => r.name === value)?.id;
    if (found) return found;
    if (looksLikeRealmId(value)) return value;
    const names = visible.map((r) => r.name);
    throw new SdkError(
      "NOT_FOUND",
      `no realm named "${value}"` +
        (names.length
          ? ` (realms this token can read: ${names.slice(0, 10).join(", ")}${names.length > 10 ? ", …" : ""})`
          : "") +
        ".",
    );
  };
}

export const COMMANDS: Record<string, Command> = {
  plan: {
    options: { ...MIGRATION_OPTIONS, limit: { type: "string" } },
    async run(ctx) {
      if (ctx.args.length) throw new UsageError(`plan takes no positional arguments (got "${ctx.args[0]}").`);
      const input = await migrationInput(ctx.values, realmResolver(ctx.client));
      const plan = await ctx.client.plan(input, { limit: int(ctx.values, "limit") });
      print(ctx.io.stdout, ctx.json, plan, () => planText(plan));
      return EXIT.OK;
    },
  },
  create: {
    options: { ...MIGRATION_OPTIONS, "scheduled-at": { type: "string" }, watch: { type: "boolean" } },
    async run(ctx) {
      if (ctx.args.length) throw new UsageError(`create takes no positional arguments (got "${ctx.args[0]}").`);
      const input = await migrationInput(ctx.values, realmResolver(ctx.client));
      const scheduledAt = str(ctx.values, "scheduled-at");
      if (scheduledAt !== undefined) {
        if (Number.isNaN(Date.parse(scheduledAt))) throw new UsageError("--scheduled-at must be an ISO 8601 time.");
        input.scheduledAt = new Date(scheduledAt).toISOString();
      }
      const created = await ctx.client.create(input);
      print(ctx.io.stdout, ctx.json, created, () => `Created ${summaryLine(created)}\n`);
      return ctx.values.watch ? watchCommand(ctx.client, created.id, ctx.json, ctx.io) : EXIT.OK;
    },
  },
  watch: {
    options: {},
    run: (ctx) => watchCommand(ctx.client, oneId(ctx), ctx.json, ctx.io),
  },
  cancel: {
    options: {},
    async run(ctx) {
      const migration = await ctx.client.cancel(oneId(ctx));
      print(ctx.io.stdout, ctx.json, migration, () => `${summaryLine(migration)}\n`);
      return EXIT.OK;
    },
  },
  rollback: {
    options: { force: { type: "boolean" }, watch: { type: "boolean" } },
    async run(ctx) {
      const migration = await ctx.client.rollback(oneId(ctx), { force: ctx.values.force === true });
      if (ctx.values.watch) return watchCommand(ctx.client, migration.id, ctx.json, ctx.io, migration.lastSequence);
      print(ctx.io.stdout, ctx.json, migration, () => `${summaryLine(migration)}\n`);
      return EXIT.OK;
    },
  },
  reschedule: {
    options: { at: { type: "string" } },
    async run(ctx) {
      const at = str(ctx.values, "at");
      if (!at || Number.isNaN(Date.parse(at)))
        throw new UsageError(`reschedule needs --at <time>, an ISO 8601 time such as 2026-12-01T09:00:00Z.`);
      const migration = await ctx.client.reschedule(oneId(ctx), new Date(at).toISOString());
      print(ctx.io.stdout, ctx.json, migration, () => `${summaryLine(migration)}\n`);
      return EXIT.OK;
    },
  },
  retry: {
    options: { documents: { type: "string", multiple: true } },
    async run(ctx) {
      const migration = await ctx.client.retry(oneId(ctx), list(ctx.values, "documents"));
      print(ctx.io.stdout, ctx.json, migration, () => `${summaryLine(migration)}\n`);
      return EXIT.OK;
    },
  },
  list: {
    options: {
      realm: { type: "string" },
      status: { type: "string" },
      type: { type: "string" },
      first: { type: "string" },
      after: { type: "string" },
    },
    async run(ctx) {
      if (ctx.args.length) throw new UsageError(`list takes no positional arguments (got "${ctx.args[0]}").`);
      const realm = str(ctx.values, "realm");
      const page = await ctx.client.migrations({
        realmId: realm ? await realmResolver(ctx.client)(realm) : undefined,
        status: choice(str(ctx.values, "status"), "status", MIGRATION_STATUSES),
        type: choice(str(ctx.values, "type"), "type", MIGRATION_TYPES),
        first: int(ctx.values, "first"),
        after: str(ctx.values, "after"),
      });
      print(ctx.io.stdout, ctx.json, page, () => {
        const more = page.nextCursor ? `more: --after ${page.nextCursor}\n` : "";
        return `${page.items.length ? migrationsTable(page.items) : "No migrations.\n"}${page.totalCount} in all\n${more}`;
      });
      return EXIT.OK;
    },
  },
};
