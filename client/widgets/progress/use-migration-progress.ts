// Drives the monitor without polling: one snapshot query, then the migrationProgress subscription
// after the snapshot's sequence number. When the connection is lost the SDK's watchMigration subscribes
// again after the last sequence seen; after "Retry failed" or a rollback request (the stream ended with
// the migration) a new subscription continues after the sequence the mutation returned.
import { useCallback, useEffect, useReducer, useRef, useState } from "react";
import { createRequest, useClient, useMutation, type Client, type OperationResult } from "urql";
import type { ResultOf } from "@graphql-typed-document-node/core";
import { pipe, take, toPromise } from "wonka";
import type { FragmentType } from "@realm-migration/sdk/generated";
import { readMigrationDetails, readTypedError, watchMigration } from "@realm-migration/sdk";
import {
  CancelMigrationMutation,
  MigrationQuery,
  RetryFailedDocumentsMutation,
  RollbackMigrationMutation,
  type MigrationDetailsFragment,
} from "@realm-migration/sdk/operations";
import { MonitorRollbackItemsQuery } from "./operations.ts";
import {
  initialMonitorState,
  reduceMonitor,
  rollbackIncomplete,
  type MonitorMigration,
  type MonitorState,
  type RollbackFailure,
} from "./progress-state.ts";

/** loading: reading the snapshot; live: subscribed; reconnecting: subscribing again; ended: the stream is over. */
export type ConnectionState = "loading" | "live" | "reconnecting" | "ended" | "error";

export interface MigrationProgress extends MonitorState {
  connection: ConnectionState;
  /** Why loading or watching failed. */
  error: string | null;
  /** Why the last Cancel or Retry was refused. */
  actionError: string | null;
  busy: "cancel" | "retry" | "rollback" | null;
  cancel(): Promise<void>;
  retryFailed(): Promise<void>;
  /** Asks for a rollback; resolves to null when it was accepted (the monitor then follows it), or to why not. */
  rollBack(force?: boolean): Promise<RollbackRefusal | null>;
}

export interface RollbackRefusal {
  message: string;
  /** Documents the migration wrote changed since (CONFLICT on ["force"]): rollBack(true) discards those changes. */
  forceable: boolean;
}

/** How many items of a failed rollback to list, and how many pages of items to read looking for them. */
const MAX_LISTED_ROLLBACK_FAILURES = 100;
const MAX_SCANNED_PAGES = 50;

const unmask = (migration: FragmentType<typeof MigrationDetailsFragment>): MonitorMigration =>
  readMigrationDetails(migration);

/**
 * `initial`: the migration as a mutation just returned it (e.g. createMigration's result); used instead of the
 * snapshot query, so the monitor shows it at once and subscribes after its sequence.
 */
