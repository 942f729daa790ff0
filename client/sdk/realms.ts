// How a migration's realms read in one line. A realm the token cannot read comes back null (the server's
// visibility rule: a migration is visible to readers of either realm, the other one's details hidden).
type RealmRef = { id: string; name: string } | null | undefined;

export const HIDDEN_REALM = "(a realm you cannot read)";

/** "docs", "docs → archive", or "docs → (a realm you cannot read)". */
export function realmRoute(m: { sourceRealm?: RealmRef; targetRealm?: RealmRef }): string {
  const source = m.sourceRealm?.name ?? HIDDEN_REALM;
  const target = m.targetRealm?.name ?? HIDDEN_REALM;
  if (m.sourceRealm && m.targetRealm && m.sourceRealm.id === m.targetRealm.id) return source;
  return `${source} → ${target}`;
}
