// The migration's retrieval-parity verification (recall@k of sampled chunks, source vs target), read once
// when the migration has ended (it is recorded in the transaction that ends it), and again at each new end.
import { useEffect, useState } from "react";
import { createRequest, useClient } from "urql";
import { pipe, take, toPromise } from "wonka";
import type { ResultOf } from "@graphql-typed-document-node/core";
import { graphql } from "@realm-migration/sdk/generated";
import type { MigrationStatus } from "@realm-migration/sdk";

export const MonitorVerificationQuery = graphql(`
  query MonitorVerification($id: ID!) {
    migration(id: $id) {
      id
      verification {
        status
        retrievalRecall
        meanRankDisplacement
        sampled
        k
        threshold
        onBelow
        message
      }
    }
  }
`);

type Verification = NonNullable<NonNullable<ResultOf<typeof MonitorVerificationQuery>["migration"]>["verification"]>;

const ENDED: MigrationStatus[] = ["COMPLETED", "FAILED"];

const STATUS_TEXT: Record<Verification["status"], string> = {
  PASSED: "Retrieval parity passed",
  BELOW_THRESHOLD: "Retrieval parity below threshold",
  SKIPPED: "Retrieval parity skipped",
  ERROR: "Retrieval parity could not run",
};

export function RetrievalParity({
  migrationId,
  status,
  endedAt,
}: {
  migrationId: string;
  status: MigrationStatus;
  endedAt: string | null;
}) {
  const client = useClient();
  const [verification, setVerification] = useState<Verification | null>(null);
  const ended = ENDED.includes(status);
  useEffect(() => {
    if (!ended) return;
    let stale = false;
    const request = createRequest(MonitorVerificationQuery, { id: migrationId });
    void pipe(client.executeQuery(request, { requestPolicy: "network-only" }), take(1), toPromise).then((result) => {
      if (!stale) setVerification(result.data?.migration?.verification ?? null);
    });
    return () => {
      stale = true;
    };
  }, [client, migrationId, ended, endedAt]);
  if (!ended || !verification) return null;
  const below = verification.status === "BELOW_THRESHOLD" || verification.status === "ERROR";
  return (
    <div className="rms-monitor__parity" data-parity={verification.status} role={below ? "alert" : undefined}>
      <h3>{STATUS_TEXT[verification.status]}</h3>
      {verification.retrievalRecall !== null && (
        <p className={below ? "rms-error" : undefined}>
          recall@{verification.k} <strong>{verification.retrievalRecall.toFixed(3)}</strong> (threshold{" "}
          {verification.threshold}) · mean rank displacement {verification.meanRankDisplacement?.toFixed(2)} ·{" "}
          {verification.sampled} sampled chunk(s)
          {below && verification.onBelow === "WARN" && " · completed with this warning"}
        </p>
      )}
      {verification.status !== "PASSED" && <p className="rms-muted">{verification.message}</p>}
    </div>
  );
}
