"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { requireUser } from "@/lib/auth/session.server";
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
