import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Role } from "../../auth/roles";
import { hashLinkToken } from "../../auth/tokens.server";
import type { Db } from "../../db/client.server";
import { AppError } from "../../errors";
import { freshDatabase, PROVIDERS } from "../../testing/db";
import { listAuditEntries } from "../audit/list-audit-entries.server";
import { recordAudit } from "../audit/record-audit.server";
import { acceptInvitation } from "../invitations/accept-invitation.server";
import { createInvitation } from "../invitations/create-invitation.server";
import { findInvitation } from "../invitations/find-invitation.server";
import { INVITATION_TTL_MS } from "../invitations/invitation-rules.server";
import { renewInvitation, revokeInvitation } from "../invitations/revoke-invitation.server";
import { findTeamScorecard } from "../scorecards/find-team-scorecard.server";
import { createFirstAdmin } from "../sign-in-links/create-first-admin.server";
import { findSignInLink, redeemSignInLink } from "../sign-in-links/redeem-sign-in-link.server";
import { syncBuiltinScenarios } from "../scenarios/sync-builtin-scenarios.server";
import { addTeamManager, createTeam, renameTeam, setTeamArchived } from "../teams/admin-teams.server";
import { getManagedTrainee } from "../teams/get-managed-trainee.server";
import { addRoles, changeRoles } from "./change-roles.server";
import { changeTeam } from "./change-team.server";
import { deactivatePerson, reactivatePerson } from "./deactivate-person.server";
import { ERASED_NAME, erasePerson } from "./erase-person.server";
import { exportPersonData } from "./export-person-data.server";
import { findUserRoles } from "./find-user-roles.server";
import { getPerson } from "./get-person.server";
import { listPeople } from "./list-people.server";

/**
 * People and organisations (issue 13) on both databases: roles, the first administrator, invitations
 * and one-time links (single use, expiry, no raised roles), teams, deactivation, export and erasure,
 * the audit log. Password hashes are opaque strings here: what signs in with them is tested in
 * lib/auth/sign-in-guard.test.ts and the end-to-end specs.
 */

const BASE = "http://steady.test";
const tokenOf = (link: string) => link.split("/").pop()!;

async function refused(promise: Promise<unknown>, code?: AppError["code"], message?: RegExp): Promise<AppError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err, "expected a refusal").toBeInstanceOf(AppError);
  if (code) expect((err as AppError).code).toBe(code);
  if (message) expect((err as AppError).userMessage).toMatch(message);
  return err as AppError;
}

