import "server-only";
import type { Db } from "../../db/client.server";
import { AppError, notFound } from "../../errors";
import { personLabel, recordAudit } from "../audit/record-audit.server";
import { asAdminActor, type Admin } from "./admin-actor.server";
import { peopleTransaction } from "./people-transaction.server";

/**
 * Moves a person to another team (or to none). Their runs, notes and scores are theirs and go
 * with them: a team's scorecard is worked out from its members now (lib/data/scorecards), so the
 * new team's manager sees the trainee's whole history and the old team no longer counts it.
 * Assignments stay with the team that made them. An archived team takes no one new.
 */
export async function changeTeam(db: Db, admin: Admin, userId: string, teamId: string | null): Promise<{ from: string | null; to: string | null }> {
  const actor = asAdminActor(admin);
  return peopleTransaction(db, async (tx) => {
    const user = await tx.user.findUnique({
      where: { id: userId },
      select: { name: true, email: true, erasedAt: true, teamId: true, team: { select: { name: true } } },
    });
    if (!user) throw notFound("person");
    if (user.teamId === teamId) return { from: teamId, to: teamId };
    if (user.erasedAt) throw new AppError("conflict", "this person was erased: their team cannot change");
    let toName: string | null = null;
    if (teamId) {
      const team = await tx.team.findUnique({ where: { id: teamId }, select: { name: true, archivedAt: true } });
      if (!team) throw notFound("team");
      if (team.archivedAt) throw new AppError("conflict", `${team.name} is archived: restore it first, or choose another team`);
      toName = team.name;
    }
    await tx.user.update({ where: { id: userId }, data: { teamId } });
    await recordAudit(tx, {
      actor,
      action: "person.team-changed",
      target: { userId, label: personLabel(user) },
      detail: { from: user.team?.name ?? null, to: toName },
    });
    return { from: user.teamId, to: teamId };
  });
}
