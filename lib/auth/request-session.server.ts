import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import type { Db } from "../db/client.server";
import { Params, dialectOf, orderedList, toDate } from "../db/sql.server";
import type { Auth, SessionUser } from "./auth.server";
import { normalizeRoles } from "./roles";

/** A session's user as the JSON API needs it, with their roles (decision D54). */
export type RequestSessionUser = SessionUser;

/**
 * The value of cookie `name` in a Cookie header, decoded; the first one wins (as in Better Auth's
 * own parser). Null when absent.
 */
export function cookieValue(cookieHeader: string | null, name: string): string | null {
  if (!cookieHeader) return null;
  for (const part of cookieHeader.split(";")) {
    const eq = part.indexOf("=");
    if (eq === -1 || part.slice(0, eq).trim() !== name) continue;
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    try {
      return decodeURIComponent(value);
    } catch {
      return value;
    }
  }
  return null;
}

/**
 * The session token of a signed session cookie value (`<token>.<base64 HMAC-SHA256 of the token>`,
 * Better Auth's format), or null when the signature does not match `secret`. Node's HMAC,
 * synchronous: Better Auth's own check imports a WebCrypto key on every request.
 */
export function verifiedToken(signedValue: string, secret: string): string | null {
  const dot = signedValue.lastIndexOf(".");
  if (dot < 1) return null;
  const token = signedValue.slice(0, dot);
  const signature = signedValue.slice(dot + 1);
  if (signature.length !== 44 || !signature.endsWith("=")) return null;
  const expected = createHmac("sha256", secret).update(token).digest();
  const given = Buffer.from(signature, "base64");
  return given.length === expected.length && timingSafeEqual(given, expected) ? token : null;
}

/**
 * The signed-in user of a request, for the JSON API's hot path (a turn every few seconds from
 * every trainee in a call): the session cookie checked here, then one SQL query for the session
 * and its user. The same rules as Better Auth's `getSession` without its cookie cache (decision
 * D37): an expired or deleted session, or a turned-off account, is signed out on this very request.
 * It does not extend sessions (`updateAge`): pages do that through Better Auth (decision D64).
 */
export async function requestSessionUser(db: Db, auth: Auth, headers: Headers, now = new Date()): Promise<RequestSessionUser | null> {
  const context = await auth.$context;
  const signed = cookieValue(headers.get("cookie"), context.authCookies.sessionToken.name);
  if (!signed) return null;
  const token = verifiedToken(signed, context.secret);
  if (!token) return null;
  const dialect = dialectOf(db);
  const p = new Params(dialect);
  // The person's roles come in the same query, as one comma-separated list.
  const rows = await db.$queryRawUnsafe<
    { expiresAt: unknown; id: string; name: string; email: string; roles: string | null; teamId: string | null; deactivatedAt: unknown }[]
  >(
    `SELECT s."expiresAt", u.id, u.name, u.email, u."teamId", u."deactivatedAt",
            (SELECT ${orderedList(dialect, `ur."role"`, `ur."role"`)} FROM "UserRole" ur WHERE ur."userId" = u.id) AS "roles"
       FROM "session" s JOIN "user" u ON u.id = s."userId"
      WHERE s.token = ${p.add(token)}`,
    ...p.values,
  );
  const row = rows[0];
  if (!row || row.deactivatedAt !== null) return null;
  const expiresAt = toDate(row.expiresAt);
  if (!expiresAt || expiresAt <= now) return null;
  return { id: row.id, name: row.name, email: row.email, roles: normalizeRoles((row.roles ?? "").split(",")), teamId: row.teamId };
}