export function useMigrationProgress(migrationId: string, initial?: MonitorMigration | null): MigrationProgress {
  const client = useClient();
  const [state, dispatch] = useReducer(reduceMonitor, initialMonitorState);
  const [connection, setConnection] = useState<ConnectionState>("loading");
  const [error, setError] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [busy, setBusy] = useState<MigrationProgress["busy"]>(null);
  // A new object starts a new subscription after `after`.
  const [watching, setWatching] = useState<{ after: number } | null>(null);
  const sequence = useRef(0);
  // Read once, when the migration id is first seen: later renders with another object change nothing.
  const initialRef = useRef(initial);
  useEffect(() => {
    sequence.current = state.sequence;
  }, [state.sequence]);

  useEffect(() => {
    let stale = false;
    dispatch({ type: "reset" });
    setConnection("loading");
    setError(null);
    setWatching(null);
    const given = initialRef.current ?? null;
    // Only full MigrationDetails will do (a caller may hand over just { id, totalDocuments }).
    if (given && given.id === migrationId && typeof given.lastSequence === "number" && Array.isArray(given.errors)) {
      dispatch({ type: "snapshot", migration: given });
      setWatching({ after: given.lastSequence });
      return;
    }
    const request = createRequest(MigrationQuery, { id: migrationId });
    void pipe(client.executeQuery(request, { requestPolicy: "network-only" }), take(1), toPromise).then((result) => {
      if (stale) return;
      const found = result.data?.migration;
      if (result.error || !found) {
        setError(result.error?.message ?? "This migration does not exist or your token cannot see it.");
        setConnection("error");
        return;
      }
      const migration = unmask(found);
      dispatch({ type: "snapshot", migration });
      setWatching({ after: migration.lastSequence });
    });
    return () => {
      stale = true;
    };
  }, [client, migrationId]);

  // A rollback that ended incomplete before the monitor opened (or while it missed part of it): the events
  // seen do not name every item it could not undo, so those are read once from the items.
  const incompleteAt = state.migration && rollbackIncomplete(state.migration) ? state.sequence : null;
  const wanted = state.migration
    ? Math.min(state.migration.totalDocuments - state.migration.rolledBackDocuments, MAX_LISTED_ROLLBACK_FAILURES)
    : 0;
  const listed = state.rollbackFailures.length;
  const scanned = useRef<string | null>(null);
  useEffect(() => {
    const key = `${migrationId}@${incompleteAt}`;
    if (incompleteAt === null || listed >= wanted || scanned.current === key) return;
    scanned.current = key;
    let stale = false;
    void readRollbackFailures(client, migrationId, wanted, () => stale).then((failures) => {
      if (!stale) dispatch({ type: "rollbackFailures", sequence: incompleteAt, failures });
    });
    return () => {
      stale = true;
    };
  }, [client, migrationId, incompleteAt, listed, wanted]);

  useEffect(() => {
    if (!watching) return;
    const controller = new AbortController();
    setConnection("live");
    void (async () => {
      try {
        const events = watchMigration(client, migrationId, {
          afterSequence: watching.after,
          signal: controller.signal,
          onResubscribe: () => setConnection("reconnecting"),
        });
        for await (const event of events) {
          setConnection("live");
          dispatch({ type: "event", event });
        }
        if (!controller.signal.aborted) setConnection("ended");
      } catch (e) {
        if (controller.signal.aborted) return;
        setError((e as Error).message);
        setConnection("error");
      }
    })();
    return () => controller.abort();
  }, [client, migrationId, watching]);

  const [, cancelMutation] = useMutation(CancelMigrationMutation);
  const [, retryMutation] = useMutation(RetryFailedDocumentsMutation);
  const [, rollbackMutation] = useMutation(RollbackMigrationMutation);

  const cancel = useCallback(async () => {
    setBusy("cancel");
    setActionError(null);
    const result = await cancelMutation({ id: migrationId });
    setBusy(null);
    const outcome = result.data?.cancelMigration;
    if (outcome && "data" in outcome) dispatch({ type: "snapshot", migration: unmask(outcome.data) });
    else setActionError(readTypedError(outcome)?.message ?? result.error?.message ?? "Cancel failed.");
  }, [cancelMutation, migrationId]);

  const retryFailed = useCallback(async () => {
    setBusy("retry");
    setActionError(null);
    const result = await retryMutation({ migrationId });
    setBusy(null);
    const outcome = result.data?.retryFailedDocuments;
    if (outcome && "data" in outcome) {
      const migration = unmask(outcome.data);
      dispatch({ type: "snapshot", migration });
      // The previous stream ended with the failed migration: follow the re-queued items from here.
      setWatching({ after: Math.max(sequence.current, migration.lastSequence) });
    } else {
      setActionError(readTypedError(outcome)?.message ?? result.error?.message ?? "Retry failed.");
    }
  }, [retryMutation, migrationId]);

  const rollBack = useCallback(
    async (force = false): Promise<RollbackRefusal | null> => {
      setBusy("rollback");
      setActionError(null);
      const result = await rollbackMutation({ id: migrationId, force });
      setBusy(null);
      const outcome = result.data?.rollbackMigration;
      if (outcome && "data" in outcome) {
        const migration = unmask(outcome.data);
        dispatch({ type: "snapshot", migration });
        // The previous stream ended with the migration: follow the rollback from the sequence it started at.
        setWatching({ after: Math.max(sequence.current, migration.lastSequence) });
        return null;
      }
      const refused = readTypedError(outcome);
      if (refused)
        return {
          message: refused.message,
          forceable: refused.code === "CONFLICT" && refused.path?.length === 1 && refused.path[0] === "force",
        };
      return { message: result.error?.message ?? "The rollback could not be requested.", forceable: false };
    },
    [rollbackMutation, migrationId],
  );

  return { ...state, connection, error, actionError, busy, cancel, retryFailed, rollBack };
}

/**
 * Items of a failed rollback that could not be undone, read page by page (the API cannot filter items by
 * rollback state) until `wanted` are found or the pages run out; a failed read lists what it has.
 */
async function readRollbackFailures(
  client: Client,
  migrationId: string,
  wanted: number,
  stopped: () => boolean,
): Promise<RollbackFailure[]> {
  const found: RollbackFailure[] = [];
  let after: string | null = null;
  for (let page = 0; page < MAX_SCANNED_PAGES && found.length < wanted && !stopped(); page++) {
    const request = createRequest(MonitorRollbackItemsQuery, { id: migrationId, after });
    const result: OperationResult<ResultOf<typeof MonitorRollbackItemsQuery>> = await pipe(
      client.executeQuery(request, { requestPolicy: "network-only" }),
      take(1),
      toPromise,
    );
    const items = result.data?.migration?.items;
    if (!items) break;
    for (const { node } of items.edges)
      if (node.rollbackStatus === "FAILED")
        found.push({
          itemId: node.id,
          documentId: node.sourceDocumentId,
          message: node.rollbackError ?? "could not be undone",
        });
    if (!items.pageInfo.hasNextPage || !items.pageInfo.endCursor) break;
    after = items.pageInfo.endCursor;
  }
  return found.slice(0, wanted);
}
