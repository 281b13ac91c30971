"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { requireUser } from "@/lib/auth/session.server";
import { retryFromTurn } from "@/lib/data/runs/retry-from-turn.server";
import { startCall } from "@/lib/data/runs/start-call.server";
import { db } from "@/lib/db/client.server";
import { AppError } from "@/lib/errors";
import { IdParam } from "@/lib/http/route.server";

const StartForm = z.object({ scenarioId: IdParam, fresh: z.enum(["1", "0"]).optional(), key: z.uuid().optional() });

/** Starts (or resumes) a call and opens the player. `fresh=1` starts over (the call in progress is abandoned). */
export async function startRun(form: FormData): Promise<void> {
  const user = await requireUser();
  const parsed = StartForm.safeParse({
    scenarioId: form.get("scenarioId"),
    fresh: form.get("fresh") ?? undefined,
    key: form.get("key") ?? undefined,
  });
  if (!parsed.success) redirect("/");
  const { scenarioId, fresh, key } = parsed.data;
  let runId: string;
  try {
    // The form's key makes a double submit (or a resubmitted page) open the same call, not a second one.
    runId = (await startCall(db(), user.id, scenarioId, { fresh: fresh === "1", ...(key ? { key } : {}) })).runId;
  } catch (err) {
    // A scenario that is gone (or never existed): back to the library rather than an error page.
    if (err instanceof AppError && err.code === "not-found") redirect("/");
    throw err;
  }
  redirect(`/runs/${runId}`);
}

const RetryForm = z.object({ runId: IdParam, turn: z.coerce.number().int().min(1).max(1000), key: z.uuid() });

/**
 * "Try again from this turn" on a debrief: a new call on the same scenario version with the earlier
 * turns replayed on the server, opened in the player at that turn. The old call stays as it was; a
 * call of this scenario in progress is set aside as "start over" does. The form's key makes a
 * double click open one call.
 */
export async function retryFromTurnAction(form: FormData): Promise<void> {
  const user = await requireUser();
  const parsed = RetryForm.safeParse({ runId: form.get("runId"), turn: form.get("turn"), key: form.get("key") });
  if (!parsed.success) redirect("/my-runs");
  const { runId: from, turn, key } = parsed.data;
  let runId: string;
  try {
    runId = (await retryFromTurn(db(), user.id, from, turn, { key })).runId;
  } catch (err) {
    // A run that is not theirs (or gone): the same 404 as opening it.
    if (err instanceof AppError && err.code === "not-found") redirect(`/runs/${from}`);
    // A turn the call no longer allows (a tampered form, a call not finished): back to the debrief, which says so.
    if (err instanceof AppError) redirect(`/runs/${from}?retry=failed`);
    throw err;
  }
  redirect(`/runs/${runId}`);
}
