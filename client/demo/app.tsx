// The demo page: sign in with a token, pick a realm, migrate its documents or add a database through the
// widgets' dialogs, follow the migration in the monitor and the history, and read the realm's analytics.
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { Provider, useQuery } from "urql";
import {
  createMigrationClient,
  FINAL_MIGRATION_STATUSES,
  type MigrationClient,
  type MigrationStatus,
} from "../sdk/index.ts";
import {
  DocumentMigrationDialog,
  MigrationAnalytics,
  MigrationHistory,
  MigrationProgressMonitor,
  RealmDatabaseAdditionDialog,
} from "../widgets/index.ts";
import { DemoRealmsQuery } from "./operations.ts";
import { RealmList } from "./realm-list.tsx";
import { RealmPanel } from "./realm-panel.tsx";
import type { DatabaseRef } from "./add-database-form.tsx";
import { SignIn } from "./sign-in.tsx";
import type { StartedMigration } from "../widgets/document-migration/document-migration-dialog.tsx";
import { DocumentDetail } from "./document-detail.tsx";
import { RealmSearch } from "./realm-search.tsx";
import { useToken } from "./token.ts";

export function App() {
  const [token, setToken] = useToken();
  const [signInError, setSignInError] = useState<string | null>(null);
  const sdk = useMemo(() => (token ? createMigrationClient({ url: "/graphql", token }) : null), [token]);
  useEffect(() => () => void sdk?.close(), [sdk]);

  const signOut = useCallback(
    (reason: string | null) => {
      setSignInError(reason);
      setToken(null);
    },
    [setToken],
  );

  if (!sdk) return <SignIn onToken={setToken} error={signInError} />;
  return (
    <Provider value={sdk.urql}>
      <Dashboard sdk={sdk} onSignOut={signOut} />
    </Provider>
  );
}

type OpenDialog = { kind: "migrate"; documentIds?: string[] } | { kind: "add-database"; database: DatabaseRef } | null;

