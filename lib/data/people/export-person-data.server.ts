import "server-only";
import { normalizeRoles } from "../../auth/roles";
import type { Db } from "../../db/client.server";
import { notFound } from "../../errors";
import { personLabel, recordAudit } from "../audit/record-audit.server";
import { asAdminActor, type Admin } from "./admin-actor.server";

/** The format's version, in the file, so a reader knows what it holds. */
export const PERSON_EXPORT_FORMAT = "steady-person-export/1";

/**
 * Everything the app holds about one person, for a data request: their profile, roles and teams,
 * how they sign in (never a password hash or a session token), their sessions, every run with its
 * turns and coaching note, the notes they wrote, their assignments, invitations to their address
 * and the audit entries about them. The export itself is recorded in the audit log.
 */
export async function exportPersonData(db: Db, admin: Admin, userId: string, now = new Date()) {
  const actor = asAdminActor(admin);
  const user = await db.user.findUnique({
    where: { id: userId },
    select: {
      id: true,
      name: true,
      email: true,
      emailVerified: true,
      image: true,
      createdAt: true,
      updatedAt: true,
      deactivatedAt: true,
      erasedAt: true,
      roles: { select: { role: true } },
      team: { select: { id: true, name: true } },
      managedTeams: { select: { team: { select: { id: true, name: true } } } },
      accounts: { select: { providerId: true, createdAt: true, updatedAt: true } },
      sessions: { select: { createdAt: true, updatedAt: true, expiresAt: true, ipAddress: true, userAgent: true }, orderBy: { createdAt: "asc" } },
    },
  });
  if (!user) throw notFound("person");
  const [runs, notesWritten, turnCommentsWritten, assignedToThem, assignedByThem, invitations, audit] = await Promise.all([
    db.run.findMany({
      where: { userId },
      orderBy: [{ startedAt: "asc" }, { id: "asc" }],
      include: {
        scenarioVersion: { select: { scenarioId: true, version: true, title: true } },
        turns: { select: { index: true, choiceId: true, createdAt: true }, orderBy: { index: "asc" } },
        coachingNote: { select: { body: true, createdAt: true, updatedAt: true, author: { select: { name: true } } } },
        turnComments: {
          select: { turnIndex: true, body: true, createdAt: true, author: { select: { name: true } } },
          orderBy: [{ turnIndex: "asc" }, { createdAt: "asc" }],
        },
      },
    }),
    db.coachingNote.findMany({ where: { authorId: userId }, select: { runId: true, body: true, createdAt: true, updatedAt: true }, orderBy: { createdAt: "asc" } }),
    db.turnComment.findMany({ where: { authorId: userId }, select: { runId: true, turnIndex: true, body: true, createdAt: true }, orderBy: { createdAt: "asc" } }),
    db.assignment.findMany({
      where: { OR: [{ userId }, ...(user.team ? [{ teamId: user.team.id, userId: null }] : [])] },
      select: { scenarioId: true, dueAt: true, passMark: true, createdAt: true, userId: true, team: { select: { name: true } } },
      orderBy: { createdAt: "asc" },
    }),
    db.assignment.findMany({
      where: { createdById: userId },
      select: { scenarioId: true, dueAt: true, passMark: true, createdAt: true, userId: true, team: { select: { name: true } } },
      orderBy: { createdAt: "asc" },
    }),
    db.invitation.findMany({
      where: { OR: [{ email: user.email }, { acceptedUserId: userId }] },
      select: { email: true, name: true, roles: true, createdAt: true, expiresAt: true, acceptedAt: true, revokedAt: true },
      orderBy: { createdAt: "asc" },
    }),
    db.auditEntry.findMany({ where: { targetUserId: userId }, orderBy: [{ at: "asc" }, { id: "asc" }] }),
  ]);
  await recordAudit(db, { actor, action: "person.exported", target: { userId, label: personLabel(user) }, at: now });
  return {
    format: PERSON_EXPORT_FORMAT,
    exportedAt: now.toISOString(),
    exportedBy: actor.label,
    profile: {
      id: user.id,
      name: user.name,
      email: user.email,
      emailVerified: user.emailVerified,
      image: user.image,
      createdAt: user.createdAt,
      updatedAt: user.updatedAt,
      deactivatedAt: user.deactivatedAt,
      erasedAt: user.erasedAt,
      roles: normalizeRoles(user.roles.map((r) => r.role)),
      team: user.team,
      manages: user.managedTeams.map((m) => m.team),
    },
    signInMethods: user.accounts.map((a) => ({ method: a.providerId === "credential" ? "password" : a.providerId, createdAt: a.createdAt, updatedAt: a.updatedAt })),
    sessions: user.sessions,
    runs: runs.map((r) => ({
      id: r.id,
      scenarioId: r.scenarioVersion.scenarioId,
      scenarioVersion: r.scenarioVersion.version,
      scenarioTitle: r.scenarioVersion.title,
      status: r.status,
      startedAt: r.startedAt,
      completedAt: r.completedAt,
      outcome: r.outcome,
      overall: r.overall,
      laer: r.laer,
      reflectiveListening: r.reflectiveListening,
      promises: r.promises,
      professionalism: r.professionalism,
      passed: r.passed,
      criticalErrors: r.criticalErrors ? r.criticalErrors.split(",") : [],
      rubricVersion: r.rubricVersion,
      turns: r.turns,
      coachingNote: r.coachingNote
        ? { author: r.coachingNote.author.name, body: r.coachingNote.body, createdAt: r.coachingNote.createdAt, updatedAt: r.coachingNote.updatedAt }
        : null,
      turnComments: r.turnComments.map((c) => ({ turn: c.turnIndex + 1, author: c.author.name, body: c.body, createdAt: c.createdAt })),
    })),
    notesWritten,
    turnCommentsWritten: turnCommentsWritten.map((c) => ({ runId: c.runId, turn: c.turnIndex + 1, body: c.body, createdAt: c.createdAt })),
    assignments: {
      toThem: assignedToThem.map((a) => ({ scenarioId: a.scenarioId, dueAt: a.dueAt, passMark: a.passMark, createdAt: a.createdAt, team: a.team.name, for: a.userId ? "them" : "their team" })),
      madeByThem: assignedByThem.map((a) => ({ scenarioId: a.scenarioId, dueAt: a.dueAt, passMark: a.passMark, createdAt: a.createdAt, team: a.team.name, for: a.userId ? "one trainee" : "the team" })),
    },
    invitations: invitations.map((i) => ({ ...i, roles: i.roles.split(",") })),
    audit: audit.map((e) => ({ at: e.at, action: e.action, by: e.actorLabel, detail: JSON.parse(e.detail) as unknown })),
  };
}

export type PersonExport = Awaited<ReturnType<typeof exportPersonData>>;
