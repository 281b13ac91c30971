import "server-only";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { findUserRoles } from "../data/people/find-user-roles.server";
import { db } from "../db/client.server";
import { AppError } from "../errors";
import { REQUESTED_PATH_HEADER, safeNext } from "../http/safe-next";
import { auth, type SessionUser } from "./auth.server";
import { requestSessionUser } from "./request-session.server";
import { hasAnyRole, type Role } from "./roles";

/**
 * The signed-in user with their roles, or null; a turned-off account counts as signed out (its
 * sessions are deleted too). Roles are read on every request, so a change applies at once.
 */
export async function getSessionUser(requestHeaders?: Headers): Promise<SessionUser | null> {
  const session = await auth().api.getSession({ headers: requestHeaders ?? (await headers()) });
  if (!session || session.user.deactivatedAt) return null;
  const { user } = session;
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    roles: await findUserRoles(db(), user.id),
    teamId: typeof user.teamId === "string" ? user.teamId : null,
  };
}

/**
 * The session user, read once per request while pages render: the layouts and the page each
 * check it, and each read is a session lookup and a roles query. (Outside a render, in a server
 * action, React's `cache` does not keep results, so each call reads afresh.)
 */
const renderSessionUser = cache(async (): Promise<SessionUser | null> => getSessionUser(await headers()));

/**
 * For pages and server actions: the signed-in user, or a redirect to sign-in that comes back to
 * `returnTo`, else to the page asked for (proxy.ts passes it on, so a layout knows it too). With
 * `roles`, a user holding none of them gets a 404, so pages for other roles are not even confirmed
 * to exist; without, any signed-in person passes (every role may practise).
 */
export async function requireUser(roles?: readonly Role[], returnTo?: string): Promise<SessionUser> {
  const requestHeaders = await headers();
  const user = await renderSessionUser();
  if (!user) {
    const back = safeNext(returnTo ?? requestHeaders.get(REQUESTED_PATH_HEADER));
    redirect(back === "/" ? "/sign-in" : `/sign-in?next=${encodeURIComponent(back)}`);
  }
  if (roles && !hasAnyRole(user, roles)) notFound();
  return user;
}

/**
 * For route handlers: the signed-in user, or a 401/403 AppError (403 when they hold none of
 * `roles`). The session, its user and their roles are read with one query (requestSessionUser),
 * since a call sends a turn every few seconds.
 */
export async function requireApiUser(request: Request, roles?: readonly Role[]): Promise<SessionUser> {
  const user = await requestSessionUser(db(), auth(), request.headers);
  if (!user) throw new AppError("unauthenticated", "sign in first");
  if (roles && !hasAnyRole(user, roles)) throw new AppError("forbidden", "your role cannot do this");
  return user;
}
