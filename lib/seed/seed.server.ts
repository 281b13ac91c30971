import "server-only";
import type { Db } from "../db/client.server";
import { createPasswordUser, hashPassword, linkPassword } from "../auth/accounts.server";
import type { Role } from "../auth/auth.server";
import { isUniqueViolation } from "../db/errors";
import { syncBuiltinScenarios } from "../data/scenarios/sync-builtin-scenarios.server";

export const DEMO_TEAM = { id: "team-demo", name: "Riverside support desk" };

/** Shown on the sign-in page when DEMO_MODE is on. The administrator belongs to no team. */
export const DEMO_ACCOUNTS: { email: string; password: string; name: string; roles: Role[]; label: string }[] = [
  { email: "trainee@demo.test", password: "steady-trainee", name: "Alex Rivera", roles: ["trainee"], label: "Trainee" },
  { email: "trainee2@demo.test", password: "steady-trainee", name: "Jordan Lee", roles: ["trainee"], label: "Second trainee" },
  { email: "trainer@demo.test", password: "steady-trainer", name: "Priya Nair", roles: ["trainer"], label: "Trainer" },
  { email: "manager@demo.test", password: "steady-manager", name: "Morgan Blake", roles: ["manager"], label: "Manager" },
  { email: "admin@demo.test", password: "steady-admin", name: "Casey Morgan", roles: ["admin"], label: "Administrator" },
];

/** Creates the demo team and accounts that do not exist yet (passwords hashed by Better Auth). */
export async function seedDemoAccounts(db: Db, log: (line: string) => void = () => {}): Promise<number> {
  await db.team.upsert({ where: { id: DEMO_TEAM.id }, create: DEMO_TEAM, update: {} });
  let created = 0;
  for (const account of DEMO_ACCOUNTS) {
    let user = await db.user.findUnique({ where: { email: account.email } });
    if (!user) {
      try {
        await createPasswordUser(
          { email: account.email, name: account.name, roles: account.roles, teamId: account.roles.includes("admin") ? null : DEMO_TEAM.id },
          await hashPassword(account.password),
        );
        created++;
        log(`  demo account ${account.email} (${account.roles.join(", ")})`);
      } catch (err) {
        // Another server starting at the same moment created it first.
        if (!isUniqueViolation(err)) throw err;
      }
      user = await db.user.findUniqueOrThrow({ where: { email: account.email } });
    }
    // Repairs a user left without a password by a start that stopped half-way.
    const credential = await db.account.findFirst({ where: { userId: user.id, providerId: "credential" } });
    if (!credential) await linkPassword(user.id, await hashPassword(account.password));
    // Repairs a user left without roles the same way.
    if ((await db.userRole.count({ where: { userId: user.id } })) === 0) {
      await db.userRole.createMany({ data: account.roles.map((role) => ({ userId: user.id, role })) });
    }
    if (account.roles.includes("manager")) {
      const key = { teamId: DEMO_TEAM.id, userId: user.id };
      await db.teamManager.upsert({ where: { teamId_userId: key }, create: key, update: {} });
    }
  }
  return created;
}

export async function seedBuiltinScenarios(db: Db, log: (line: string) => void = () => {}) {
  const result = await syncBuiltinScenarios(db);
  for (const id of result.added) log(`  scenario ${id}: new version saved`);
  for (const problem of result.failed) log(`  scenario skipped: ${problem}`);
  return result;
}
