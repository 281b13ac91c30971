/**
 * Same-origin checks for requests that change something (JSON routes, server actions and form
 * posts). Pure, so proxy.ts and lib/http/route.server.ts share it and tests call it directly.
 *
 * The app's own origin is BETTER_AUTH_URL's when it is set (exact match: scheme, host and port).
 * Without it, the Origin's host must be the host the request was sent to (`x-forwarded-host`,
 * else `host`), as Next's own server-action check does: a browser sets both, so a page on
 * another site can never make them agree. A request with no Origin at all (curl, another
 * server) is allowed: browsers always send one on a cross-site POST, PUT, PATCH or DELETE.
 */
export type OriginVerdict = { ok: true } | { ok: false; message: string };

function first(value: string | null): string | null {
  const head = value?.split(",")[0]?.trim();
  return head ? head : null;
}

export function checkOrigin(headers: Headers, publicUrl?: string): OriginVerdict {
  const origin = headers.get("origin");
  if (origin === null) return { ok: true };
  if (origin === "null")
    return { ok: false, message: "this request came from a page with no origin (a sandboxed frame or a local file); use Steady itself" };
  let from: URL;
  try {
    from = new URL(origin);
  } catch {
    return { ok: false, message: "the Origin header is not a valid origin" };
  }
  if (publicUrl) {
    const own = new URL(publicUrl).origin;
    if (from.origin === own) return { ok: true };
    return { ok: false, message: `requests from ${from.origin} are refused; use Steady at ${own}` };
  }
  const host = first(headers.get("x-forwarded-host")) ?? first(headers.get("host"));
  if (host && from.host === host.toLowerCase()) return { ok: true };
  return { ok: false, message: `requests from ${from.origin} are refused; use Steady at its own address` };
}

/** Methods that never change anything (and are not checked). */
export function isSafeMethod(method: string): boolean {
  return method === "GET" || method === "HEAD" || method === "OPTIONS";
}
