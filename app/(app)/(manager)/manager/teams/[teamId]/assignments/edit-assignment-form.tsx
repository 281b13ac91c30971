"use client";

import { useActionState } from "react";
import { editAssignment, type EditAssignmentState } from "@/app/(app)/(manager)/manager/actions";
import { buttonStyles } from "@/app/_components/styles";

/** An assignment's due date and pass mark, changed in place (inside its Edit disclosure). */
export function EditAssignmentForm({
  teamId,
  assignmentId,
  dueDate,
  passMark,
  label,
}: {
  teamId: string;
  assignmentId: string;
  /** YYYY-MM-DD */
  dueDate: string;
  passMark: number;
  /** What is being edited, for screen readers ("Billing error, whole team"). */
  label: string;
}) {
  const [state, action, pending] = useActionState<EditAssignmentState, FormData>(editAssignment, {});
  const id = `edit-${assignmentId}`;
  return (
    <form action={action} className="mt-3 flex flex-wrap items-end gap-4" aria-label={`Edit the assignment: ${label}`}>
      <input type="hidden" name="teamId" value={teamId} />
      <input type="hidden" name="assignmentId" value={assignmentId} />
      <div>
        <label htmlFor={`${id}-due`} className="block text-sm font-medium text-slate-900">
          Due date (end of day, UTC)
        </label>
        <input
          id={`${id}-due`}
          name="dueDate"
          type="date"
          required
          defaultValue={state.values?.dueDate ?? dueDate}
          className="mt-1 rounded-md border border-slate-300 px-3 py-2"
        />
      </div>
      <div>
        <label htmlFor={`${id}-mark`} className="block text-sm font-medium text-slate-900">
          Pass mark
        </label>
        <input
          id={`${id}-mark`}
          name="passMark"
          type="number"
          required
          min={0}
          max={100}
          step={1}
          defaultValue={state.values?.passMark ?? String(passMark)}
          className="mt-1 w-24 rounded-md border border-slate-300 px-3 py-2"
        />
      </div>
      <button type="submit" disabled={pending} className={buttonStyles.secondary}>
        {pending ? "Saving…" : "Save"}
      </button>
      <p role="status" className={`min-h-5 basis-full text-sm ${state.error ? "text-rose-800" : "text-emerald-800"}`}>
        {state.error ?? state.saved ?? ""}
      </p>
    </form>
  );
}
