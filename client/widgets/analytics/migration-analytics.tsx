// MigrationAnalytics: headline figures (migrated, failure rate, item time p50/p95, throughput), a chart of
// throughput and failures over time, the most frequent errors and the time per stage, from migrationStats.
import { useEffect, useId, useRef } from "react";
import { useQuery } from "urql";
import { AnalyticsStatsQuery } from "./operations.ts";
import { ThroughputChart } from "./throughput-chart.tsx";
import { formatDuration, formatNumber, stageLabel } from "../format.ts";

export interface MigrationAnalyticsProps {
  /** Only migrations from or to this realm (default: every realm the token can read). */
  realmId?: string;
  /** Only migrations created at or after this ISO-8601 time. */
  since?: string;
  /** Only migrations created before this ISO-8601 time. */
  until?: string;
  /** Change it to read the figures again (e.g. when a migration ended). */
  refreshKey?: unknown;
}

function formatRate(fraction: number): string {
  const percent = fraction * 100;
  return `${percent > 0 && percent < 10 ? percent.toFixed(1) : Math.round(percent)}%`;
}

export function MigrationAnalytics({ realmId, since, until, refreshKey }: MigrationAnalyticsProps) {
  const ids = useId();
  const [result, reexecute] = useQuery({ query: AnalyticsStatsQuery, variables: { realmId, since, until } });

  // The first render already queries; later changes of refreshKey read again from the network.
  const firstKey = useRef(refreshKey);
  useEffect(() => {
    if (refreshKey !== firstKey.current) reexecute({ requestPolicy: "network-only" });
  }, [refreshKey, reexecute]);

  const stats = result.data?.migrationStats;
  const figures: Array<[string, string]> = stats
    ? [
        ["Documents migrated", String(stats.documentsMigrated)],
        ["Failure rate", formatRate(stats.failureRate)],
        ["Item time p50", formatDuration(stats.itemDurationP50Ms)],
        ["Item time p95", formatDuration(stats.itemDurationP95Ms)],
        ["Throughput", `${formatNumber(stats.documentsPerMinute)} / min`],
        ["Migrations", String(stats.migrations)],
      ]
    : [];

  return (
    <section className="rms-card rms-analytics" aria-labelledby={`${ids}-title`} aria-busy={result.fetching}>
      <header className="rms-analytics__header">
        <h2 id={`${ids}-title`}>Migration analytics</h2>
        <button
          type="button"
          className="rms-button rms-button--quiet"
          onClick={() => reexecute({ requestPolicy: "network-only" })}
        >
          Refresh<span className="rms-visually-hidden"> analytics</span>
        </button>
      </header>

      {result.error && (
        <p role="alert" className="rms-error">
          {result.error.message}
        </p>
      )}
      {!stats && result.fetching && <p className="rms-muted">Loading analytics…</p>}
      {stats && stats.migrations === 0 && <p className="rms-muted">No migrations yet.</p>}
      {stats && stats.migrations > 0 && (
        <>
          <dl className="rms-analytics__figures">
            {figures.map(([label, value]) => (
              <div key={label}>
                <dt>{label}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
          <p className="rms-muted rms-analytics__note">
            {stats.documentsFailed} failed · {stats.documentsSkipped} skipped. Item time runs from an item&apos;s first
            start to its end; throughput is documents migrated per minute between the first start and the last end.
          </p>

          <h3>Throughput and failures</h3>
          <ThroughputChart timeline={stats.timeline} bucket={stats.bucket} />

          {stats.topErrors.length > 0 && (
            <>
              <h3>Top errors</h3>
              <ol className="rms-analytics__errors">
                {stats.topErrors.map((e) => (
                  <li key={`${e.stage ?? ""}:${e.message}`}>
                    <span className="rms-analytics__count">{e.count}×</span>
                    {e.stage && <span className="rms-stage">{stageLabel(e.stage)}</span>}
                    <span className="rms-failure-message">{e.message}</span>
                  </li>
                ))}
              </ol>
            </>
          )}

          {stats.timePerStage.length > 0 && (
            <>
              <h3>Time per stage</h3>
              <table className="rms-table">
                <caption className="rms-visually-hidden">Stage runs of these migrations</caption>
                <thead>
                  <tr>
                    <th scope="col">Stage</th>
                    <th scope="col">Runs</th>
                    <th scope="col">Failed</th>
                    <th scope="col">Average</th>
                    <th scope="col">p50</th>
                    <th scope="col">p95</th>
                  </tr>
                </thead>
                <tbody>
                  {stats.timePerStage.map((s) => (
                    <tr key={s.stage}>
                      <th scope="row">{stageLabel(s.stage)}</th>
                      <td>{s.runs}</td>
                      <td>{s.failures}</td>
                      <td>{formatDuration(s.avgMs)}</td>
                      <td>{formatDuration(s.p50Ms)}</td>
                      <td>{formatDuration(s.p95Ms)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
        </>
      )}
    </section>
  );
}
