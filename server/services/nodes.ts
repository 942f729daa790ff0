// Objects by (type, id) for the API's `node`/`nodes`: one query per type, then each service's visibility
// rule. Anything the caller may not see, or that does not exist, or whose type cannot be loaded by id,
// is simply absent from the result, so a foreign id and a random one answer alike.
import type { Prisma } from "./db/open.ts";
import type { Viewer } from "./access.ts";
import { databaseVisibleTo } from "./databases.ts";
import { canRead as canReadWebhook } from "./webhooks/service.ts";
import { sidesOf, visibleToCaller } from "./migration/visibility.ts";

/** Most ids one `nodes` call may ask for. */
export const MAX_NODE_IDS = 100;

/** Types `node(id)` can load, with how to load a batch and who may see a row. */
const LOADERS = {
  Realm: (prisma: Prisma, viewer: Viewer, ids: string[]) =>
    prisma.realm.findMany({ where: { id: { in: ids.filter((id) => viewer.canRead(id)) } } }),
  Document: async (prisma: Prisma, viewer: Viewer, ids: string[]) =>
    (await prisma.document.findMany({ where: { id: { in: ids } } })).filter((d) => viewer.canRead(d.realmId)),
  Database: async (prisma: Prisma, viewer: Viewer, ids: string[]) =>
    (
      await prisma.database.findMany({
        where: { id: { in: ids } },
        include: { realms: { select: { realmId: true } } },
      })
    ).filter((d) =>
      databaseVisibleTo(
        viewer,
        d.realms.map((l) => l.realmId),
      ),
    ),
  Migration: async (prisma: Prisma, viewer: Viewer, ids: string[]) =>
    (await prisma.migration.findMany({ where: { id: { in: ids } } })).filter((m) =>
      visibleToCaller(sidesOf(viewer, m)),
    ),
  Webhook: async (prisma: Prisma, viewer: Viewer, ids: string[]) =>
    (await prisma.webhook.findMany({ where: { id: { in: ids } } })).filter((w) => canReadWebhook(viewer, w)),
} satisfies Record<string, (prisma: Prisma, viewer: Viewer, ids: string[]) => Promise<Array<{ id: string }>>>;

export type NodeType = keyof typeof LOADERS;
export const NODE_TYPES = Object.keys(LOADERS) as NodeType[];

export function isNodeType(typename: string): typename is NodeType {
  return Object.hasOwn(LOADERS, typename);
}

export class NodeService {
  constructor(private readonly prisma: Prisma) {}

  /** The visible objects among `refs`, keyed `Type:id`. */
  async load(viewer: Viewer, refs: Array<{ type: NodeType; id: string }>): Promise<Map<string, { id: string }>> {
    const byType = new Map<NodeType, Set<string>>();
    for (const { type, id } of refs) byType.set(type, (byType.get(type) ?? new Set()).add(id));
    const found = new Map<string, { id: string }>();
    await Promise.all(
      [...byType].map(async ([type, ids]) => {
        for (const row of await LOADERS[type](this.prisma, viewer, [...ids])) found.set(`${type}:${row.id}`, row);
      }),
    );
    return found;
  }
}
