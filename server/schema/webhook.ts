// Webhooks: subscribe a URL to migration events, read its delivery log. The signing secret is returned by
// createWebhook only; no field returns it afterwards.
import { builder, viewerOf } from "../builder.ts";
import { ForbiddenError, InvalidInputError, NotFoundError } from "../services/errors.ts";
import { nodeRef, parseId } from "./ids.ts";
import type { Webhook as WebhookRow } from "../generated/prisma/client.ts";
import { WEBHOOK_EVENTS, type WebhookEventName } from "../services/webhooks/outbox.ts";
import { enumValuesOf } from "./vocabulary.ts";

const WEBHOOK_EVENT_DESCRIPTIONS = {
  "migration.created": "A migration was created (or scheduled).",
  "migration.started": "The runner started it.",
  "migration.completed": "Every item completed or was skipped.",
  "migration.failed": "It ended with failed items.",
  "migration.cancelled": "It was cancelled.",
  "migration.rolled_back": "Its rollback finished.",
  "migration.item_failed": "One document failed for good (after its retries); `item` names it.",
} satisfies Record<WebhookEventName, string>;

export const WebhookEventEnum = builder.enumType("WebhookEvent", {
  description: "A migration event a webhook can subscribe to (sent as the dotted name in `event`).",
  values: enumValuesOf(WEBHOOK_EVENTS, WEBHOOK_EVENT_DESCRIPTIONS),
});

const WebhookDeliveryStatusEnum = builder.enumType("WebhookDeliveryStatus", {
  description: "Where a delivery stands.",
  values: {
    PENDING: { description: "Waiting for its first attempt or, after a failed one, its next." },
    DELIVERING: { description: "An attempt is under way." },
    SUCCEEDED: { description: "The receiver answered 2xx." },
    FAILED: { description: "Every attempt failed; it is not sent again." },
  } as const,
});

builder.prismaObject("WebhookAttempt", {
  description: "One attempt at a delivery.",
  fields: (t) => ({
    attempt: t.exposeInt("attempt", { description: "1 for the first attempt." }),
    statusCode: t.exposeInt("statusCode", { nullable: true, description: "HTTP status; null when none came back." }),
    error: t.exposeString("error", {
      nullable: true,
      description: "Why it failed (non-2xx status, timeout, connection error); null on success.",
    }),
    durationMs: t.exposeInt("durationMs", { description: "Time until the response status (or the failure)." }),
    createdAt: t.expose("createdAt", { type: "DateTime", description: "When it ended." }),
  }),
});

builder.prismaObject("WebhookDelivery", {
  description: "One event sent (or to be sent) to one webhook, with its attempts.",
  fields: (t) => ({
    id: t.exposeID("id", { description: "Delivery id: the X-Delivery-Id header and `id` in the body." }),
    event: t.field({
      type: WebhookEventEnum,
      description: "The event.",
      resolve: (d) => d.event as typeof WebhookEventEnum.$inferType,
    }),
    migrationId: t.globalID({
      description: "The migration it is about.",
      resolve: (d) => nodeRef("Migration", d.migrationId),
    }),
    sequence: t.exposeInt("sequence", { description: "The migration event's sequence number." }),
    status: t.expose("status", { type: WebhookDeliveryStatusEnum, description: "State." }),
    attempts: t.exposeInt("attempts", { description: "Attempts made so far." }),
    lastStatusCode: t.exposeInt("lastStatusCode", {
      nullable: true,
      description: "HTTP status of the last attempt.",
    }),
    lastError: t.exposeString("lastError", { nullable: true, description: "Error of the last attempt." }),
    nextAttemptAt: t.field({
      type: "DateTime",
      nullable: true,
      description: "When it is tried next (PENDING only).",
      resolve: (d) => (d.status === "PENDING" ? d.nextAttemptAt : null),
    }),
    deliveredAt: t.expose("deliveredAt", { type: "DateTime", nullable: true, description: "When it succeeded." }),
    createdAt: t.expose("createdAt", { type: "DateTime", description: "When the event happened." }),
    attemptLog: t.relation("attemptLog", {
      description: "Every attempt, first to last.",
      query: { orderBy: { attempt: "asc" } },
    }),
  }),
});