function Dashboard({ sdk, onSignOut }: { sdk: MigrationClient; onSignOut: (reason: string | null) => void }) {
  const [realms, reexecuteRealms] = useQuery({ query: DemoRealmsQuery });
  const [realmId, setRealmId] = useState<string | null>(null);
  const [dialog, setDialog] = useState<OpenDialog>(null);
  const [migrationId, setMigrationId] = useState<string | null>(null);
  // The migration a dialog just created, as it returned it: the monitor shows it without reading it again.
  const [createdMigration, setCreatedMigration] = useState<StartedMigration | null>(null);
  // Set when a dialog started the migration: the monitor then takes the focus the dialog gives back.
  const [focusMonitor, setFocusMonitor] = useState(false);
  const [refreshKey, setRefreshKey] = useState(0);
  const [openDocument, setOpenDocument] = useState<{ id: string; version: number } | null>(null);
  const onDocumentEvent = useCallback(
    (documentId: string) =>
      setOpenDocument((open) =>
        // Events and the monitor both name documents by Document.id (global ids).
        open && open.id === documentId ? { ...open, version: open.version + 1 } : open,
      ),
    [],
  );

  const unauthenticated = realms.error?.graphQLErrors.some((e) => e.extensions?.code === "UNAUTHENTICATED");
  useEffect(() => {
    if (unauthenticated) onSignOut("That token was not accepted: check it and sign in again.");
  }, [unauthenticated, onSignOut]);

  const list = realms.data?.realms ?? [];
  const realm = list.find((r) => r.id === realmId) ?? list[0] ?? null;
  const refresh = useCallback(() => {
    setRefreshKey((k) => k + 1);
    reexecuteRealms({ requestPolicy: "network-only" });
  }, [reexecuteRealms]);
  const onStatusChange = useCallback(
    (status: MigrationStatus) => FINAL_MIGRATION_STATUSES.includes(status) && refresh(),
    [refresh],
  );
  const started = (migration: StartedMigration) => {
    setMigrationId(migration.id);
    setCreatedMigration(migration);
    setFocusMonitor(true);
    refresh();
  };
  const openDocumentById = useCallback((id: string) => setOpenDocument({ id, version: 0 }), []);

  return (
    <div className="demo">
      <header className="demo-header">
        <h1>Realm migrations</h1>
        <nav>
          <a href="/graphql">GraphiQL</a>
          <button type="button" className="rms-button rms-button--quiet" onClick={() => onSignOut(null)}>
            Sign out
          </button>
        </nav>
      </header>
      {realms.error && !unauthenticated && (
        <p role="alert" className="rms-error">
          {realms.error.message}
        </p>
      )}
      <main className="demo-main">
        <RealmList
          realms={list}
          selectedId={realm?.id ?? null}
          onSelect={(id) => {
            setRealmId(id);
            setOpenDocument(null);
            reexecuteRealms({ requestPolicy: "network-only" });
          }}
          canCreate={realms.data?.viewer.admin ?? false}
        />
        <div className="demo-column">
          {realm ? (
            <RealmPanel
              sdk={sdk}
              realm={realm}
              databases={realms.data?.databases ?? []}
              admin={realms.data?.viewer.admin ?? false}
              onMigrate={(documentIds) => setDialog({ kind: "migrate", documentIds })}
              onAddDatabase={(database) => setDialog({ kind: "add-database", database })}
              refreshKey={refreshKey}
              onChanged={refresh}
              onOpenDocument={openDocumentById}
              onDocumentEvent={onDocumentEvent}
            />
          ) : (
            <p className="rms-muted">{realms.fetching ? "Loading realms…" : "No realms are visible to this token."}</p>
          )}
          {realm && <RealmSearch key={realm.id} sdk={sdk} realm={realm} onOpenDocument={openDocumentById} />}
          {openDocument && (
            <DocumentDetail
              key={openDocument.id}
              documentId={openDocument.id}
              version={openDocument.version}
              onClose={() => setOpenDocument(null)}
            />
          )}
          {migrationId && (
            <FocusOnMount key={migrationId} active={focusMonitor} onDone={() => setFocusMonitor(false)}>
              <MigrationProgressMonitor
                migrationId={migrationId}
                onStatusChange={onStatusChange}
                onOpenDocument={openDocumentById}
                initialMigration={createdMigration?.id === migrationId ? createdMigration : null}
              />
            </FocusOnMount>
          )}
          <MigrationHistory
            realmId={realm?.id}
            onSelect={(id) => {
              setMigrationId(id);
              setFocusMonitor(false);
            }}
            selectedId={migrationId}
            refreshKey={refreshKey}
          />
          {realm && <MigrationAnalytics realmId={realm.id} refreshKey={refreshKey} />}
        </div>
      </main>
      {realm && (
        <DocumentMigrationDialog
          open={dialog?.kind === "migrate"}
          sourceRealm={realm}
          documentIds={dialog?.kind === "migrate" ? dialog.documentIds : undefined}
          onClose={() => setDialog(null)}
          onStarted={started}
        />
      )}
      {realm && dialog?.kind === "add-database" && (
        <RealmDatabaseAdditionDialog
          open
          realm={realm}
          database={dialog.database}
          onClose={() => setDialog(null)}
          onStarted={started}
        />
      )}
    </div>
  );
}

/**
 * Moves focus to its first section when mounted with `active` (after a dialog closed and gave focus back to its
 * opener): the new monitor, not the button that opened the dialog, is where the user continues.
 */
function FocusOnMount({ active, onDone, children }: { active: boolean; onDone: () => void; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!active) return;
    const section = ref.current?.querySelector<HTMLElement>("section");
    if (section) {
      section.tabIndex = -1;
      section.focus();
    }
    onDone();
  }, [active, onDone]);
  return <div ref={ref}>{children}</div>;
}
