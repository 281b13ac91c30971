import "server-only";
import type { Role } from "./roles";
import { auth } from "./auth.server";
import { db } from "../db/client.server";

/**
 * Creates a user who signs in with email and password, through Better Auth's own adapter
 * (public sign-up is off), and gives them their roles. Sign-in finds the password on the
 * "credential" account whose accountId is the user id.
 */
export async function createPasswordUser(
  user: { email: string; name: string; roles: readonly Role[]; teamId?: string | null },
  passwordHash: string,
): Promise<{ id: string }> {
  const ctx = await auth().$context;
  const created = await ctx.internalAdapter.createUser(
    { email: user.email, name: user.name, emailVerified: true, teamId: user.teamId ?? null },
    { method: "admin" },
  );
  await db().userRole.createMany({ data: user.roles.map((role) => ({ userId: created.id, role })) });
  await linkPassword(created.id, passwordHash);
  return created;
}

export async function linkPassword(userId: string, passwordHash: string): Promise<void> {
  const ctx = await auth().$context;
  await ctx.internalAdapter.linkAccount({ userId, providerId: "credential", accountId: userId, password: passwordHash });
}

/** Better Auth's own password hash (scrypt), so the account signs in like any other. */
export async function hashPassword(password: string): Promise<string> {
  return (await auth().$context).password.hash(password);
}
