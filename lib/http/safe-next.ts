/**
 * Where to go after sign-in: only a path on this site, so a crafted `?next=` cannot send
 * people elsewhere (`//evil.test`, `/\evil.test` and `/<tab>/evil.test` all leave the site).
 */
export function safeNext(next: string | undefined | null): string {
  if (!next || !next.startsWith("/")) return "/";
  try {
    const url = new URL(next, "http://steady.invalid");
    return url.origin === "http://steady.invalid" ? url.pathname + url.search + url.hash : "/";
  } catch {
    return "/";
  }
}

/**
 * The header proxy.ts sets on every page request: the path (and query) the visitor asked for,
 * so a layout that sends a signed-out visitor to sign-in can bring them back there after.
 * proxy.ts always overwrites it, so a client cannot choose it (and safeNext guards it anyway).
 */
export const REQUESTED_PATH_HEADER = "x-steady-requested-path";

/** A page URL as a `next` value: path and query, without the router's cache-busting `_rsc`. */
export function requestedPath(url: URL): string {
  const search = new URLSearchParams(url.search);
  search.delete("_rsc");
  const query = search.toString();
  return url.pathname + (query ? `?${query}` : "");
}
