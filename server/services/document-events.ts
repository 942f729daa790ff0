// Live changes of a realm's documents on the topic `realm:<id>:documents`: a document created, its status
// changed (PROCESSING → READY | FAILED), a stage run started or finished, a document deleted. Publishing goes
// through the publish queue, so it never holds processing; delivery is live and at-most-once (a client that
// missed some reads the documents again). Only readers of the realm may subscribe.
import type { Viewer } from "./access.ts";
import type { PubSub } from "./pubsub.ts";
import type { DocumentStatus } from "../generated/prisma/client.ts";

export const DOCUMENT_EVENT_TYPES = [
  "document.created",
  "document.status_changed",
  "stage_run.started",
  "stage_run.succeeded",
  "stage_run.failed",
  "document.deleted",
] as const;
export type DocumentEventType = (typeof DOCUMENT_EVENT_TYPES)[number];

export interface DocumentEventPayload {
  type: DocumentEventType;
  realmId: string;
  documentId: string;
  title: string;
  /** The document's status once the change happened. */
  status: DocumentStatus;
  /** The document's processing error (document events) or the stage run's (stage_run.failed). */
  error: string | null;
  /** Stage run events only. */
  stage: string | null;
  stageRunId: string | null;
  /** ISO time of the change. */
  createdAt: string;
}

/** What processing and the document service call; it must return at once and never throw. */
export type DocumentEventSink = (event: Omit<DocumentEventPayload, "createdAt">) => void;

export const documentsTopic = (realmId: string) => `realm:${realmId}:documents`;

export class DocumentEvents {
  constructor(
    private readonly pubsub: Pick<PubSub, "subscribe">,
    private readonly enqueue: (topic: string, payload: unknown) => void,
  ) {}

  readonly publish: DocumentEventSink = (event) => {
    const payload: DocumentEventPayload = { ...event, createdAt: new Date().toISOString() };
    this.enqueue(documentsTopic(event.realmId), payload);
  };

  /** Live events of `realmId` from now on; NOT_FOUND (like an unknown realm) for a caller who cannot read it. */
  async subscribe(
    viewer: Viewer,
    realmId: string,
    signal?: AbortSignal,
  ): Promise<AsyncIterableIterator<DocumentEventPayload>> {
    viewer.assertRead(realmId);
    return this.pubsub.subscribe<DocumentEventPayload>(documentsTopic(realmId), { signal });
  }
}
