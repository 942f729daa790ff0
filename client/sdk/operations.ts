// The operations the SDK helpers run, and the fragments the widgets and the demo build on. Every mutation
// selects its union result: the success's `data` or a typed error (`...ErrorFields`), which `unwrap`
// turns into data or an SdkError. The widgets use these documents (and their operation names) as they are.
import { graphql } from "./generated/index.ts";

/** The typed error every mutation's union may return (any type implementing `Error`). */
export const ErrorFieldsFragment = graphql(`
  fragment ErrorFields on Error {
    code
    message
    path
  }
`);

export const MigrationSummaryFragment = graphql(`
  fragment MigrationSummary on Migration {
    id
    type
    status
    mode
    sourceRealm {
      id
      name
    }
    targetRealm {
      id
      name
    }
    totalDocuments
    processedDocuments
    failedDocuments
    skippedDocuments
    cancelledDocuments
    rolledBackDocuments
    progress
    lastSequence
    createdAt
    scheduledAt
    startedAt
    completedAt
    rollbackRequestedAt
    rolledBackAt
    rollbackForced
    rollbackEffect
    canCancel {
      allowed
      reason
    }
    canRetry {
      allowed
      reason
    }
    canRollBack {
      allowed
      reason
    }
  }
`);

export const MigrationDetailsFragment = graphql(`
  fragment MigrationDetails on Migration {
    ...MigrationSummary
    options {
      migrationMode
      copyStageFiles
      preserveOriginal
      reprocessStages
      targetDatabases
      conflictPolicy
      sourceDatabaseId
      removeFromSource
      retrievalParity {
        enabled
        sample
        k
        threshold
        onBelow
      }
    }
    errors {
      documentId
      stage
      message
      timestamp
    }
    verification {
      status
      retrievalRecall
      meanRankDisplacement
      sampled
      k
      threshold
      onBelow
      message
      pairs {
        sourceDatabaseId
        targetDatabaseId
        documents
        sampled
        recall
        meanRankDisplacement
      }
      worst {
        documentId
        chunkIndex
        recall
        rankDisplacement
        missing
      }
    }
  }
`);

export const PlanMigrationMutation = graphql(`
  mutation SdkPlanMigration($input: MigrationInput!, $limit: Int) {
    planMigration(input: $input, limit: $limit) {
      __typename
      ... on MutationPlanMigrationSuccess {
        data {
          type
          totalDocuments
          toCreate
          toRename
          toSkip
          conflicts
          bytesReferenced
          options {
            migrationMode
            copyStageFiles
            preserveOriginal
            reprocessStages
            targetDatabases
            conflictPolicy
          }
          documents {
            documentId
            title
            action
            targetTitle
            stagesCopied
            stagesRerun
            targetDatabases
            bytesReferenced
          }
          targetDatabaseHealth {
            ok
            message
            database {
              id
              name
              kind
            }
          }
          sourceDatabaseHealth {
            ok
            message
            database {
              id
              name
              kind
            }
          }
          warnings {
            code
            message
            database {
              id
              name
            }
          }
        }
      }
      ...ErrorFields
    }
  }
`);

export const CreateMigrationMutation = graphql(`
  mutation SdkCreateMigration($input: MigrationInput!) {
    createMigration(input: $input) {
      __typename
      ... on MutationCreateMigrationSuccess {
        data {
          ...MigrationDetails
        }
      }
      ...ErrorFields
    }
  }
`);

export const CancelMigrationMutation = graphql(`
  mutation SdkCancelMigration($id: ID!) {
    cancelMigration(id: $id) {
      __typename
      ... on MutationCancelMigrationSuccess {
        data {
          ...MigrationDetails
        }
      }
      ...ErrorFields
    }
  }
`);

export const RollbackMigrationMutation = graphql(`
  mutation SdkRollbackMigration($id: ID!, $force: Boolean) {
    rollbackMigration(id: $id, force: $force) {
      __typename
      ... on MutationRollbackMigrationSuccess {
        data {
          ...MigrationDetails
        }
      }
      ...ErrorFields
    }
  }
`);

export const RescheduleMigrationMutation = graphql(`
  mutation SdkRescheduleMigration($id: ID!, $scheduledAt: DateTime!) {
    rescheduleMigration(id: $id, scheduledAt: $scheduledAt) {
      __typename
      ... on MutationRescheduleMigrationSuccess {
        data {
          ...MigrationDetails
        }
      }
      ...ErrorFields
    }
  }
`);

export const RetryFailedDocumentsMutation = graphql(`
  mutation SdkRetryFailedDocuments($migrationId: ID!, $documentIds: [ID!]) {
    retryFailedDocuments(migrationId: $migrationId, documentIds: $documentIds) {
      __typename
      ... on MutationRetryFailedDocumentsSuccess {
        data {
          ...MigrationDetails
        }
      }
      ...ErrorFields
    }
  }
`);

export const MigrationQuery = graphql(`
  query SdkMigration($id: ID!) {
    migration(id: $id) {
      ...MigrationDetails
    }
  }
`);

export const MigrationsQuery = graphql(`
  query SdkMigrations($realmId: ID, $status: MigrationStatus, $type: MigrationType, $first: Int, $after: String) {
    migrations(realmId: $realmId, status: $status, type: $type, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          ...MigrationSummary
        }
      }
    }
  }
`);

