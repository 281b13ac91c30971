import "server-only";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { AppError } from "../errors";
import { REQUESTED_PATH_HEADER, safeNext } from "../http/safe-next";
import { db } from "../db/client.server";
import { auth, ROLES, type Role, type SessionUser } from "./auth.server";
import { requestSessionUser } from "./request-session.server";

function toSessionUser(user: { id: string; name: string; email: string; role?: unknown; teamId?: unknown }): SessionUser {
  const role = ROLES.includes(user.role as Role) ? (user.role as Role) : "trainee";
  return { id: user.id, name: user.name, email: user.email, role, teamId: typeof user.teamId === "string" ? user.teamId : null };
}

/** The signed-in user, or null; a turned-off account counts as signed out (its sessions are deleted too). */
export async function getSessionUser(requestHeaders?: Headers): Promise<SessionUser | null> {
  const session = await auth().api.getSession({ headers: requestHeaders ?? (await headers()) });
  if (!session || session.user.deactivatedAt) return null;
  return toSessionUser(session.user);
}

/**
 * For pages and server actions: the signed-in user, or a redirect to sign-in that comes back to
 * `returnTo`, else to the page asked for (proxy.ts passes it on, so a layout knows it too). A user
 * without one of `roles` gets a 404, so pages for other roles are not even confirmed to exist.
 */
export async function requireUser(roles: readonly Role[] = ROLES, returnTo?: string): Promise<SessionUser> {
  const requestHeaders = await headers();
  const user = await getSessionUser(requestHeaders);
  if (!user) {
    const back = safeNext(returnTo ?? requestHeaders.get(REQUESTED_PATH_HEADER));
    redirect(back === "/" ? "/sign-in" : `/sign-in?next=${encodeURIComponent(back)}`);
  }
  if (!roles.includes(user.role)) notFound();
  return user;
}

/**
 * For route handlers: the signed-in user, or a 401/403 AppError. The session is checked on every
 * request with one query (requestSessionUser), since a call sends a turn every few seconds.
 */
export async function requireApiUser(request: Request, roles: readonly Role[] = ROLES): Promise<SessionUser> {
  const found = await requestSessionUser(db(), auth(), request.headers);
  const user = found && toSessionUser(found);
  if (!user) throw new AppError("unauthenticated", "sign in first");
  if (!roles.includes(user.role)) throw new AppError("forbidden", "your role cannot do this");
  return user;
}
