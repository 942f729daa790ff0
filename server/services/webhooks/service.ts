// Webhooks: subscriptions to migration events of one realm (or, admin only, of every realm). The signing
// secret is generated here, returned once by create() and stored sealed with the SecretBox; nothing reads it
// back except the dispatcher. Input is validated before anything is written.
import type { Prisma } from "../db/open.ts";
import type { Viewer } from "../access.ts";
import type { SecretBox } from "../secrets.ts";
import { ForbiddenError, InvalidInputError, NotFoundError } from "../errors.ts";
import type { Prisma as P, Webhook } from "../../generated/prisma/client.ts";
import { WEBHOOK_EVENTS, isWebhookEvent } from "./outbox.ts";
import type { OutboundPolicy } from "../net/outbound-policy.ts";
import { hasSelection } from "../prisma-views.ts";
import { generateSecret } from "./signature.ts";

export interface CreateWebhookInput {
  url: string;
  events: readonly string[];
  realmId?: string | null | undefined;
  description?: string | null | undefined;
}

const MAX_URL_LENGTH = 2000;
const MAX_DESCRIPTION_LENGTH = 500;

export class WebhookService {
  constructor(
    private readonly prisma: Prisma,
    private readonly secrets: SecretBox,
    private readonly outbound: OutboundPolicy,
  ) {}

  /** Creates a webhook; `secret` is returned here and never again. */
  async create(viewer: Viewer, input: CreateWebhookInput): Promise<{ webhook: Webhook; secret: string }> {
    const url = validateUrl(input.url);
    const events = [...new Set(input.events)];
    if (events.length === 0) throw new InvalidInputError("Subscribe to at least one event.", ["input", "events"]);
    const unknown = events.find((e) => !isWebhookEvent(e));
    if (unknown !== undefined) {
      throw new InvalidInputError(`"${unknown}" is not a webhook event; use one of ${WEBHOOK_EVENTS.join(", ")}.`, [
        "input",
        "events",
      ]);
    }
    const description = (input.description ?? "").trim();
    if (description.length > MAX_DESCRIPTION_LENGTH) {
      throw new InvalidInputError(`The description is limited to ${MAX_DESCRIPTION_LENGTH} characters.`, [
        "input",
        "description",
      ]);
    }
    const realmId = input.realmId ?? null;
    await this.assertMayManage(viewer, realmId, ["input", "realmId"]);
    // Checked again, with a fresh lookup, at every delivery.
    await this.outbound.assertUrlAllowed(url, ["input", "url"], "Webhook URLs");
    const secret = generateSecret();
    const webhook = await this.prisma.webhook.create({
      data: {
        url,
        events,
        realmId,
        description,
        secret: this.secrets.seal(secret),
        createdByTokenId: viewer.tokenId === "system" ? null : viewer.tokenId,
      },
    });
    return { webhook, secret };
  }

  /** The webhooks `where` selects, oldest first, loaded with `view` (GraphQL's selection). */
  list(viewer: Viewer, realmId: string | null, view: P.WebhookDefaultArgs = {}): Promise<Webhook[]> {
    return this.prisma.webhook.findMany({
      ...view,
      where: this.where(viewer, realmId),
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    });
  }

  /** Admins see every webhook; others those of realms they can read. `realmId` narrows to one realm. */
  where(viewer: Viewer, realmId?: string | null): P.WebhookWhereInput {
    if (realmId) {
      viewer.assertRead(realmId);
      return { realmId };
    }
    const readable = viewer.readableRealmIds();
    return readable ? { realmId: { in: readable } } : {};
  }

  async get(viewer: Viewer, id: string, path?: string[]): Promise<Webhook> {
    const webhook = await this.prisma.webhook.findUnique({ where: { id } });
    if (!webhook || !canRead(viewer, webhook)) throw new NotFoundError("Webhook", id, path);
    return webhook;
  }

  /** Deletes a webhook with its delivery log; deliveries not yet sent are dropped. Returns it as it was, loaded with `view`. */
  async delete(viewer: Viewer, id: string, view: P.WebhookDefaultArgs = {}): Promise<Webhook> {
    const webhook = await this.get(viewer, id, ["id"]);
    await this.assertMayManage(viewer, webhook.realmId, ["id"]);
    // What the caller asked to see of it (its deliveries, its realm) is read before it goes.
    const deleted = hasSelection(view)
      ? ({ ...webhook, ...(await this.prisma.webhook.findUnique({ ...view, where: { id } })) } as Webhook)
      : webhook;
    await this.prisma.webhook.deleteMany({ where: { id } });
    return deleted;
  }

  /** Realm webhooks need EDITOR on the realm; realm-less ones (every realm's events) need an admin. */
  private async assertMayManage(viewer: Viewer, realmId: string | null, path: string[]): Promise<void> {
    if (realmId === null) {
      if (!viewer.admin) {
        throw new ForbiddenError(
          "Only an admin token may manage a webhook for every realm; give the realmId of a realm you edit.",
          path,
        );
      }
      return;
    }
    if (!viewer.canRead(realmId) || !(await this.prisma.realm.findUnique({ where: { id: realmId } })))
      throw new NotFoundError("Realm", realmId, path);
    if (!viewer.canWrite(realmId)) {
      throw new ForbiddenError(
        `Your token has read-only (VIEWER) access to realm ${realmId}; an EDITOR role is needed to manage its webhooks.`,
        path,
      );
    }
  }
}

export function canRead(viewer: Viewer, webhook: Pick<Webhook, "realmId">): boolean {
  return webhook.realmId === null ? viewer.admin : viewer.canRead(webhook.realmId);
}

/** An absolute http(s) URL without credentials (the secret signs requests; a URL is shown to every reader). */
function validateUrl(raw: string): string {
  const value = raw.trim();
  const path = ["input", "url"];
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidInputError(
      `"${value.slice(0, 100)}" is not a URL; give an absolute http:// or https:// URL.`,
      path,
    );
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new InvalidInputError(`Webhook URLs must use http or https, not ${url.protocol.slice(0, -1)}.`, path);
  if (url.username || url.password) {
    throw new InvalidInputError(
      "Webhook URLs must not contain credentials; receivers authenticate requests by their webhook-signature.",
      path,
    );
  }
  if (!url.hostname) throw new InvalidInputError("The webhook URL has no host.", path);
  if (value.length > MAX_URL_LENGTH)
    throw new InvalidInputError(`Webhook URLs are limited to ${MAX_URL_LENGTH} characters.`, path);
  if (url.hash) throw new InvalidInputError("Webhook URLs must not have a #fragment.", path);
  return url.toString();
}