export const MigrationProgressSubscription = graphql(`
  subscription SdkMigrationProgress($migrationId: ID!, $afterSequence: Int) {
    migrationProgress(migrationId: $migrationId, afterSequence: $afterSequence) {
      migrationId
      sequence
      type
      status
      message
      totalDocuments
      processedDocuments
      failedDocuments
      skippedDocuments
      cancelledDocuments
      rolledBackDocuments
      progress
      createdAt
      item {
        id
        ordinal
        sourceDocumentId
        targetDocumentId
        status
        attempt
        error
        errorStage
        rollbackStatus
        rollbackError
      }
      canCancel {
        allowed
        reason
      }
      canRetry {
        allowed
        reason
      }
      canRollBack {
        allowed
        reason
      }
    }
  }
`);

/** Live events of every migration from or to a realm (dashboards, the bench's progress latency). */
export const RealmMigrationEventsSubscription = graphql(`
  subscription SdkRealmMigrationEvents($realmId: ID!) {
    realmMigrationEvents(realmId: $realmId) {
      migrationId
      sequence
      type
      status
      createdAt
      item {
        id
        status
      }
    }
  }
`);

export const UploadDocumentMutation = graphql(`
  mutation SdkUploadDocument($input: CreateDocumentInput!) {
    createDocument(input: $input) {
      __typename
      ... on MutationCreateDocumentSuccess {
        data {
          id
          title
          status
          fileName
          contentType
          sha256
          size
          createdAt
        }
      }
      ...ErrorFields
    }
  }
`);

export const ProcessDocumentMutation = graphql(`
  mutation SdkProcessDocument($input: ProcessDocumentInput!) {
    processDocument(input: $input) {
      __typename
      ... on MutationProcessDocumentSuccess {
        data {
          id
          title
          status
        }
      }
      ...ErrorFields
    }
  }
`);

export const RealmsQuery = graphql(`
  query SdkRealms {
    realms {
      id
      name
      description
      documentCount
      databases {
        addedAt
        database {
          id
          name
          kind
        }
      }
    }
  }
`);

export const DocumentsQuery = graphql(`
  query SdkDocuments($realmId: ID!, $status: DocumentStatus, $first: Int, $after: String) {
    documents(realmId: $realmId, status: $status, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          title
          status
          fileName
          size
          createdAt
        }
      }
    }
  }
`);

export const MigrationStatsQuery = graphql(`
  query SdkMigrationStats($realmId: ID, $since: DateTime, $until: DateTime, $bucket: StatsBucket) {
    migrationStats(realmId: $realmId, since: $since, until: $until, bucket: $bucket) {
      since
      until
      migrations
      byStatus {
        status
        count
      }
      byType {
        type
        count
      }
      documentsMigrated
      documentsFailed
      documentsSkipped
      documentsCancelled
      failureRate
      itemDurationP50Ms
      itemDurationP95Ms
      activeFrom
      activeUntil
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
        totalMs
        avgMs
        p50Ms
        p95Ms
      }
      bucket
      timeline {
        start
        completed
        failed
        activeMinutes
        documentsPerMinute
        failedPerMinute
      }
    }
  }
`);

export const RemoveDatabaseFromRealmMutation = graphql(`
  mutation SdkRemoveDatabaseFromRealm($input: RemoveDatabaseFromRealmInput!) {
    removeDatabaseFromRealm(input: $input) {
      __typename
      ... on MutationRemoveDatabaseFromRealmSuccess {
        data {
          databaseId
          databaseName
          documentsRemoved
        }
      }
      ...ErrorFields
    }
  }
`);

export const DeleteDatabaseMutation = graphql(`
  mutation SdkDeleteDatabase($id: ID!) {
    deleteDatabase(id: $id) {
      __typename
      ... on MutationDeleteDatabaseSuccess {
        data {
          id
          name
        }
      }
      ...ErrorFields
    }
  }
`);

export const DatabasesQuery = graphql(`
  query SdkDatabases {
    databases {
      id
      name
      kind
    }
  }
`);

export const CreateRealmMutation = graphql(`
  mutation SdkCreateRealm($input: CreateRealmInput!) {
    createRealm(input: $input) {
      __typename
      ... on MutationCreateRealmSuccess {
        data {
          id
          name
          description
        }
      }
      ...ErrorFields
    }
  }
`);

export const CreateDatabaseMutation = graphql(`
  mutation SdkCreateDatabase($input: CreateDatabaseInput!) {
    createDatabase(input: $input) {
      __typename
      ... on MutationCreateDatabaseSuccess {
        data {
          id
          name
          kind
        }
      }
      ...ErrorFields
    }
  }
`);

export const AddDatabaseToRealmMutation = graphql(`
  mutation SdkAddDatabaseToRealm($input: AddDatabaseToRealmInput!) {
    addDatabaseToRealm(input: $input) {
      __typename
      ... on MutationAddDatabaseToRealmSuccess {
        data {
          realmDatabase {
            addedAt
          }
          health {
            ok
            message
          }
          migration {
            ...MigrationSummary
          }
        }
      }
      ...ErrorFields
    }
  }
`);

export const SearchQuery = graphql(`
  query SdkSearch($realmId: ID!, $text: String, $vector: [Float!], $k: Int, $databaseId: ID) {
    search(realmId: $realmId, text: $text, vector: $vector, k: $k, databaseId: $databaseId) {
      __typename
      ... on QuerySearchSuccess {
        data {
          rank
          score
          chunkIndex
          text
          start
          end
          document {
            id
            title
          }
          database {
            id
            name
            kind
          }
        }
      }
      ... on Error {
        code
        message
        path
      }
    }
  }
`);
