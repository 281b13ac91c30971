"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireUser } from "@/lib/auth/session.server";
import { addTurnComment, MAX_TURN_COMMENT_LENGTH } from "@/lib/data/turn-comments/add-turn-comment.server";
import { deleteTurnComment } from "@/lib/data/turn-comments/delete-turn-comment.server";
import { db } from "@/lib/db/client.server";
import { AppError } from "@/lib/errors";
import { IdParam } from "@/lib/http/route.server";

export interface CommentFormState {
  error?: string;
  saved?: string;
  /** Bumped on each save, so the form clears its text. */
  count?: number;
}

const CommentForm = z.object({
  runId: IdParam,
  turnIndex: z.coerce.number().int().min(0).max(1000),
  body: z.string().max(MAX_TURN_COMMENT_LENGTH * 2, `keep the comment under ${MAX_TURN_COMMENT_LENGTH} characters`),
});

/** A manager's comment on one turn of a trainee's call (the data function checks the team and the turn again). */
export async function saveTurnComment(prev: CommentFormState, form: FormData): Promise<CommentFormState> {
  const user = await requireUser(["manager"]);
  const parsed = CommentForm.safeParse({ runId: form.get("runId"), turnIndex: form.get("turnIndex"), body: form.get("body") ?? "" });
  if (!parsed.success) return { error: sentence(parsed.error.issues[0]?.message ?? "Check the comment and try again.") };
  try {
    await addTurnComment(db(), user.id, parsed.data.runId, parsed.data.turnIndex, parsed.data.body);
    revalidatePath(`/manager/runs/${parsed.data.runId}`);
    return { saved: "Comment saved. The trainee sees it on this turn of their debrief.", count: (prev.count ?? 0) + 1 };
  } catch (err) {
    if (err instanceof AppError) return { error: sentence(err.userMessage) };
    throw err;
  }
}

const sentence = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

const DeleteForm = z.object({ runId: IdParam, commentId: IdParam });

/** Deletes one of the manager's own comments. */
export async function removeTurnComment(form: FormData): Promise<void> {
  const user = await requireUser(["manager"]);
  const parsed = DeleteForm.safeParse({ runId: form.get("runId"), commentId: form.get("commentId") });
  if (!parsed.success) return;
  try {
    await deleteTurnComment(db(), user.id, parsed.data.runId, parsed.data.commentId);
  } catch (err) {
    // Already deleted (a double click) or not theirs: nothing to do; the page shows what is there.
    if (!(err instanceof AppError && err.code === "not-found")) throw err;
  }
  revalidatePath(`/manager/runs/${parsed.data.runId}`);
}
