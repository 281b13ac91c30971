import "server-only";
import { randomUUID } from "node:crypto";
import { callStateOf, callViewOf, offeredInOrder, restoreCall, type CallView } from "../../call/call-view";
import type { CustomerSnapshot } from "../../customer/machine";
import type { Db } from "../../db/client.server";
import { isUniqueViolation } from "../../db/errors";
import { Params, dialectOf, toNumber } from "../../db/sql.server";
import { AppError, notFound } from "../../errors";
import { scoreRun } from "../../scoring/report";
import type { Scenario } from "../../scenario/model";
import { cachedScenario, compiledScenario } from "../scenarios/compiled-scenario.server";
import { summaryOf } from "./summarize-run.server";

export interface TurnResult {
  runId: string;
  /** Turns saved for the run after this request. */
  turnCount: number;
  /** True when this request saved nothing because the same turn was already saved. */
  duplicate: boolean;
  status: "in_progress" | "completed";
  outcome: string | null;
  overall: number;
  passed: boolean | null;
}

/** A turn as the browser sends it (`option`: the response's 1-based position as shown) or as tooling does (`choiceId`). */
export type TurnInput = { runId: string; userId: string; index: number } & ({ option: number; choiceId?: never } | { choiceId: string; option?: never });

/**
 * Saves turn `index` of a run after replaying the turns before it on the server, and answers
 * with the call as the trainee now sees it (the customer's reply, the mood and the next
 * responses: the customer machine's actor restored from the saved turns, then sent the choice).
 * - a response not offered at that point: 422, nothing saved;
 * - the same turn sent again (same index and response): a no-op that returns the current state;
 * - a different response for a saved index, or an index past the next one: 409.
 * The score saved is the replay's, whatever the browser believes.
 */
export async function submitTurn(db: Db, input: TurnInput): Promise<{ turn: TurnResult; call: CallView }> {
  const run = await readRun(db, input.runId, input.userId);
  if (!run) throw notFound("run");
  if (run.status === "abandoned") throw new AppError("conflict", "this call was started over; open the newer call from My runs");
  const saved = run.turns;
  const scenario =
    cachedScenario(run.scenarioVersionId) ??
    compiledScenario(
      await db.scenarioVersion.findUniqueOrThrow({ where: { id: run.scenarioVersionId }, select: { id: true, yaml: true, scenarioId: true } }),
    );
  const { actor } = restoreCall(scenario, saved);
  try {
    const choiceId = resolveChoice(scenario, run.id, actor.getSnapshot(), input);
    if (input.index < saved.length) {
      if (saved[input.index] === choiceId) return { turn: turnResult(run, saved.length, true), call: callViewOf(scenario, run.id, actor.getSnapshot()) };
      throw new AppError("conflict", `turn ${input.index + 1} was already played with another response; reload to continue from the saved call`, {
        savedTurns: saved.length,
      });
    }
    if (input.index > saved.length) {
      throw new AppError("conflict", `turn ${input.index + 1} is ahead of the saved call (${saved.length} turns saved); reload to continue`, {
        savedTurns: saved.length,
      });
    }
    if (run.status === "completed") throw new AppError("conflict", "this call has already ended");
    const offered = offeredInOrder(scenario, run.id, actor.getSnapshot().value as unknown as string, callStateOf(actor.getSnapshot())).length;
    if (choiceId === null) throw notOffered(input, offered);

    const report = scoreRun(scenario, [...saved, choiceId]);
    if (report.error) throw notOffered(input, offered);
    const summary = summaryOf(report);
    try {
      await saveTurn(db, run.id, input.index, choiceId, summary);
    } catch (err) {
      // Two copies of the same request raced: the unique (runId, index) kept one.
      if (isUniqueViolation(err)) return await afterRace(db, scenario, input, choiceId);
      throw err;
    }
    actor.send({ type: "CHOOSE", choiceId });
    return { turn: turnResult({ id: run.id, ...summary }, input.index + 1, false), call: callViewOf(scenario, run.id, actor.getSnapshot()) };
  } finally {
    actor.stop();
  }
}

/** The choice id the input names: by id, or by its position among the responses shown at turn `index`. */
function resolveChoice(scenario: Scenario, seed: string, snapshot: CustomerSnapshot, input: TurnInput): string | null {
  if (input.choiceId !== undefined) return input.choiceId;
  const log = snapshot.context.log;
  if (input.index < log.length) {
    // A turn already played: the responses as they were offered then.
    const turn = log[input.index]!;
    return offeredInOrder(scenario, seed, turn.node, { mood: turn.before, flags: turn.flagsBefore })[input.option - 1] ?? null;
  }
  return offeredInOrder(scenario, seed, snapshot.value as unknown as string, callStateOf(snapshot))[input.option - 1] ?? null;
}

