import type { Metadata } from "next";
import Link from "@/app/_components/link";
import { Pencil, Trash2 } from "lucide-react";
import { requireUser } from "@/lib/auth/session.server";
import { findTeamTrainees } from "@/lib/data/teams/find-team-trainees.server";
import { getManagedTeam } from "@/lib/data/teams/get-managed-team.server";
import { findAssignmentGroups, type AssignmentGroup } from "@/lib/data/assignments/find-assignment-groups.server";
import { findPublishedScenarioTitles } from "@/lib/data/scenarios/find-published-scenario-titles.server";
import { db } from "@/lib/db/client.server";
import { plural } from "@/lib/ui/format";
import { ConfirmSubmit } from "@/app/_components/confirm-submit";
import { FlashMessage } from "@/app/_components/flash-message";
import { EmptyState, linkStyle, PageHeader, Section } from "@/app/_components/ui";
import { removeAssignment } from "@/app/(app)/(manager)/manager/actions";
import { orNotFound } from "@/app/(app)/(manager)/manager/load.server";
import { AssignForm } from "./assign-form";
import { EditAssignmentForm } from "./edit-assignment-form";
import { LocalDate } from "@/app/_components/local-date";

export const metadata: Metadata = { title: "Assigned scenarios" };

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
  const [groups, trainees, scenarios] = await Promise.all([
    findAssignmentGroups(db(), team.id),
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
        <Link href={`/manager/teams/${team.id}`} className={linkStyle}>
          ← {team.name} scorecard
        </Link>
      </p>
      <PageHeader title={`${team.name}: assigned scenarios`}>
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

      <Section
        id="current-heading"
        title="Current assignments"
        description="By scenario, the soonest due first. The bar shows how many of the trainees it is assigned to have passed it."
      >
        {groups.length === 0 ? (
          <EmptyState title="Nothing assigned yet">
            Use the form above to give the team, or one trainee, a scenario to pass by a date.
          </EmptyState>
        ) : (
          <div className="space-y-6">
            {groups.map((g) => (
              <ScenarioGroup key={g.scenarioId} group={g} teamId={team.id} now={now} />
            ))}
          </div>
        )}
      </Section>
    </>
  );
}

function ScenarioGroup({ group: g, teamId, now }: { group: AssignmentGroup; teamId: string; now: number }) {
  const headingId = `group-${g.scenarioId}`;
  const percent = g.trainees ? Math.round((g.passed / g.trainees) * 100) : 0;
  return (
    <section aria-labelledby={headingId} className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
      <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
        <h3 id={headingId} className="text-lg font-medium text-slate-900">
          {g.title}
        </h3>
        <p className="text-sm text-slate-800">
          {g.trainees ? `${g.passed} of ${plural(g.trainees, "trainee")} passed` : "No trainee in the team has it"}
        </p>
      </div>
      <div
        role="progressbar"
        aria-label={`${g.title}: trainees who passed`}
        aria-valuemin={0}
        aria-valuemax={Math.max(g.trainees, 1)}
        aria-valuenow={g.passed}
        aria-valuetext={`${g.passed} of ${g.trainees}`}
        className="mt-3 h-2.5 overflow-hidden rounded-full bg-slate-200"
      >
        <div className="h-full rounded-full bg-brand-700" style={{ width: `${percent}%` }} />
      </div>
      <ul className="mt-4 divide-y divide-slate-100 border-t border-slate-100">
        {g.assignments.map((a) => {
          const overdue = a.dueAt.getTime() < now && a.done < a.targets;
          const forWhom = a.trainee ? a.trainee.name : "Whole team";
          return (
            <li key={a.id} className="py-3">
              <div className="flex flex-wrap items-center gap-x-6 gap-y-2 text-sm">
                <p className="min-w-40 font-medium text-slate-900">{forWhom}</p>
                <p className={overdue ? "font-medium text-amber-900" : "text-slate-800"}>
                  Due <LocalDate date={a.dueAt} />
                  {overdue ? " (overdue)" : ""}
                </p>
                <p className="text-slate-800">Pass mark {a.passMark}</p>
                <p className="text-slate-800 tabular-nums">
                  {a.done} of {a.targets} passed
                </p>
                <form action={removeAssignment} className="ml-auto">
                  <input type="hidden" name="assignmentId" value={a.id} />
                  <input type="hidden" name="teamId" value={teamId} />
                  <ConfirmSubmit
                    question={`Remove the assignment of "${g.title}" for ${a.trainee ? a.trainee.name : "the whole team"}? Runs already played stay.`}
                    className="inline-flex items-center gap-1.5 font-medium text-rose-800 underline hover:text-rose-900"
                  >
                    <Trash2 aria-hidden="true" className="h-4 w-4" />
                    Remove
                    <span className="sr-only">
                      : {g.title}, {a.trainee ? a.trainee.name : "whole team"}
                    </span>
                  </ConfirmSubmit>
                </form>
              </div>
              <details className="mt-2 text-sm">
                <summary className={`${linkStyle} inline-flex cursor-pointer items-center gap-1.5`}>
                  <Pencil aria-hidden="true" className="h-4 w-4" />
                  Edit due date or pass mark
                  <span className="sr-only">
                    : {g.title}, {forWhom}
                  </span>
                </summary>
                <EditAssignmentForm
                  teamId={teamId}
                  assignmentId={a.id}
                  dueDate={a.dueAt.toISOString().slice(0, 10)}
                  passMark={a.passMark}
                  label={`${g.title}, ${forWhom}`}
                />
              </details>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
