import "server-only";
import type { Role } from "./auth.server";
import { auth } from "./auth.server";

/**
 * Creates a user who signs in with email and password, through Better Auth's own adapter
 * (public sign-up is off). Sign-in finds the password on the "credential" account whose
 * accountId is the user id.
 */
export async function createPasswordUser(
  user: { email: string; name: string; role: Role; teamId?: string | null },
  passwordHash: string,
): Promise<{ id: string }> {
  const ctx = await auth().$context;
  const created = await ctx.internalAdapter.createUser(
    { email: user.email, name: user.name, emailVerified: true, role: user.role, teamId: user.teamId ?? null },
    { method: "admin" },
  );
  await linkPassword(created.id, passwordHash);
  return created;
}

export async function linkPassword(userId: string, passwordHash: string): Promise<void> {
  const ctx = await auth().$context;
  await ctx.internalAdapter.linkAccount({ userId, providerId: "credential", accountId: userId, password: passwordHash });
}

export async function hashPassword(password: string): Promise<string> {
  return (await auth().$context).password.hash(password);
}
