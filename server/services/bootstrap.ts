// First start on an empty database: a default realm with an EMBEDDED database and an admin token,
// so a newcomer can open GraphiQL and upload a document at once. Does nothing once any token exists.
import type { Services } from "./index.ts";

export interface BootstrapResult {
  adminToken: string;
  realmId: string;
  databaseId: string;
}

export async function bootstrap(services: Services): Promise<BootstrapResult | null> {
  const { prisma } = services.db;
  if ((await prisma.apiToken.count()) > 0) return null;
  const realm = await prisma.realm.upsert({
    where: { name: "default" },
    create: { name: "default", description: "Created on first start." },
    update: {},
  });
  const database = await prisma.database.upsert({
    where: { name: "embedded" },
    create: { name: "embedded", kind: "EMBEDDED" },
    update: {},
  });
  await prisma.realmDatabase.upsert({
    where: { realmId_databaseId: { realmId: realm.id, databaseId: database.id } },
    create: { realmId: realm.id, databaseId: database.id },
    update: {},
  });
  const { token } = await services.tokens.issue("bootstrap admin", true);
  return { adminToken: token, realmId: realm.id, databaseId: database.id };
}
