import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/lib/env.server";
import { checkOrigin, isSafeMethod } from "@/lib/http/origin";
import { REQUESTED_PATH_HEADER, requestedPath } from "@/lib/http/safe-next";
import { newNonce, securityHeaders } from "@/lib/http/security-headers";

/**
 * Runs before every request (Next 16's proxy, formerly middleware):
 * - security headers on every response, with a fresh CSP nonce for pages (lib/http/security-headers.ts);
 * - form posts and server actions (any POST, PUT, PATCH or DELETE outside /api) from another
 *   origin are refused with 403, and bodies over the server actions' limit with 413, before
 *   Next's action handler sees them (it answers both with a 500);
 * - page requests carry the path asked for, so sign-in can bring a signed-out visitor back.
 * JSON routes under /api check the origin themselves (lib/http/route.server.ts); Better Auth's
 * /api/auth has its own check.
 */

/** Next's default `serverActions.bodySizeLimit` (1 MB), which next.config.js leaves as it is. */
const ACTION_BODY_LIMIT = 1024 * 1024;

export async function proxy(request: NextRequest) {
  const { BETTER_AUTH_URL, NODE_ENV } = env();
  const path = request.nextUrl.pathname;
  const isApi = path === "/api" || path.startsWith("/api/");
  // Pages: not Next's files, not a route handler under /api, not a file such as /favicon.svg or runs.csv.
  const isPage = !isApi && !path.startsWith("/_next/") && !/\.[A-Za-z0-9]+$/.test(path);
  const options = {
    https: BETTER_AUTH_URL?.startsWith("https:") ?? false,
    dev: NODE_ENV === "development",
    nonce: isPage ? newNonce() : undefined,
  };
  const headers = securityHeaders(options);
  const withHeaders = (response: NextResponse) => {
    for (const [name, value] of Object.entries(headers)) if (value) response.headers.set(name, value);
    return response;
  };

  if (!isApi && !isSafeMethod(request.method)) {
    const origin = checkOrigin(request.headers, BETTER_AUTH_URL);
    if (!origin.ok) return withHeaders(refuse(403, "forbidden", `${origin.message}.`));
    if (await tooLarge(request)) {
      return withHeaders(
        refuse(413, "too-large", `The form is too large (at most ${ACTION_BODY_LIMIT / 1024 / 1024} MB); shorten it and try again.`),
      );
    }
  }

  const requestHeaders = new Headers(request.headers);
  requestHeaders.delete(REQUESTED_PATH_HEADER);
  if (isPage) {
    // Next reads the nonce from the request's policy and puts it on its scripts.
    requestHeaders.set("content-security-policy", headers["content-security-policy"]);
    requestHeaders.set(REQUESTED_PATH_HEADER, requestedPath(request.nextUrl));
  }
  return withHeaders(NextResponse.next({ request: { headers: requestHeaders } }));
}

function refuse(status: number, code: string, message: string) {
  return NextResponse.json({ error: { code, message } }, { status });
}

/**
 * Over the limit by its Content-Length; a body sent without one (chunked) is read up to the
 * limit (Next keeps a copy of the body for the proxy, so the action still gets all of it).
 */
async function tooLarge(request: NextRequest): Promise<boolean> {
  const declared = request.headers.get("content-length");
  if (declared !== null) return Number(declared) > ACTION_BODY_LIMIT;
  if (!request.body) return false;
  const reader = request.body.getReader();
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return false;
    size += value.byteLength;
    if (size > ACTION_BODY_LIMIT) {
      await reader.cancel();
      return true;
    }
  }
}
