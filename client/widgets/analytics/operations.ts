// What the analytics widget reads: the headline figures, top errors, time per stage and the timeline.
import { graphql } from "@realm-migration/sdk/generated";

export const AnalyticsStatsQuery = graphql(`
  query AnalyticsStats($realmId: ID, $since: DateTime, $until: DateTime) {
    migrationStats(realmId: $realmId, since: $since, until: $until) {
      migrations
      documentsMigrated
      documentsFailed
      documentsSkipped
      failureRate
      itemDurationP50Ms
      itemDurationP95Ms
      documentsPerMinute
      topErrors {
        stage
        message
        count
      }
      timePerStage {
        stage
        runs
        failures
        avgMs
        p50Ms
        p95Ms
      }
      bucket
      timeline {
        start
        completed
        failed
        documentsPerMinute
        failedPerMinute
      }
    }
  }
`);
