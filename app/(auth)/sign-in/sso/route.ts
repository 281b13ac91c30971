import { auth, ssoConfig, withResolvedIp } from "@/lib/auth/auth.server";
import { SSO_PROVIDER_ID } from "@/lib/auth/sso-config.server";
import { SSO_ERROR } from "@/lib/auth/sso.server";
import { safeNext } from "@/lib/http/safe-next";

/** A redirect with a path on this site (relative, so it holds behind any proxy). */
function seeOther(location: string, cookies: string[] = []): Response {
  const headers = new Headers({ location, "cache-control": "no-store" });
  for (const cookie of cookies) headers.append("set-cookie", cookie);
  return new Response(null, { status: 303, headers });
}

/**
 * GET /sign-in/sso?next=/path: starts single sign-on. Better Auth makes the state, PKCE verifier
 * and nonce (kept in an encrypted cookie) and the provider's authorization URL; this answers with
 * a redirect there. A plain link, not a form: the CSP's `form-action 'self'` would stop a form
 * whose answer redirects to the provider (decision D62). Whatever goes wrong comes back to the
 * sign-in page with a message, never an error page.
 */
export async function GET(request: Request): Promise<Response> {
  const next = safeNext(new URL(request.url).searchParams.get("next"));
  const signInPage = next === "/" ? "/sign-in" : `/sign-in?next=${encodeURIComponent(next)}`;
  const withError = (code: string) => `${signInPage}${signInPage.includes("?") ? "&" : "?"}error=${code}`;
  if (!ssoConfig()) return seeOther(signInPage);
  try {
    const { headers, response } = await auth().api.signInSocial({
      body: { provider: SSO_PROVIDER_ID, callbackURL: next, newUserCallbackURL: next, errorCallbackURL: signInPage, disableRedirect: true },
      headers: withResolvedIp(request.headers),
      returnHeaders: true,
    });
    if (!response.url) return seeOther(withError(SSO_ERROR.unavailable));
    return seeOther(response.url, headers.getSetCookie());
  } catch (err) {
    // Most often the provider's discovery document could not be fetched.
    console.error("[steady] single sign-on could not start:", err instanceof Error ? err.message : err);
    return seeOther(withError(SSO_ERROR.unavailable));
  }
}
