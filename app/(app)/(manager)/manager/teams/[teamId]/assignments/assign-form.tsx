"use client";

import { useActionState, useState } from "react";
import { assignScenarios, type AssignState } from "@/app/(app)/(manager)/manager/actions";
import { buttonStyles } from "@/app/_components/styles";

export function AssignForm({
  teamId,
  scenarios,
  trainees,
  defaultDue,
  minDue,
}: {
  teamId: string;
  scenarios: { scenarioId: string; title: string }[];
  trainees: { id: string; name: string }[];
  defaultDue: string;
  minDue: string;
}) {
  const [state, action, pending] = useActionState<AssignState, FormData>(assignScenarios, {});
  const [target, setTarget] = useState(state.values?.target ?? "team");
  const values = state.values;
  return (
    <form action={action} className="space-y-5 rounded-lg border border-slate-200 bg-white p-5 shadow-sm" aria-describedby="assign-error">
      <input type="hidden" name="teamId" value={teamId} />
      <fieldset>
        <legend className="text-sm font-medium text-slate-900">Scenarios</legend>
        <div className="mt-2 grid gap-2 sm:grid-cols-2">
          {scenarios.map((s) => (
            <label key={s.scenarioId} className="flex items-center gap-2 text-slate-800">
              <input
                type="checkbox"
                name="scenarioIds"
                value={s.scenarioId}
                defaultChecked={values?.scenarioIds.includes(s.scenarioId)}
                className="h-4 w-4"
              />
              {s.title}
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset>
        <legend className="text-sm font-medium text-slate-900">Assign to</legend>
        <div className="mt-2 flex flex-wrap gap-5">
          <label className="flex items-center gap-2 text-slate-800">
            <input
              type="radio"
              name="target"
              value="team"
              checked={target === "team"}
              onChange={() => setTarget("team")}
              className="h-4 w-4"
            />
            The whole team
          </label>
          <label className="flex items-center gap-2 text-slate-800">
            <input
              type="radio"
              name="target"
              value="trainees"
              checked={target === "trainees"}
              onChange={() => setTarget("trainees")}
              className="h-4 w-4"
            />
            Chosen trainees
          </label>
        </div>
        {target === "trainees" ? (
          <div className="mt-3 grid max-h-64 gap-2 overflow-y-auto rounded-md border border-slate-200 p-3 sm:grid-cols-2 lg:grid-cols-3">
            {trainees.length === 0 ? <p className="text-sm text-slate-700">This team has no trainees yet.</p> : null}
            {trainees.map((t) => (
              <label key={t.id} className="flex items-center gap-2 text-slate-800">
                <input
                  type="checkbox"
                  name="traineeIds"
                  value={t.id}
                  defaultChecked={values?.traineeIds.includes(t.id)}
                  className="h-4 w-4"
                />
                {t.name}
              </label>
            ))}
          </div>
        ) : null}
      </fieldset>
      <div className="flex flex-wrap gap-6">
        <div>
          <label htmlFor="dueDate" className="block text-sm font-medium text-slate-900">
            Due date (end of day, UTC)
          </label>
          <input
            id="dueDate"
            name="dueDate"
            type="date"
            required
            min={minDue}
            defaultValue={values?.dueDate ?? defaultDue}
            className="mt-1 rounded-md border border-slate-300 px-3 py-2"
          />
        </div>
        <div>
          <label htmlFor="passMark" className="block text-sm font-medium text-slate-900">
            Pass mark
          </label>
          <input
            id="passMark"
            name="passMark"
            type="number"
            required
            min={0}
            max={100}
            step={1}
            defaultValue={values?.passMark ?? "70"}
            className="mt-1 w-24 rounded-md border border-slate-300 px-3 py-2"
          />
        </div>
      </div>
      <p id="assign-error" role="alert" className="min-h-5 text-sm text-rose-800">
        {state.error ?? ""}
      </p>
      <button type="submit" disabled={pending} className={buttonStyles.primary}>
        {pending ? "Assigning…" : "Assign"}
      </button>
    </form>
  );
}
