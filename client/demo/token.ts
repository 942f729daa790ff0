// The demo's API token: taken from ?token= (then removed from the address bar so it does not end up in
// bookmarks or screenshots) or from the sign-in form, and kept in sessionStorage for this tab.
import { useCallback, useState } from "react";

const KEY = "rms-token";

export function readInitialToken(): string | null {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get("token");
  if (fromUrl) {
    sessionStorage.setItem(KEY, fromUrl);
    url.searchParams.delete("token");
    window.history.replaceState(null, "", url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return sessionStorage.getItem(KEY);
}

export function useToken(): [string | null, (token: string | null) => void] {
  const [token, setToken] = useState<string | null>(readInitialToken);
  const update = useCallback((next: string | null) => {
    if (next) sessionStorage.setItem(KEY, next);
    else sessionStorage.removeItem(KEY);
    setToken(next);
  }, []);
  return [token, update];
}