function notOffered(input: TurnInput, offered: number): AppError {
  const what = input.choiceId !== undefined ? `response \`${input.choiceId}\`` : `response ${input.option}`;
  return new AppError("choice-not-offered", `${what} is not offered at this point of the call`, { options: offered });
}

async function afterRace(db: Db, scenario: Scenario, input: TurnInput, choiceId: string) {
  const again = await readRun(db, input.runId, input.userId);
  if (!again) throw notFound("run");
  const choices = again.turns;
  if (choices[input.index] !== choiceId) throw new AppError("conflict", `turn ${input.index + 1} was already played with another response; reload to continue`);
  const { actor } = restoreCall(scenario, choices);
  try {
    return { turn: turnResult(again, choices.length, true), call: callViewOf(scenario, again.id, actor.getSnapshot()) };
  } finally {
    actor.stop();
  }
}

/*
 * The two queries of a turn are plain SQL (written once for both databases, lib/db/sql.server.ts):
 * every trainee in a call sends one every few seconds, and Prisma's query compiler costs more CPU
 * than the queries themselves (decision D64). Everything else reads and writes runs through Prisma.
 */

interface RunForTurn {
  id: string;
  status: string;
  outcome: string | null;
  overall: number | null;
  passed: boolean | null;
  scenarioVersionId: string;
  /** The saved turns' choice ids, in order. */
  turns: string[];
}

/** The trainee's run with its saved turns (one query), or null when it is not theirs or does not exist. */
async function readRun(db: Db, runId: string, userId: string): Promise<RunForTurn | null> {
  const p = new Params(dialectOf(db));
  const rows = await db.$queryRawUnsafe<
    { id: string; status: string; outcome: string | null; overall: unknown; passed: unknown; scenarioVersionId: string; choiceId: string | null }[]
  >(
    `SELECT r.id, r.status, r.outcome, r.overall, r.passed, r."scenarioVersionId", t."choiceId"
       FROM "Run" r LEFT JOIN "Turn" t ON t."runId" = r.id
      WHERE r.id = ${p.add(runId)} AND r."userId" = ${p.add(userId)}
      ORDER BY t."index"`,
    ...p.values,
  );
  const first = rows[0];
  if (!first) return null;
  return {
    id: first.id,
    status: first.status,
    outcome: first.outcome,
    overall: toNumber(first.overall),
    passed: first.passed === null ? null : Boolean(first.passed),
    scenarioVersionId: first.scenarioVersionId,
    turns: rows.flatMap((r) => (r.choiceId === null ? [] : [r.choiceId])),
  };
}

/** Saves turn `index` and the run's new summary in one transaction; a finished call stops being the open one. */
async function saveTurn(db: Db, runId: string, index: number, choiceId: string, summary: ReturnType<typeof summaryOf>) {
  const dialect = dialectOf(db);
  const now = new Date();
  const turn = new Params(dialect);
  const insert = `INSERT INTO "Turn" (id, "runId", "index", "choiceId", "createdAt")
    VALUES (${turn.add(randomUUID())}, ${turn.add(runId)}, ${turn.add(index)}, ${turn.add(choiceId)}, ${turn.add(now)})`;
  const run = new Params(dialect);
  const bool = (b: boolean | null) => (b === null || dialect === "postgresql" ? b : b ? 1 : 0);
  const update = `UPDATE "Run" SET
      "rubricVersion" = ${run.add(summary.rubricVersion)}, status = ${run.add(summary.status)}, outcome = ${run.add(summary.outcome)},
      overall = ${run.add(summary.overall)}, laer = ${run.add(summary.laer)}, "reflectiveListening" = ${run.add(summary.reflectiveListening)},
      promises = ${run.add(summary.promises)}, professionalism = ${run.add(summary.professionalism)}, passed = ${run.add(bool(summary.passed))},
      "criticalErrors" = ${run.add(summary.criticalErrors)}, "angerEnd" = ${run.add(summary.angerEnd)}, "trustEnd" = ${run.add(summary.trustEnd)},
      "completedAt" = ${run.add(summary.completedAt)}, "turnCount" = ${run.add(index + 1)}, "updatedAt" = ${run.add(now)}
      ${summary.status === "completed" ? `, "openFor" = NULL` : ""}
    WHERE id = ${run.add(runId)}`;
  await db.$transaction([db.$executeRawUnsafe(insert, ...turn.values), db.$executeRawUnsafe(update, ...run.values)]);
}

function turnResult(
  run: { id: string; status: string; outcome: string | null; overall: number | null; passed: boolean | null },
  turnCount: number,
  duplicate: boolean,
): TurnResult {
  return {
    runId: run.id,
    turnCount,
    duplicate,
    status: run.status as TurnResult["status"],
    outcome: run.outcome,
    overall: run.overall ?? 0,
    passed: run.passed,
  };
}
