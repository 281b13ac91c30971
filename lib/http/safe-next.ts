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
