import "server-only";
import type { Db } from "../../db/client.server";
import { isUniqueViolation } from "../../db/errors";
import { AppError, notFound } from "../../errors";
import { retryPrefix } from "../../scoring/retry";
import { compiledScenario } from "../scenarios/compiled-scenario.server";
import { findOpenRun } from "./start-call.server";
import { summaryOf } from "./summarize-run.server";

/**
 * "Try again from this turn" on a finished call: a NEW run on the same scenario version, saved
 * with the turns before `turn` (1-based) replayed on the server, so the player opens at that turn.
 * The finished run is left as it is. One call in progress per trainee and scenario (D45): a call
 * of this scenario in progress is set aside (abandoned) exactly as "start over" does. `key` is
 * the form's idempotency key (Run.startKey): a double click, or the same form sent again,
 * returns the run it started.
 */
export async function retryFromTurn(
  db: Db,
  userId: string,
  runId: string,
  turn: number,
  options: { key?: string } = {},
): Promise<{ runId: string; resumed: boolean; abandoned: string | null }> {
  const startKey = options.key ? `${userId}:${options.key}` : null;
  if (startKey) {
    const earlier = await db.run.findUnique({ where: { startKey }, select: { id: true } });
    if (earlier) return { runId: earlier.id, resumed: true, abandoned: null };
  }
  const source = await db.run.findFirst({
    where: { id: runId, userId },
    include: { turns: { orderBy: { index: "asc" }, select: { choiceId: true } }, scenarioVersion: { select: { id: true, yaml: true, scenarioId: true } } },
  });
  if (!source) throw notFound("run");
  if (source.status !== "completed") throw new AppError("conflict", "try a turn again once the call has ended: finish or start over this call first");
  const scenario = compiledScenario(source.scenarioVersion);
  const prefix = retryPrefix(
    scenario,
    source.turns.map((t) => t.choiceId),
    turn,
  );
  if (!prefix.ok) throw new AppError("bad-request", prefix.reason);
  const summary = summaryOf(prefix.report);
  const scenarioId = source.scenarioVersion.scenarioId;

  let abandoned: string | null = null;
  for (let attempt = 0; attempt < 5; attempt++) {
    const open = await findOpenRun(db, userId, scenarioId);
    if (open) {
      // As "start over" does: the call in progress is kept, but counted nowhere.
      await db.run.updateMany({ where: { id: open.id, status: "in_progress" }, data: { status: "abandoned", openFor: null } });
      abandoned = open.id;
    }
    try {
      // One nested write: the run and its replayed turns are saved together or not at all.
      const created = await db.run.create({
        data: {
          userId,
          scenarioVersionId: source.scenarioVersionId,
          openFor: `${userId}:${scenarioId}`,
          startKey,
          turnCount: prefix.choices.length,
          angerStart: scenario.mood.anger,
          trustStart: scenario.mood.trust,
          ...summary,
          turns: { create: prefix.choices.map((choiceId, index) => ({ index, choiceId })) },
        },
        select: { id: true },
      });
      return { runId: created.id, resumed: false, abandoned };
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      // The same key won a race: that run is this request's. Otherwise another call was opened
      // meanwhile: the loop sets it aside and tries again.
      if (startKey) {
        const same = await db.run.findUnique({ where: { startKey }, select: { id: true } });
        if (same) return { runId: same.id, resumed: true, abandoned: null };
      }
    }
  }
  throw new AppError("conflict", "the call could not be started because another start was in progress; try again");
}