describe.each(PROVIDERS)("people and organisations on %s", (provider) => {
  let db: Db;
  let counter = 0;

  beforeAll(async () => {
    ({ db } = await freshDatabase(provider));
    expect((await syncBuiltinScenarios(db)).failed).toEqual([]);
  }, 60_000);
  afterAll(async () => {
    await db?.$disconnect();
  });

  /** A person with these roles (and a password account), as an Admin value when they hold admin. */
  async function person(roles: Role[], options: { teamId?: string | null; name?: string } = {}) {
    const n = ++counter;
    const id = `p-${provider}-${n}`;
    const name = options.name ?? `Person ${n}`;
    const email = `person-${n}@${provider}.test`;
    await db.user.create({
      data: {
        id,
        name,
        email,
        emailVerified: true,
        teamId: options.teamId ?? null,
        roles: { create: roles.map((role) => ({ role })) },
        accounts: { create: { id: `${id}-acc`, accountId: id, providerId: "credential", password: "hash" } },
      },
    });
    return { id, name, email, roles };
  }

  async function session(userId: string) {
    const token = `tok-${provider}-${++counter}`;
    await db.session.create({ data: { id: token, token, userId, expiresAt: new Date(Date.now() + 86_400_000) } });
    return token;
  }

  async function team(name: string) {
    return db.team.create({ data: { name: `${name} ${provider} ${++counter}` } });
  }

  describe("roles", () => {
    it("a person holds several roles; an administrator sets them; the audit log says who and what", async () => {
      const admin = await person(["admin"]);
      const lead = await person(["trainee"]);
      expect(await changeRoles(db, admin, lead.id, ["manager", "trainer", "manager"])).toEqual({ before: ["trainee"], after: ["trainer", "manager"] });
      expect(await findUserRoles(db, lead.id)).toEqual(["trainer", "manager"]);
      const [entry] = (await listAuditEntries(db, { targetUserId: lead.id })).rows;
      expect(entry).toMatchObject({ action: "person.roles-changed", actorId: admin.id, detail: { before: ["trainee"], after: ["trainer", "manager"] } });
      expect(entry!.actorLabel).toBe(`${admin.name} <${admin.email}>`);
    });

    it("refuses no role, a non-administrator, and taking away one's own admin role", async () => {
      const admin = await person(["admin"]);
      const other = await person(["admin"]);
      const trainee = await person(["trainee"]);
      await refused(changeRoles(db, admin, trainee.id, []), "bad-request", /at least one role/);
      await refused(changeRoles(db, { ...trainee, roles: ["manager"] }, trainee.id, ["admin"]), "forbidden");
      await refused(changeRoles(db, admin, admin.id, ["trainer"]), "conflict", /your own admin role/);
      expect(await findUserRoles(db, admin.id)).toEqual(["admin"]);
      // Another administrator may.
      await changeRoles(db, other, admin.id, ["trainer"]);
      expect(await findUserRoles(db, admin.id)).toEqual(["trainer"]);
    });

    it("taking away the manager role ends the teams they managed", async () => {
      const admin = await person(["admin"]);
      const t = await team("Managed");
      const manager = await person(["manager"]);
      await addTeamManager(db, admin, t.id, manager.id);
      expect(await db.teamManager.count({ where: { userId: manager.id } })).toBe(1);
      await changeRoles(db, admin, manager.id, ["trainer"]);
      expect(await db.teamManager.count({ where: { userId: manager.id } })).toBe(0);
    });

    it("addRoles (for people who come in another way) only adds", async () => {
      const trainee = await person(["trainee"]);
      expect(await addRoles(db, trainee.id, ["manager", "trainee"], { id: null, label: "single sign-on" })).toEqual(["trainee", "manager"]);
      const [entry] = (await listAuditEntries(db, { targetUserId: trainee.id })).rows;
      expect(entry).toMatchObject({ actorId: null, actorLabel: "single sign-on", action: "person.roles-changed" });
    });
  });

  describe("the last administrator", () => {
    // A database of its own: "the organisation" here is every person in it.
    let org: Db;
    beforeAll(async () => {
      ({ db: org } = await freshDatabase(provider));
    }, 60_000);
    afterAll(async () => {
      await org?.$disconnect();
    });

    async function orgAdmin(email: string) {
      const u = await org.user.create({ data: { id: email, name: email, email, roles: { create: [{ role: "admin" }, { role: "trainer" }] } } });
      return { id: u.id, name: u.name, email: u.email, roles: ["admin", "trainer"] as Role[] };
    }

    it("two administrators demoting each other at the same moment: exactly one succeeds, one admin remains", async () => {
      const a = await orgAdmin(`a-${provider}@org.test`);
      const b = await orgAdmin(`b-${provider}@org.test`);
      const results = await Promise.allSettled([changeRoles(org, a, b.id, ["trainer"]), changeRoles(org, b, a.id, ["trainer"])]);
      expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
      const failure = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
      expect((failure.reason as AppError).userMessage).toMatch(/without an administrator/);
      expect(await org.user.count({ where: { roles: { some: { role: "admin" } } } })).toBe(1);
    });

    it("the last active administrator cannot be turned off, demoted or erased; one who is off does not count", async () => {
      const { db: own } = await freshDatabase(provider);
      try {
        const make = async (id: string) => {
          await own.user.create({ data: { id, name: id, email: `${id}@org.test`, roles: { create: [{ role: "admin" }] } } });
          return { id, name: id, email: `${id}@org.test`, roles: ["admin"] as Role[] };
        };
        const a = await make("a");
        const b = await make("b");
        const c = await make("c");
        expect(await deactivatePerson(own, a, b.id)).toBe(true);
        await changeRoles(own, c, a.id, ["trainer"]);
        // c is the only active administrator now (b is off): nobody may remove them.
        await refused(deactivatePerson(own, b, c.id), "conflict", /without an administrator/);
        await refused(erasePerson(own, b, c.id), "conflict", /without an administrator/);
        await refused(changeRoles(own, b, c.id, ["manager"]), "conflict", /without an administrator/);
        expect(await own.user.findUniqueOrThrow({ where: { id: c.id } })).toMatchObject({ deactivatedAt: null, name: "c" });
        expect(await findUserRoles(own, c.id)).toEqual(["admin"]);
        // Once b is on again, c may go.
        await reactivatePerson(own, c, b.id);
        expect(await deactivatePerson(own, b, c.id)).toBe(true);
      } finally {
        await own.$disconnect();
      }
    }, 60_000);
  });

  describe("deactivation", () => {
    it("ends the person's sessions in the same step; their runs stay; reactivation lets them back; the audit log has both", async () => {
      const admin = await person(["admin"]);
      const trainee = await person(["trainee"]);
      await session(trainee.id);
      await session(trainee.id);
      const version = await db.scenarioVersion.findFirstOrThrow({ where: { published: true } });
      await db.run.create({ data: { userId: trainee.id, scenarioVersionId: version.id, angerStart: 1, angerEnd: 1, trustStart: 1, trustEnd: 1 } });

      expect(await deactivatePerson(db, admin, trainee.id)).toBe(true);
      expect(await db.session.count({ where: { userId: trainee.id } })).toBe(0);
      expect(await db.run.count({ where: { userId: trainee.id } })).toBe(1);
      expect((await getPerson(db, trainee.id)).status).toBe("off");
      expect(await deactivatePerson(db, admin, trainee.id)).toBe(false);
      await refused(deactivatePerson(db, admin, admin.id), "conflict", /yourself/);

      expect(await reactivatePerson(db, admin, trainee.id)).toBe(true);
      expect((await getPerson(db, trainee.id)).status).toBe("active");
      const actions = (await listAuditEntries(db, { targetUserId: trainee.id })).rows.map((e) => e.action);
      expect(actions).toEqual(["person.reactivated", "person.deactivated"]);
    });

    it("keeps a demo account that demo mode turned off, off", async () => {
      const admin = await person(["admin"]);
      const demo = await person(["trainee"]);
      await db.user.update({ where: { id: demo.id }, data: { deactivatedAt: new Date(), deactivatedBy: "demo-mode" } });
      await refused(reactivatePerson(db, admin, demo.id), "conflict", /demo mode/);
    });
  });

  describe("invitations", () => {
    it("a single-use link, stored only as a hash, that makes the account with the invitation's roles and teams", async () => {
      const admin = await person(["admin"]);
      const joins = await team("Joins");
      const manages = await team("Manages");
      const now = new Date();
      const { link, invitation } = await createInvitation(
        db,
        admin,
        { email: "  New.Lead@Example.TEST ", name: "Lee", roles: ["trainer", "manager"], teamId: joins.id, managesTeamIds: [manages.id] },
        { baseUrl: `${BASE}/`, now },
      );
      expect(link).toMatch(/^http:\/\/steady\.test\/invite\/[A-Za-z0-9_-]{43}$/);
      expect(invitation).toMatchObject({ email: "new.lead@example.test", roles: ["trainer", "manager"], teamId: joins.id, managesTeamIds: [manages.id] });
      expect(invitation.expiresAt.getTime() - now.getTime()).toBe(INVITATION_TTL_MS);
      const token = tokenOf(link);
      const row = await db.invitation.findUniqueOrThrow({ where: { id: invitation.id } });
      expect(JSON.stringify(row)).not.toContain(token);
      expect(row.tokenHash).toBe(hashLinkToken(token));
      expect(await findInvitation(db, token)).toMatchObject({ ok: true, email: "new.lead@example.test", teamName: joins.name });

      const accepted = await acceptInvitation(db, token, { name: "Lee Lead", passwordHash: "scrypt-hash" });
      expect(accepted).toMatchObject({ email: "new.lead@example.test", roles: ["trainer", "manager"] });
      const user = await db.user.findUniqueOrThrow({
        where: { id: accepted.userId },
        include: { accounts: true, managedTeams: true },
      });
      expect(user).toMatchObject({ name: "Lee Lead", teamId: joins.id, emailVerified: true });
      expect(user.accounts.map((a) => [a.providerId, a.accountId, a.password])).toEqual([["credential", user.id, "scrypt-hash"]]);
      expect(user.managedTeams.map((m) => m.teamId)).toEqual([manages.id]);

      // Single use.
      await refused(acceptInvitation(db, token, { name: "Again", passwordHash: "x" }), "conflict", /used already/);
      expect(await findInvitation(db, token)).toMatchObject({ ok: false, problem: expect.stringMatching(/used already/) });
      expect(await db.user.count({ where: { email: "new.lead@example.test" } })).toBe(1);
      const actions = (await listAuditEntries(db, {})).rows.filter((e) => /lead@example/.test(e.targetLabel)).map((e) => e.action);
      expect(actions).toEqual(["invitation.accepted", "person.invited"]);
    });

    it("expires after 7 days", async () => {
      const admin = await person(["admin"]);
      const sent = new Date(Date.now() - INVITATION_TTL_MS - 1000);
      const { link } = await createInvitation(db, admin, { email: `late-${provider}@example.test`, roles: ["trainee"] }, { baseUrl: BASE, now: sent });
      await refused(acceptInvitation(db, tokenOf(link), { name: "Late", passwordHash: "x" }), "conflict", /expired/);
      // A day before it ran out, it worked.
      const fresh = await createInvitation(db, admin, { email: `late-${provider}@example.test`, roles: ["trainee"] }, { baseUrl: BASE, now: sent });
      await acceptInvitation(db, tokenOf(fresh.link), { name: "Late", passwordHash: "x" }, new Date(sent.getTime() + INVITATION_TTL_MS - 86_400_000));
    });

    it("cannot raise roles: the roles are checked against the inviter when it is accepted", async () => {
      const admin = await person(["admin"]);
      const other = await person(["admin"]);
      const { link } = await createInvitation(db, admin, { email: `raise-${provider}@example.test`, roles: ["admin"] }, { baseUrl: BASE });
      // The inviter is no longer an administrator: the invitation gives nothing.
      await changeRoles(db, other, admin.id, ["trainer"]);
      await refused(acceptInvitation(db, tokenOf(link), { name: "Raised", passwordHash: "x" }), "forbidden", /can no longer grant/);
      expect(await db.user.count({ where: { email: `raise-${provider}@example.test` } })).toBe(0);
      // Turned off counts the same.
      const third = await person(["admin"]);
      const second = await createInvitation(db, third, { email: `raise2-${provider}@example.test`, roles: ["trainee"] }, { baseUrl: BASE });
      await deactivatePerson(db, other, third.id);
      await refused(acceptInvitation(db, tokenOf(second.link), { name: "X", passwordHash: "x" }), "forbidden");
      // And a non-administrator cannot invite at all.
      await refused(createInvitation(db, { ...admin, roles: ["trainer"] }, { email: `x-${provider}@example.test`, roles: ["trainee"] }, { baseUrl: BASE }), "forbidden");
    });

    it("refuses bad input, an address that has an account, an archived team, and managing without the manager role", async () => {
      const admin = await person(["admin"]);
      const existing = await person(["trainee"]);
      const t = await team("Archived");
      await setTeamArchived(db, admin, t.id, true);
      const invite = (input: Parameters<typeof createInvitation>[2]) => createInvitation(db, admin, input, { baseUrl: BASE });
      await refused(invite({ email: "not an email", roles: ["trainee"] }), "bad-request", /email/);
      await refused(invite({ email: `${"a".repeat(250)}@x.test`, roles: ["trainee"] }), "bad-request", /254/);
      await refused(invite({ email: "ok@x.test", name: "n".repeat(101), roles: ["trainee"] }), "bad-request", /100/);
      await refused(invite({ email: "ok@x.test", roles: [] }), "bad-request", /at least one role/);
      await refused(invite({ email: "ok@x.test", roles: ["owner" as Role] }), "bad-request", /roles/i);
      await refused(invite({ email: existing.email.toUpperCase(), roles: ["trainee"] }), "conflict", /already has an account/);
      await refused(invite({ email: "ok@x.test", roles: ["trainee"], teamId: t.id }), "conflict", /archived/);
      await refused(invite({ email: "ok@x.test", roles: ["trainee"], teamId: "no-such-team" }), "not-found");
      await refused(invite({ email: "ok@x.test", roles: ["trainee"], managesTeamIds: [t.id] }), "bad-request", /manager role/);
    });

    it("a new invitation for the same address replaces the open one; withdrawn links stop working; two accepts at once make one account", async () => {
      const admin = await person(["admin"]);
      const email = `twice-${provider}@example.test`;
      const first = await createInvitation(db, admin, { email, roles: ["trainee"] }, { baseUrl: BASE });
      const second = await renewInvitation(db, admin, first.invitation.id, { baseUrl: BASE });
      expect(second.invitation.id).not.toBe(first.invitation.id);
      expect(await findInvitation(db, tokenOf(first.link))).toMatchObject({ ok: false, problem: expect.stringMatching(/withdrawn or replaced/) });
      expect(await db.invitation.count({ where: { openFor: email } })).toBe(1);

      const results = await Promise.allSettled([
        acceptInvitation(db, tokenOf(second.link), { name: "One", passwordHash: "x" }),
        acceptInvitation(db, tokenOf(second.link), { name: "Two", passwordHash: "x" }),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
      expect(await db.user.count({ where: { email } })).toBe(1);

      const third = await createInvitation(db, admin, { email: `withdrawn-${provider}@example.test`, roles: ["trainee"] }, { baseUrl: BASE });
      expect(await revokeInvitation(db, admin, third.invitation.id)).toBe(true);
      expect(await revokeInvitation(db, admin, third.invitation.id)).toBe(false);
      await refused(acceptInvitation(db, tokenOf(third.link), { name: "W", passwordHash: "x" }), "conflict", /withdrawn/);
      await refused(acceptInvitation(db, "A".repeat(43), { name: "W", passwordHash: "x" }), "not-found", /not valid/);
      await refused(acceptInvitation(db, "../../etc", { name: "W", passwordHash: "x" }), "not-found");
    });
  });

  describe("the first administrator", () => {
    let org: Db;
    beforeAll(async () => {
      ({ db: org } = await freshDatabase(provider));
    }, 60_000);
    afterAll(async () => {
      await org?.$disconnect();
    });

    it("on an empty database: a person with the admin role and a one-time link; again before it is used: a new link, the old one dead", async () => {
      const first = await createFirstAdmin(org, { email: "Boss@Org.test", name: "Bea Boss" }, { baseUrl: BASE });
      expect(first).toMatchObject({ created: true, wasAdmin: false });
      expect(first.link).toMatch(/^http:\/\/steady\.test\/sign-in\/link\/[A-Za-z0-9_-]{43}$/);
      expect(await findUserRoles(org, first.userId)).toEqual(["admin"]);
      expect(await org.account.count()).toBe(0);

      const again = await createFirstAdmin(org, { email: "boss@org.test", name: "Bea Boss" }, { baseUrl: BASE });
      expect(again).toMatchObject({ created: false, wasAdmin: true, userId: first.userId });
      expect(await findSignInLink(org, tokenOf(first.link))).toMatchObject({ ok: false });
      expect(await findSignInLink(org, tokenOf(again.link))).toEqual({ ok: true, name: "Bea Boss", email: "boss@org.test" });
    });

    it("the link sets a password once, ends other sessions, carries no roles; afterwards admin:create is refused", async () => {
      const link = await createFirstAdmin(org, { email: "boss@org.test", name: "Bea Boss" }, { baseUrl: BASE });
      const stray = "stray-session";
      await org.session.create({ data: { id: stray, token: stray, userId: link.userId, expiresAt: new Date(Date.now() + 60_000) } });
      const used = await redeemSignInLink(org, tokenOf(link.link), "first-hash");
      expect(used).toEqual({ userId: link.userId, email: "boss@org.test", roles: ["admin"] });
      expect((await org.account.findFirstOrThrow({ where: { userId: link.userId } })).password).toBe("first-hash");
      expect(await org.session.count({ where: { userId: link.userId } })).toBe(0);
      await refused(redeemSignInLink(org, tokenOf(link.link), "second-hash"), "conflict", /used already/);
      expect((await org.account.findFirstOrThrow({ where: { userId: link.userId } })).password).toBe("first-hash");

      await refused(createFirstAdmin(org, { email: "second@org.test", name: "Second" }, { baseUrl: BASE }), "conflict", /already exists \(boss@org\.test\)/);
      expect(await org.user.count()).toBe(1);
      const actions = (await listAuditEntries(org)).rows.map((e) => [e.action, e.actorLabel]);
      expect(actions).toContainEqual(["admin.created", "npm run admin:create"]);
      expect(actions).toContainEqual(["person.signed-in-with-link", "Bea Boss <boss@org.test>"]);
    });

    it("an expired link is refused, and bad input says which flag", async () => {
      const { db: empty } = await freshDatabase(provider);
      try {
        const old = new Date(Date.now() - 25 * 3600_000);
        const made = await createFirstAdmin(empty, { email: "late@org.test", name: "Late" }, { baseUrl: BASE, now: old });
        await refused(redeemSignInLink(empty, tokenOf(made.link), "h"), "conflict", /expired/);
        await refused(createFirstAdmin(empty, { email: "nope", name: "X" }, { baseUrl: BASE }), "bad-request", /--email/);
        await refused(createFirstAdmin(empty, { email: "ok@org.test", name: " " }, { baseUrl: BASE }), "bad-request", /--name/);
      } finally {
        await empty.$disconnect();
      }
    });
  });

  describe("teams", () => {
    it("create, rename and archive; names are unique in any case; an archived team takes no one new", async () => {
      const admin = await person(["admin"]);
      const t = await createTeam(db, admin, `  Night shift ${provider} `);
      expect(t.name).toBe(`Night shift ${provider}`);
      await refused(createTeam(db, admin, `NIGHT SHIFT ${provider}`), "conflict", /exists already/);
      await refused(createTeam(db, admin, "x".repeat(101)), "bad-request", /100/);
      expect(await renameTeam(db, admin, t.id, `Late shift ${provider}`)).toBe(true);
      expect(await setTeamArchived(db, admin, t.id, true)).toBe(true);
      const trainee = await person(["trainee"]);
      await refused(changeTeam(db, admin, trainee.id, t.id), "conflict", /archived/);
      expect(await setTeamArchived(db, admin, t.id, false)).toBe(true);
      await changeTeam(db, admin, trainee.id, t.id);
      const actions = (await listAuditEntries(db)).rows.filter((e) => e.targetLabel.includes(`shift ${provider}`)).map((e) => e.action);
      expect(actions).toEqual(["team.restored", "team.archived", "team.renamed", "team.created"]);
    });

    it("only a person with the manager role manages a team", async () => {
      const admin = await person(["admin"]);
      const t = await team("Managers");
      const trainer = await person(["trainer"]);
      await refused(addTeamManager(db, admin, t.id, trainer.id), "conflict", /manager role/);
      const manager = await person(["manager", "trainer"]);
      expect(await addTeamManager(db, admin, t.id, manager.id)).toBe(true);
      expect(await addTeamManager(db, admin, t.id, manager.id)).toBe(false);
    });

    it("a trainee who changes team takes their history: the new team's scorecard counts their runs, the old one no longer does", async () => {
      const admin = await person(["admin"]);
      const from = await team("From");
      const to = await team("To");
      const trainee = await person(["trainee"], { teamId: from.id });
      const version = await db.scenarioVersion.findFirstOrThrow({ where: { published: true } });
      for (const overall of [60, 80]) {
        await db.run.create({
          data: {
            userId: trainee.id,
            scenarioVersionId: version.id,
            status: "completed",
            overall,
            passed: overall >= 70,
            completedAt: new Date(Date.now() - (100 - overall) * 60_000),
            angerStart: 1,
            angerEnd: 1,
            trustStart: 1,
            trustEnd: 1,
          },
        });
      }
      const manager = await person(["manager"]);
      await addTeamManager(db, admin, to.id, manager.id);
      await refused(getManagedTrainee(db, manager.id, trainee.id), "not-found");
      expect((await findTeamScorecard(db, from.id)).map((r) => [r.userId, r.runs])).toEqual([[trainee.id, 2]]);

      expect(await changeTeam(db, admin, trainee.id, to.id)).toEqual({ from: from.id, to: to.id });
      expect(await findTeamScorecard(db, from.id)).toEqual([]);
      expect((await findTeamScorecard(db, to.id)).map((r) => [r.userId, r.runs, r.latest, r.best])).toEqual([[trainee.id, 2, 80, 80]]);
      expect((await getManagedTrainee(db, manager.id, trainee.id)).id).toBe(trainee.id);
      expect((await listAuditEntries(db, { targetUserId: trainee.id })).rows[0]).toMatchObject({
        action: "person.team-changed",
        detail: { from: from.name, to: to.name },
      });
    });
  });

  describe("personal data", () => {
    it("exports one person's profile, runs with turns, notes, assignments and the audit entries about them, and no secret", async () => {
      const admin = await person(["admin"]);
      const t = await team("Export");
      const trainee = await person(["trainee"], { teamId: t.id, name: "Sam Export" });
      const manager = await person(["manager"]);
      const token = await session(trainee.id);
      const version = await db.scenarioVersion.findFirstOrThrow({ where: { published: true } });
      const run = await db.run.create({
        data: { userId: trainee.id, scenarioVersionId: version.id, status: "completed", overall: 77, angerStart: 1, angerEnd: 1, trustStart: 1, trustEnd: 1 },
      });
      await db.turn.createMany({ data: [0, 1].map((index) => ({ runId: run.id, index, choiceId: `choice-${index}` })) });
      await db.coachingNote.create({ data: { runId: run.id, authorId: manager.id, body: "Nice summary." } });
      await db.assignment.create({
        data: { teamId: t.id, userId: trainee.id, scenarioId: version.scenarioId, dueAt: new Date("2031-01-01"), passMark: 70, createdById: manager.id },
      });
      await changeRoles(db, admin, trainee.id, ["trainee", "trainer"]);

      const data = await exportPersonData(db, admin, trainee.id);
      expect(data.profile).toMatchObject({ id: trainee.id, name: "Sam Export", email: trainee.email, roles: ["trainee", "trainer"], team: { id: t.id } });
      expect(data.runs).toHaveLength(1);
      expect(data.runs[0]).toMatchObject({ id: run.id, overall: 77, coachingNote: { body: "Nice summary." } });
      expect(data.runs[0]!.turns.map((x) => x.choiceId)).toEqual(["choice-0", "choice-1"]);
      expect(data.assignments.toThem).toHaveLength(1);
      expect(data.audit.map((e) => e.action)).toEqual(["person.roles-changed"]);
      expect(data.sessions).toHaveLength(1);
      const text = JSON.stringify(data);
      expect(text).not.toContain(token);
      expect(text).not.toMatch(/"(password|token|tokenHash)":/);
      // The export is itself in the log.
      expect((await listAuditEntries(db, { targetUserId: trainee.id })).rows[0]!.action).toBe("person.exported");
    });

    it("erases a person: name, email, sessions and sign-in gone; runs kept, anonymised, still counted by their team", async () => {
      const admin = await person(["admin"]);
      const t = await team("Erase");
      const trainee = await person(["trainee"], { teamId: t.id, name: "Eve Erase" });
      await session(trainee.id);
      const version = await db.scenarioVersion.findFirstOrThrow({ where: { published: true } });
      await db.run.create({
        data: {
          userId: trainee.id,
          scenarioVersionId: version.id,
          status: "completed",
          overall: 64,
          completedAt: new Date(),
          angerStart: 1,
          angerEnd: 1,
          trustStart: 1,
          trustEnd: 1,
        },
      });
      await db.invitation.create({ data: { tokenHash: `h-${provider}-erase`, email: trainee.email, roles: "trainee", expiresAt: new Date() } });
      // Emails to them: one queued by their address before they had an account, one by their id.
      const mail = { kind: "invitation", subject: "s", text: "t", html: "h" };
      await db.mailJob.create({ data: { ...mail, key: `erase-a-${provider}`, to: trainee.email } });
      await db.mailJob.create({ data: { ...mail, key: `erase-b-${provider}`, to: "old@example.test", userId: trainee.id } });
      await db.mailJob.create({ data: { ...mail, key: `erase-c-${provider}`, to: admin.email, userId: admin.id } });
      await recordAudit(db, { actor: { id: null, label: "test" }, action: "person.invited", target: { userId: null, label: `Eve <${trainee.email}>` } });
      await changeRoles(db, admin, trainee.id, ["trainee"]);
      await recordAudit(db, { actor: { id: trainee.id, label: `Eve Erase <${trainee.email}>` }, action: "invitation.accepted", target: { userId: trainee.id, label: "Eve" } });

      await refused(erasePerson(db, admin, admin.id), "conflict", /yourself/);
      expect(await erasePerson(db, admin, trainee.id)).toBe(true);
      expect(await erasePerson(db, admin, trainee.id)).toBe(false);
      const user = await db.user.findUniqueOrThrow({ where: { id: trainee.id }, include: { sessions: true, accounts: true } });
      expect(user).toMatchObject({ name: ERASED_NAME, image: null, teamId: t.id });
      expect(user.email).toMatch(/@erased\.invalid$/);
      expect(user.deactivatedAt).not.toBeNull();
      expect([user.sessions, user.accounts]).toEqual([[], []]);
      expect(await db.invitation.count({ where: { email: trainee.email } })).toBe(0);
      expect(await db.mailJob.findMany({ where: { key: { startsWith: "erase-" }, OR: [{ key: { endsWith: `-${provider}` } }] }, select: { key: true } })).toEqual([
        { key: `erase-c-${provider}` },
      ]);
      const everything = JSON.stringify(await db.auditEntry.findMany());
      expect(everything).not.toContain(trainee.email);
      expect(everything).not.toContain("Eve Erase");
      // Their run still counts for the team, under no name.
      const rows = await findTeamScorecard(db, t.id);
      expect(rows.map((r) => [r.name, r.runs, r.latest])).toEqual([[ERASED_NAME, 1, 64]]);
      expect((await listPeople(db, { q: "eve" })).rows.map((r) => r.id)).not.toContain(trainee.id);
      await refused(reactivatePerson(db, admin, trainee.id), "conflict", /erased/);
      await refused(changeRoles(db, admin, trainee.id, ["trainer"]), "conflict", /erased/);
    });
  });

  describe("people list and audit log", () => {
    it("finds people by part of a name or email in any case, with % and _ taken literally, 50 a page", async () => {
      const { db: org } = await freshDatabase(provider);
      try {
        await org.user.createMany({
          data: Array.from({ length: 60 }, (_, i) => ({
            id: `l${String(i).padStart(2, "0")}`,
            name: i === 7 ? "Zoë O'Hara_100%" : `Person ${String(i).padStart(2, "0")}`,
            email: `p${i}@list.test`,
          })),
        });
        await org.userRole.createMany({ data: Array.from({ length: 60 }, (_, i) => ({ userId: `l${String(i).padStart(2, "0")}`, role: i % 2 ? "trainee" : "trainer" })) });
        const first = await listPeople(org);
        expect([first.total, first.pages, first.rows.length, first.rows[0]!.name]).toEqual([60, 2, 50, "Person 00"]);
        expect((await listPeople(org, { page: 2 })).rows).toHaveLength(10);
        expect((await listPeople(org, { page: 99 })).page).toBe(2);
        expect((await listPeople(org, { q: "ZOË" })).rows.map((r) => r.id)).toEqual(["l07"]);
        expect((await listPeople(org, { q: "_100%" })).rows.map((r) => r.id)).toEqual(["l07"]);
        expect((await listPeople(org, { q: "%" })).total).toBe(1);
        expect((await listPeople(org, { q: "P59@LIST" })).rows.map((r) => r.id)).toEqual(["l59"]);
        expect((await listPeople(org, { role: "trainer" })).total).toBe(30);

        for (let i = 0; i < 55; i++) await recordAudit(org, { actor: { id: null, label: "t" }, action: "team.created", target: { userId: null, label: `T${i}` }, at: new Date(1_700_000_000_000 + i * 1000) });
        const page1 = await listAuditEntries(org, { page: 1 });
        expect([page1.total, page1.pages, page1.rows[0]!.targetLabel]).toEqual([55, 2, "T54"]);
        expect((await listAuditEntries(org, { page: 2 })).rows.map((r) => r.targetLabel)).toEqual(["T4", "T3", "T2", "T1", "T0"]);
      } finally {
        await org.$disconnect();
      }
    }, 60_000);
  });
});
