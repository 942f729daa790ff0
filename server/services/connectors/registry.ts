// One connector per configured database, created on first use and made ready once. What a connector is, per
// kind, comes from the descriptors (kinds.ts); this cache only knows databases and their settings' version.
import type { Database } from "../../generated/prisma/client.ts";
import type { Connector } from "./types.ts";
import { tracedConnector } from "./traced.ts";

export type ConnectorFactory = (database: Database) => Connector;

interface Entry {
  version: number;
  connector: Connector;
  ready: Promise<void> | undefined;
}

export class ConnectorRegistry {
  private readonly entries = new Map<string, Entry>();

  constructor(
    /** A connector on a database, not made ready yet. */
    private readonly create: ConnectorFactory,
    /** Runs before a connector is made ready (the outbound policy's check of the database's host). */
    private readonly checkTarget: (database: Database) => Promise<void> = async () => undefined,
  ) {}

  /** The ready connector of `database`; settings changes (updatedAt) get a fresh connector. */
  async get(database: Database): Promise<Connector> {
    const current = await this.entryOf(database);
    // A failed ensureReady is retried by the next caller rather than cached.
    current.ready ??= this.checkTarget(database)
      .then(() => current.connector.ensureReady())
      .catch((error: unknown) => {
        current.ready = undefined;
        throw error;
      });
    await current.ready;
    return current.connector;
  }

  /** The connector of `database` without making it ready: for health checks, which must not create anything. */
  async unready(database: Database): Promise<Connector> {
    return (await this.entryOf(database)).connector;
  }

  /** Closes and drops the connector of a deleted database. */
  async forget(databaseId: string): Promise<void> {
    const entry = this.entries.get(databaseId);
    this.entries.delete(databaseId);
    await entry?.connector.close().catch(() => undefined);
  }

  private async entryOf(database: Database): Promise<Entry> {
    const version = database.updatedAt.getTime();
    let entry = this.entries.get(database.id);
    if (!entry || entry.version !== version) {
      if (entry) await entry.connector.close().catch(() => undefined);
      entry = { version, connector: tracedConnector(this.create(database), database), ready: undefined };
      this.entries.set(database.id, entry);
    }
    return entry;
  }

  async closeAll(): Promise<void> {
    const entries = [...this.entries.values()];
    this.entries.clear();
    await Promise.all(entries.map((e) => e.connector.close().catch(() => undefined)));
  }
}
