import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { requireUser } from "@/lib/auth/session.server";
import { hasRole, LIBRARY_VIEW } from "@/lib/auth/roles";
import { findAssignmentsForTrainee, type TraineeAssignment } from "@/lib/data/assignments/find-assignments-for-trainee.server";
import { findLibraryForUser, type LibraryEntry } from "@/lib/data/scenarios/find-library-for-user.server";
import { db } from "@/lib/db/client.server";
import { paragraphs } from "@/lib/text/paragraphs";
import { Card, DifficultyBadge, EmptyState, PageHeader, Section } from "@/app/_components/ui";

export const metadata: Metadata = { title: "Scenario library" };

const dueDate = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
const STATUS_ORDER = { overdue: 0, due: 1, done: 2 } as const;

export default async function LibraryPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser();
  // A manager's home is their team; their header's Library link asks for the library itself.
  if (hasRole(user, "manager") && (await searchParams).view !== LIBRARY_VIEW.view) redirect("/manager");
  const [entries, assignments] = await Promise.all([findLibraryForUser(db(), user.id), findAssignmentsForTrainee(db(), user.id)]);
  const assigned = entries
    .filter((e) => assignments.has(e.scenarioId))
    .map((e) => ({ entry: e, assignment: assignments.get(e.scenarioId)! }))
    .sort(
      (a, b) =>
        STATUS_ORDER[a.assignment.status] - STATUS_ORDER[b.assignment.status] ||
        a.assignment.dueAt.getTime() - b.assignment.dueAt.getTime(),
    );
  const others = entries.filter((e) => !assignments.has(e.scenarioId));

  return (
    <>
      <PageHeader title="Scenario library">
        Practise a difficult call against a simulated customer who reacts to what you say. Every call ends with a scorecard that explains
        each point.
      </PageHeader>

      {entries.length === 0 ? (
        <EmptyState title="No scenarios are published yet">
          A trainer publishes scenarios; built-in ones come from <code className="rounded bg-slate-100 px-1">scenarios/</code> on the next
          server start.
        </EmptyState>
      ) : (
        <>
          {assigned.length ? (
            <Section
              id="assigned-heading"
              title="Assigned to you"
              className="mt-0"
              description="Set by your manager. Pass at or above the pass mark, with no critical error, to complete one."
            >
              <ul className="grid gap-4 md:grid-cols-2" aria-labelledby="assigned-heading">
                {assigned.map(({ entry, assignment }) => (
                  <ScenarioCard key={entry.scenarioId} entry={entry} assignment={assignment} />
                ))}
              </ul>
            </Section>
          ) : null}
          {others.length ? (
            <Section
              id="all-heading"
              title={assigned.length ? "More scenarios" : "Scenarios"}
              className={assigned.length ? "mt-10" : "mt-0"}
            >
              <ul className="grid gap-4 md:grid-cols-2" aria-label="Scenarios">
                {others.map((entry) => (
                  <ScenarioCard key={entry.scenarioId} entry={entry} />
                ))}
              </ul>
            </Section>
          ) : null}
        </>
      )}
    </>
  );
}

function ScenarioCard({ entry: s, assignment }: { entry: LibraryEntry; assignment?: TraineeAssignment }) {
  return (
    <Card as="li" labelledBy={`scenario-${s.scenarioId}`}>
      <div className="flex items-start justify-between gap-3">
        <h3 id={`scenario-${s.scenarioId}`} className="text-lg font-medium text-slate-900">
          <Link href={`/scenarios/${s.scenarioId}`} className="hover:text-brand-700 hover:underline">
            {s.title}
          </Link>
        </h3>
        <DifficultyBadge difficulty={s.difficulty as "easy" | "medium" | "hard"} />
      </div>
      {assignment ? <AssignmentBadge assignment={assignment} /> : null}
      <div className="mt-3 space-y-2 text-slate-800">
        {paragraphs(s.brief).map((p) => (
          <p key={p}>{p}</p>
        ))}
      </div>
      <p className="mt-4 text-sm text-slate-700" data-testid="progress">
        {s.attempts === 0 ? (
          "Not attempted yet"
        ) : (
          <>
            Best score <strong>{s.best}</strong> ·{" "}
            {s.passed ? (
              <span className="font-medium text-emerald-800">Passed</span>
            ) : (
              <span className="font-medium text-rose-800">Not passed yet</span>
            )}{" "}
            · {s.attempts} {s.attempts === 1 ? "attempt" : "attempts"}
          </>
        )}
        {s.inProgressRunId ? " · call in progress" : ""}
      </p>
    </Card>
  );
}

function AssignmentBadge({ assignment: a }: { assignment: TraineeAssignment }) {
  const styles = {
    overdue: "bg-rose-50 text-rose-800 ring-rose-300",
    due: "bg-amber-50 text-amber-900 ring-amber-300",
    done: "bg-emerald-50 text-emerald-800 ring-emerald-300",
  } as const;
  const text =
    a.status === "done"
      ? "Assignment done"
      : a.status === "overdue"
        ? `Overdue: was due ${dueDate.format(a.dueAt)}`
        : `Due ${dueDate.format(a.dueAt)}`;
  return (
    <p className="mt-2 text-sm" data-testid="assignment">
      <span className={`inline-flex rounded-full px-2.5 py-0.5 font-medium ring-1 ring-inset ${styles[a.status]}`}>{text}</span>
      <span className="ml-2 text-slate-700">pass mark {a.passMark}</span>
    </p>
  );
}
