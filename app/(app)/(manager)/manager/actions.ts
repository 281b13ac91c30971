"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { requireUser } from "@/lib/auth/session.server";
import { createAssignments } from "@/lib/data/assignments/create-assignments.server";
import { deleteAssignment } from "@/lib/data/assignments/delete-assignment.server";
import { updateAssignment } from "@/lib/data/assignments/update-assignment.server";
import { MAX_NOTE_LENGTH, saveCoachingNote } from "@/lib/data/coaching-notes/save-coaching-note.server";
import { db } from "@/lib/db/client.server";
import { notifyNewAssignments } from "@/lib/mail/mail.server";
import { AppError } from "@/lib/errors";
import { IdParam } from "@/lib/http/route.server";

export interface FormState {
  error?: string;
  saved?: string;
}

const NoteForm = z.object({
  runId: IdParam,
  body: z.string().max(MAX_NOTE_LENGTH * 2, `keep the note under ${MAX_NOTE_LENGTH} characters`),
});

export async function saveNote(_prev: FormState, form: FormData): Promise<FormState> {
  const user = await requireUser(["manager"]);
  const parsed = NoteForm.safeParse({ runId: form.get("runId"), body: form.get("body") ?? "" });
  if (!parsed.success) return { error: sentence(parsed.error.issues[0]?.message ?? "check the note and try again") };
  try {
    const note = await saveCoachingNote(db(), user.id, parsed.data.runId, parsed.data.body);
    revalidatePath(`/manager/runs/${parsed.data.runId}`);
    return { saved: note ? "Note saved. The trainee sees it on their debrief." : "Note removed." };
  } catch (err) {
    if (err instanceof AppError) return { error: err.userMessage };
    throw err;
  }
}

const AssignForm = z.object({
  teamId: IdParam,
  scenarioIds: z.array(IdParam).min(1, "choose at least one scenario"),
  target: z.enum(["team", "trainees"]),
  traineeIds: z.array(IdParam),
  dueDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "give a due date"),
  passMark: z.coerce
    .number({ error: "the pass mark is a number" })
    .int("the pass mark is a whole number")
    .min(0, "the pass mark is 0 to 100")
    .max(100, "the pass mark is 0 to 100"),
});

export interface AssignState extends FormState {
  values?: { scenarioIds: string[]; target: string; traineeIds: string[]; dueDate: string; passMark: string };
}

export async function assignScenarios(_prev: AssignState, form: FormData): Promise<AssignState> {
  const user = await requireUser(["manager"]);
  const values = {
    scenarioIds: form.getAll("scenarioIds").map(String),
    target: String(form.get("target") ?? "team"),
    traineeIds: form.getAll("traineeIds").map(String),
    dueDate: String(form.get("dueDate") ?? ""),
    passMark: String(form.get("passMark") ?? ""),
  };
  const parsed = AssignForm.safeParse({ ...values, teamId: form.get("teamId") });
  if (!parsed.success) return { error: sentence(parsed.error.issues[0]?.message ?? "check the form and try again"), values };
  const { teamId, scenarioIds, target, traineeIds, dueDate, passMark } = parsed.data;
  if (target === "trainees" && traineeIds.length === 0)
    return { error: "Choose at least one trainee, or assign to the whole team.", values };
  let created: string[];
  try {
    created = await createAssignments(db(), user.id, {
      teamId,
      scenarioIds,
      traineeIds: target === "team" ? [] : traineeIds,
      // Due at the end of the chosen day, UTC (the form says so); an impossible day is refused there.
      dueDate,
      passMark,
    });
  } catch (err) {
    if (err instanceof AppError) return { error: err.userMessage, values };
    throw err;
  }
  // Each trainee they target is emailed when email is on (never holds up or fails the assignment).
  await notifyNewAssignments(created);
  revalidatePath(`/manager/teams/${teamId}`);
  redirect(`/manager/teams/${teamId}/assignments?created=${created.length}`);
}

export async function removeAssignment(form: FormData): Promise<void> {
  const user = await requireUser(["manager"]);
  const id = IdParam.safeParse(form.get("assignmentId"));
  const teamId = IdParam.safeParse(form.get("teamId"));
  if (!id.success || !teamId.success) redirect("/manager");
  let removed = true;
  try {
    await deleteAssignment(db(), user.id, id.data);
  } catch (err) {
    if (!(err instanceof AppError && err.code === "not-found")) throw err;
    // Already removed (a double submit, another tab): say that nothing changed.
    removed = false;
  }
  revalidatePath(`/manager/teams/${teamId.data}`);
  redirect(`/manager/teams/${teamId.data}/assignments?removed=${removed ? 1 : 0}`);
}

const EditForm = z.object({
  teamId: IdParam,
  assignmentId: IdParam,
  dueDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Give a due date."),
  passMark: z.coerce
    .number({ error: "The pass mark is a number from 0 to 100." })
    .int("The pass mark is a whole number from 0 to 100.")
    .min(0, "The pass mark is a number from 0 to 100.")
    .max(100, "The pass mark is a number from 0 to 100."),
});

export interface EditAssignmentState extends FormState {
  values?: { dueDate: string; passMark: string };
}

/** Changes an assignment's due date and pass mark (its team's managers only; audited in the data layer). */
export async function editAssignment(_prev: EditAssignmentState, form: FormData): Promise<EditAssignmentState> {
  const user = await requireUser(["manager"]);
  const values = { dueDate: String(form.get("dueDate") ?? ""), passMark: String(form.get("passMark") ?? "") };
  const parsed = EditForm.safeParse({ ...values, teamId: form.get("teamId"), assignmentId: form.get("assignmentId") });
  if (!parsed.success)
    return { error: sentence(parsed.error.issues[0]?.message ?? "Check the due date and pass mark, then save again."), values };
  const { teamId, assignmentId, dueDate, passMark } = parsed.data;
  let changed: boolean;
  try {
    changed = await updateAssignment(db(), user.id, { assignmentId, dueDate, passMark });
  } catch (err) {
    if (err instanceof AppError) return { error: sentence(err.userMessage), values };
    throw err;
  }
  revalidatePath(`/manager/teams/${teamId}`);
  revalidatePath(`/manager/teams/${teamId}/assignments`);
  return { saved: changed ? "Saved." : "Nothing changed.", values };
}

/** "the due date has already passed; pick a later one" → "The due date has already passed; pick a later one." */
function sentence(message: string): string {
  const s = message.charAt(0).toUpperCase() + message.slice(1);
  return /[.!?]$/.test(s) ? s : `${s}.`;
}
