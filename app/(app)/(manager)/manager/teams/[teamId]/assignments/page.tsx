import type { Metadata } from "next";
import Link from "next/link";
import { requireUser } from "@/lib/auth/session.server";
import { findTeamTrainees } from "@/lib/data/teams/find-team-trainees.server";
import { getManagedTeam } from "@/lib/data/teams/get-managed-team.server";
import { findTeamAssignments } from "@/lib/data/assignments/find-team-assignments.server";
import { findPublishedScenarioTitles } from "@/lib/data/scenarios/find-published-scenario-titles.server";
import { db } from "@/lib/db/client.server";
import { plural } from "@/lib/ui/format";
import { ConfirmSubmit } from "@/app/_components/confirm-submit";
import { FlashMessage } from "@/app/_components/flash-message";
import { EmptyState, PageHeader, Section } from "@/app/_components/ui";
import { removeAssignment } from "@/app/(app)/(manager)/manager/actions";
import { orNotFound } from "@/app/(app)/(manager)/manager/load.server";
import { AssignForm } from "./assign-form";

export const metadata: Metadata = { title: "Assignments" };

const dueDate = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });

export default async function AssignmentsPage({
  params,
  searchParams,
}: {
  params: Promise<{ teamId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { teamId } = await params;
  const user = await requireUser(["manager"], `/manager/teams/${teamId}/assignments`);
  const team = await orNotFound(teamId, (id) => getManagedTeam(db(), user.id, id));
  const [assignments, trainees, scenarios] = await Promise.all([
    findTeamAssignments(db(), team.id),
    findTeamTrainees(db(), team.id),
    findPublishedScenarioTitles(db()),
  ]);
  const search = await searchParams;
  const created = Number(search.created);
  const now = Date.now();
  const tomorrow = new Date(now + 86_400_000).toISOString().slice(0, 10);
  const inAWeek = new Date(now + 7 * 86_400_000).toISOString().slice(0, 10);

  return (
    <>
      <p className="mb-2 text-sm">
        <Link href={`/manager/teams/${team.id}`} className="font-medium text-brand-700 underline hover:text-brand-800">
          ← {team.name} scorecard
        </Link>
      </p>
      <PageHeader title={`${team.name}: assignments`}>
        Assigned scenarios come first in each trainee&apos;s library with their due date. An assignment is done when the trainee finishes a
        call of that scenario, after it was assigned, at or above the pass mark and with no critical error.
      </PageHeader>

      {Number.isInteger(created) && created > 0 ? (
        <FlashMessage>{plural(created, "assignment")} created.</FlashMessage>
      ) : search.removed === "1" ? (
        <FlashMessage tone="neutral">Assignment removed.</FlashMessage>
      ) : search.removed === "0" ? (
        <FlashMessage tone="neutral">Nothing was removed: that assignment was already gone.</FlashMessage>
      ) : null}

      <Section id="new-heading" title="Assign scenarios" className="mt-0">
        {scenarios.length === 0 ? (
          <EmptyState title="No published scenarios">A trainer has to publish a scenario before it can be assigned.</EmptyState>
        ) : (
          <AssignForm teamId={team.id} scenarios={scenarios} trainees={trainees} defaultDue={inAWeek} minDue={tomorrow} />
        )}
      </Section>

      <Section id="current-heading" title="Current assignments">
        {assignments.length === 0 ? (
          <EmptyState title="Nothing assigned yet">
            Use the form above to give the team, or one trainee, a scenario to pass by a date.
          </EmptyState>
        ) : (
          <div
            className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm"
            role="region"
            aria-labelledby="current-heading"
            tabIndex={0}
          >
            <table className="w-full min-w-[40rem] text-left text-sm tabular-nums">
              <caption className="sr-only">Assignments by due date, with how many trainees are done</caption>
              <thead className="bg-slate-50 text-slate-700">
                <tr className="border-b border-slate-200">
                  <th scope="col" className="px-4 py-2.5 font-medium">
                    Scenario
                  </th>
                  <th scope="col" className="px-4 py-2.5 font-medium">
                    For
                  </th>
                  <th scope="col" className="px-4 py-2.5 font-medium">
                    Due
                  </th>
                  <th scope="col" className="px-4 py-2.5 text-right font-medium">
                    Pass mark
                  </th>
                  <th scope="col" className="px-4 py-2.5 text-right font-medium">
                    Done
                  </th>
                  <th scope="col" className="px-4 py-2.5 font-medium">
                    <span className="sr-only">Remove</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {assignments.map((a) => {
                  const overdue = a.dueAt.getTime() < now && a.done < a.targets;
                  return (
                    <tr key={a.id} className="border-b border-slate-100 last:border-0">
                      <th scope="row" className="px-4 py-2.5 font-medium text-slate-900">
                        {a.title}
                      </th>
                      <td className="px-4 py-2.5 text-slate-800">{a.trainee ? a.trainee.name : "Whole team"}</td>
                      <td className={`px-4 py-2.5 ${overdue ? "font-medium text-rose-800" : "text-slate-800"}`}>
                        {dueDate.format(a.dueAt)}
                        {overdue ? " (overdue)" : ""}
                      </td>
                      <td className="px-4 py-2.5 text-right">{a.passMark}</td>
                      <td className="px-4 py-2.5 text-right">
                        {a.done} of {a.targets}
                      </td>
                      <td className="px-4 py-2.5 text-right">
                        <form action={removeAssignment}>
                          <input type="hidden" name="assignmentId" value={a.id} />
                          <input type="hidden" name="teamId" value={team.id} />
                          <ConfirmSubmit
                            question={`Remove the assignment of "${a.title}" for ${a.trainee ? a.trainee.name : "the whole team"}? Runs already played stay.`}
                            className="font-medium text-rose-800 underline hover:text-rose-900"
                          >
                            Remove
                            <span className="sr-only">
                              : {a.title}, {a.trainee ? a.trainee.name : "whole team"}
                            </span>
                          </ConfirmSubmit>
                        </form>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </Section>
    </>
  );
}
