import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Role } from "../../auth/roles";
import type { Db } from "../../db/client.server";
import { AppError } from "../../errors";
import { freshDatabase, PROVIDERS } from "../../testing/db";
import { listAuditEntries } from "../audit/list-audit-entries.server";
import { acceptInvitation } from "../invitations/accept-invitation.server";
import { findUserRoles } from "../people/find-user-roles.server";
import { setTeamArchived } from "../teams/admin-teams.server";
import { importRoster, planRosterImport } from "./roster-import.server";

const BASE = "http://steady.test";

describe.each(PROVIDERS)("roster import on %s", (provider) => {
  let db: Db;
  const admin = { id: "admin", name: "Ada Admin", email: "ada@org.test", roles: ["admin"] as Role[] };

  beforeAll(async () => {
    ({ db } = await freshDatabase(provider));
    await db.user.create({ data: { id: admin.id, name: admin.name, email: admin.email, roles: { create: { role: "admin" } } } });
    await db.team.create({ data: { id: "riverside", name: "Riverside" } });
    await db.user.create({
      data: { id: "sam", name: "Sam Okoye", email: "sam@org.test", teamId: "riverside", roles: { create: { role: "trainee" } } },
    });
  }, 60_000);
  afterAll(async () => {
    await db?.$disconnect();
  });

  const ROSTER = [
    "email,name,roles,team",
    "new.one@org.test,New One,,riverside",
    "lead@org.test,Lee Lead,trainer manager,Northgate",
    "SAM@org.test,Samuel (ignored),trainee trainer,Northgate",
    "ada@org.test,,admin,",
  ].join("\n");

  it("says what it will do, line by line, before doing anything", async () => {
    const plan = await planRosterImport(db, admin, ROSTER);
    expect(plan.problems).toEqual([]);
    expect(plan.newTeams).toEqual(["Northgate"]);
    expect(plan.actions).toEqual([
      { line: 2, email: "new.one@org.test", kind: "invite", name: "New One", roles: ["trainee"], team: "Riverside", replacesInvitation: false },
      { line: 3, email: "lead@org.test", kind: "invite", name: "Lee Lead", roles: ["trainer", "manager"], team: "Northgate", replacesInvitation: false },
      {
        line: 4,
        email: "sam@org.test",
        kind: "update",
        userId: "sam",
        name: "Sam Okoye",
        roles: { before: ["trainee"], after: ["trainee", "trainer"] },
        team: { from: "Riverside", to: "Northgate" },
        manages: null,
        off: false,
      },
      { line: 5, email: "ada@org.test", kind: "unchanged", why: "already so" },
    ]);
    expect(await db.invitation.count()).toBe(0);
    expect(await db.team.count()).toBe(1);
  });

  it("imports exactly that: invitations with links, updates, new teams, a manager managing their team, all in the audit log", async () => {
    const plan = await planRosterImport(db, admin, ROSTER);
    const result = await importRoster(db, admin, ROSTER, { digest: plan.digest, baseUrl: BASE });
    expect(result).toMatchObject({ updated: 1, unchanged: 1, newTeams: ["Northgate"] });
    expect(result.invited.map((i) => [i.line, i.email])).toEqual([
      [2, "new.one@org.test"],
      [3, "lead@org.test"],
    ]);
    const north = await db.team.findFirstOrThrow({ where: { name: "Northgate" } });
    expect(await db.user.findUniqueOrThrow({ where: { id: "sam" } })).toMatchObject({ name: "Sam Okoye", teamId: north.id });
    expect(await findUserRoles(db, "sam")).toEqual(["trainee", "trainer"]);

    // The lead's invitation makes them a manager of Northgate.
    const lead = result.invited.find((i) => i.email === "lead@org.test")!;
    const accepted = await acceptInvitation(db, lead.link.split("/").pop()!, { name: "Lee Lead", passwordHash: "h" });
    expect(accepted.roles).toEqual(["trainer", "manager"]);
    expect(await db.teamManager.findMany({ where: { userId: accepted.userId }, select: { teamId: true } })).toEqual([{ teamId: north.id }]);

    const actions = (await listAuditEntries(db)).rows.map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(["roster.imported", "person.invited", "person.roles-changed", "person.team-changed", "team.created"]),
    );
  });

  it("importing the same file again changes nothing", async () => {
    const before = await db.auditEntry.count();
    const plan = await planRosterImport(db, admin, ROSTER);
    expect(plan.actions.map((a) => [a.line, a.kind])).toEqual([
      [2, "unchanged"],
      [3, "unchanged"],
      [4, "unchanged"],
      [5, "unchanged"],
    ]);
    expect(plan.actions[0]).toMatchObject({ why: expect.stringMatching(/^invited already, until \d{4}-\d{2}-\d{2}$/) });
    const result = await importRoster(db, admin, ROSTER, { digest: plan.digest, baseUrl: BASE });
    expect(result).toEqual({ invited: [], updated: 0, unchanged: 4, newTeams: [] });
    expect(await db.invitation.count({ where: { openFor: { not: null } } })).toBe(1);
    // Only the import itself is recorded.
    expect(await db.auditEntry.count()).toBe(before + 1);
  });

  it("imports nothing while a line has a problem, and nothing that differs from the preview", async () => {
    const bad = ["email,name,roles,team", "ok@org.test,Ok,,", "ada@org.test,,trainer,", "x@org.test,X,,Archived"].join("\n");
    await db.team.create({ data: { id: `archived-${provider}`, name: "Archived" } });
    await setTeamArchived(db, admin, `archived-${provider}`, true);
    const plan = await planRosterImport(db, admin, bad);
    expect(plan.problems).toEqual([
      { line: 3, message: "this line takes away your own admin role: ask another administrator to do it" },
      { line: 4, message: "the team Archived is archived: restore it first, or name another team" },
    ]);
    const err = await importRoster(db, admin, bad, { digest: plan.digest, baseUrl: BASE }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).userMessage).toMatch(/^Line 3: /);
    expect(await db.invitation.count({ where: { email: "ok@org.test" } })).toBe(0);

    const good = "email,roles\nlater@org.test,trainee";
    const stale = await planRosterImport(db, admin, good);
    await db.user.create({ data: { id: `later-${provider}`, name: "Later", email: "later@org.test", roles: { create: { role: "trainer" } } } });
    const changed = await importRoster(db, admin, good, { digest: stale.digest, baseUrl: BASE }).catch((e: unknown) => e);
    expect((changed as AppError).code).toBe("conflict");
    expect(await findUserRoles(db, `later-${provider}`)).toEqual(["trainer"]);
    // A non-administrator cannot import.
    await expect(importRoster(db, { ...admin, roles: ["trainer"] }, good, { digest: stale.digest, baseUrl: BASE })).rejects.toMatchObject({
      code: "forbidden",
    });
  });
});