export const Webhook = builder.prismaNode("Webhook", {
  id: { field: "id" },
  description: "A URL that receives signed POSTs for migration events of one realm (or of every realm).",
  // Realm webhooks are visible to the realm's readers; realm-less ones to admins.
  authScopes: (w: WebhookRow) => (w.realmId ? { $any: { readRealm: w.realmId, admin: true } } : { admin: true }),
  fields: (t) => ({
    url: t.exposeString("url", { description: "Where deliveries are POSTed." }),
    events: t.field({
      type: [WebhookEventEnum],
      description: "Events it receives.",
      resolve: (w) => w.events as Array<typeof WebhookEventEnum.$inferType>,
    }),
    realm: t.relation("realm", {
      nullable: true,
      description: "Realm whose migrations (as source or target) it follows; null: every realm.",
    }),
    description: t.exposeString("description", { description: "Free text." }),
    createdAt: t.expose("createdAt", { type: "DateTime", description: "Creation." }),
    deliveries: t.relatedConnection("deliveries", {
      cursor: "id",
      description: "The delivery log, newest first, optionally by status.",
      args: { status: t.arg({ type: WebhookDeliveryStatusEnum, description: "Only deliveries in this state." }) },
      query: (args) => ({
        where: args.status ? { status: args.status } : {},
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      }),
      totalCount: true,
    }),
  }),
});

const CreatedWebhook = builder.objectRef<{ webhook: WebhookRow; secret: string }>("CreatedWebhook").implement({
  description: "A new webhook. Store `secret` now: it cannot be shown again.",
  fields: (t) => ({
    webhook: t.field({ type: Webhook, description: "Its record.", resolve: (p) => p.webhook }),
    secret: t.exposeString("secret", {
      description:
        "Standard Webhooks signing secret (whsec_<base64>): verify the webhook-signature header with any Standard Webhooks library.",
    }),
  }),
});

const CreateWebhookInput = builder.inputType("CreateWebhookInput", {
  fields: (t) => ({
    url: t.string({ required: true, description: "An http:// or https:// URL without credentials." }),
    events: t.field({ type: [WebhookEventEnum], required: true, description: "Events to receive (at least one)." }),
    realmId: t.id({
      description: "Follow migrations from or to this realm (EDITOR on it needed). Omit for every realm (admin only).",
    }),
    description: t.string({ description: "Free text, up to 500 characters." }),
  }),
});

builder.queryFields((t) => ({
  webhooks: t.prismaField({
    type: ["Webhook"],
    description: "Webhooks you can see (admins: all; others: those of realms they read), oldest first.",
    args: { realmId: t.arg.id({ description: "Only the webhooks of this realm." }) },
    resolve: (query, _root, args, ctx) =>
      ctx.services.webhooks.list(
        viewerOf(ctx),
        args.realmId != null ? parseId(args.realmId, "Realm", ["realmId"]) : null,
        query,
      ),
  }),
  webhook: t.prismaField({
    type: "Webhook",
    nullable: true,
    description: "One webhook, or null when it does not exist or your token cannot see it.",
    args: { id: t.arg.id({ required: true, description: "Webhook id." }) },
    resolve: (_query, _root, args, ctx) =>
      ctx.services.webhooks.get(viewerOf(ctx), parseId(args.id, "Webhook", ["id"])).catch((error: unknown) => {
        if ((error as { code?: string }).code === "NOT_FOUND") return null;
        throw error;
      }),
  }),
}));

builder.mutationFields((t) => ({
  createWebhook: t.field({
    type: CreatedWebhook,
    description: "Subscribes a URL to migration events. The signing secret is in the result and nowhere else.",
    errors: { types: [NotFoundError, ForbiddenError, InvalidInputError] },
    args: { input: t.arg({ type: CreateWebhookInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      ctx.services.webhooks.create(viewerOf(ctx), {
        url: input.url,
        events: input.events,
        // Only an absent realmId means every realm; "" is an invalid id, not a wildcard.
        realmId: input.realmId == null ? null : parseId(input.realmId, "Realm", ["input", "realmId"]),
        description: input.description,
      }),
  }),
  deleteWebhook: t.prismaField({
    type: "Webhook",
    description: "Deletes a webhook and its delivery log; deliveries not yet sent are dropped.",
    errors: { types: [NotFoundError, ForbiddenError, InvalidInputError] },
    args: { id: t.arg.id({ required: true, description: "Webhook id." }) },
    // The selected fields are loaded before the delete: the result is the webhook as it was.
    resolve: (query, _root, args, ctx) =>
      ctx.services.webhooks.delete(viewerOf(ctx), parseId(args.id, "Webhook", ["id"]), query),
  }),
}));
