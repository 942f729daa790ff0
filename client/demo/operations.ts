// What the demo page reads and changes besides what the widgets and the SDK do.
import { graphql } from "../sdk/generated/index.ts";

export const DemoRealmsQuery = graphql(`
  query DemoRealms {
    viewer {
      admin
    }
    realms {
      id
      name
      documentCount
      databases {
        database {
          id
          name
          kind
        }
      }
    }
    databases {
      id
      name
      kind
    }
  }
`);

export const DemoDocumentsQuery = graphql(`
  query DemoDocuments($realmId: ID!) {
    documents(realmId: $realmId, first: 50) {
      totalCount
      edges {
        node {
          id
          title
          status
          size
          createdAt
          originDocument {
            id
          }
        }
      }
    }
  }
`);

export const DemoCreateRealmMutation = graphql(`
  mutation DemoCreateRealm($name: String!) {
    createRealm(input: { name: $name }) {
      __typename
      ... on MutationCreateRealmSuccess {
        data {
          id
          name
        }
      }
      ...ErrorFields
    }
  }
`);

export const DemoCreateDatabaseMutation = graphql(`
  mutation DemoCreateDatabase($name: String!) {
    createDatabase(input: { name: $name, kind: EMBEDDED }) {
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

export const DemoDocumentEventsSubscription = graphql(`
  subscription DemoDocumentEvents($realmId: ID!) {
    realmDocumentEvents(realmId: $realmId) {
      type
      documentId
      status
      error
      stage
    }
  }
`);

export const DemoDocumentDetailQuery = graphql(`
  query DemoDocumentDetail($id: ID!) {
    document(id: $id) {
      id
      title
      status
      error
      fileName
      contentType
      size
      sha256
      createdAt
      stageRuns {
        id
        stage
        status
        attempt
        durationMs
        error
        startedAt
      }
      stageFiles {
        id
        stage
        name
        size
        sha256
        text
      }
      ingestions {
        id
        status
        points
        nodes
        relationships
        error
        database {
          id
          name
          kind
        }
      }
    }
  }
`);
