// Drives the monitor without polling: one snapshot query, then the migrationProgress subscription
// after the snapshot's sequence number. When the connection is lost the SDK's watchMigration subscribes
// again after the last sequence seen; after "Retry failed" a new subscription continues from there.
import { useCallback, useEffect, useReducer, useRef, useState } from "react";
import { createRequest, useClient, useMutation } from "urql";
import { pipe, take, toPromise } from "wonka";
import { readFragment, type FragmentType } from "../../sdk/generated/index.ts";
import { watchMigration } from "../../sdk/index.ts";
import {
  MonitorCancelMutation,
  MonitorMigrationFragment,
  MonitorRetryMutation,
  MonitorSnapshotQuery,
} from "./operations.ts";
import { initialMonitorState, reduceMonitor, type MonitorMigration, type MonitorState } from "./progress-state.ts";

/** loading: reading the snapshot; live: subscribed; reconnecting: subscribing again; ended: the stream is over. */
export type ConnectionState = "loading" | "live" | "reconnecting" | "ended" | "error";

export interface MigrationProgress extends MonitorState {
  connection: ConnectionState;
  /** Why loading or watching failed. */
  error: string | null;
  /** Why the last Cancel or Retry was refused. */
  actionError: string | null;
  busy: "cancel" | "retry" | null;
  cancel(): Promise<void>;
  retryFailed(): Promise<void>;
}

const unmask = (migration: FragmentType<typeof MonitorMigrationFragment>): MonitorMigration =>
  readFragment(MonitorMigrationFragment, migration);

export function useMigrationProgress(migrationId: string): MigrationProgress {
  const client = useClient();
  const [state, dispatch] = useReducer(reduceMonitor, initialMonitorState);
  const [connection, setConnection] = useState<ConnectionState>("loading");
  const [error, setError] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [busy, setBusy] = useState<"cancel" | "retry" | null>(null);
  // A new object starts a new subscription after `after`.
  const [watching, setWatching] = useState<{ after: number } | null>(null);
  const sequence = useRef(0);
  useEffect(() => {
    sequence.current = state.sequence;
  }, [state.sequence]);

  useEffect(() => {
    let stale = false;
    dispatch({ type: "reset" });
    setConnection("loading");
    setError(null);
    setWatching(null);
    const request = createRequest(MonitorSnapshotQuery, { id: migrationId });
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

  const [, cancelMutation] = useMutation(MonitorCancelMutation);
  const [, retryMutation] = useMutation(MonitorRetryMutation);

  const cancel = useCallback(async () => {
    setBusy("cancel");
    setActionError(null);
    const result = await cancelMutation({ id: migrationId });
    setBusy(null);
    const outcome = result.data?.cancelMigration;
    if (outcome && "data" in outcome) dispatch({ type: "snapshot", migration: unmask(outcome.data) });
    else
      setActionError(outcome && "message" in outcome ? outcome.message : (result.error?.message ?? "Cancel failed."));
  }, [cancelMutation, migrationId]);

  const retryFailed = useCallback(async () => {
    setBusy("retry");
    setActionError(null);
    const result = await retryMutation({ id: migrationId });
    setBusy(null);
    const outcome = result.data?.retryFailedDocuments;
    if (outcome && "data" in outcome) {
      const migration = unmask(outcome.data);
      dispatch({ type: "snapshot", migration });
      // The previous stream ended with the failed migration: follow the re-queued items from here.
      setWatching({ after: Math.max(sequence.current, migration.lastSequence) });
    } else {
      setActionError(outcome && "message" in outcome ? outcome.message : (result.error?.message ?? "Retry failed."));
    }
  }, [retryMutation, migrationId]);

  return { ...state, connection, error, actionError, busy, cancel, retryFailed };
}
