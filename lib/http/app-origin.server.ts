import "server-only";
import { env } from "../env.server";

/**
 * The app's public address for links it hands out (invitations): BETTER_AUTH_URL when set (what
 * production sets), else the host the request was sent to, over http (a local or test server).
 */
export function appBaseUrl(requestHeaders: Headers): string {
  const configured = env().BETTER_AUTH_URL;
  if (configured) return configured.replace(/\/+$/, "");
  const host = requestHeaders.get("host") ?? "";
  return `http://${/^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9a-fA-F:]+\](:\d{1,5})?$/.test(host) ? host : "localhost"}`;
}
