import type { Metadata } from "next";
import Link from "@/app/_components/link";
import { redirect } from "next/navigation";
import { requireUser } from "@/lib/auth/session.server";
import { hasRole, LIBRARY_VIEW } from "@/lib/auth/roles";
import { findAssignmentsForTrainee, type TraineeAssignment } from "@/lib/data/assignments/find-assignments-for-trainee.server";
import { findFinishedSkillScores } from "@/lib/data/runs/find-finished-skill-scores.server";
import { findLibraryForUser, type LibraryEntry } from "@/lib/data/scenarios/find-library-for-user.server";
import { findSkillFocus } from "@/lib/data/scenarios/find-skill-focus.server";
import { db } from "@/lib/db/client.server";
import { requestLocale } from "@/lib/http/locale.server";
import { formatDay } from "@/lib/ui/dates";
import { nextToPractise, recommendScenario, skillProgress, type Recommendation } from "@/lib/scoring/skills";
import { paragraphs } from "@/lib/text/paragraphs";
import { buttonStyles, Card, DifficultyBadge, EmptyState, PageHeader, Section, linkStyle } from "@/app/_components/ui";

export const metadata: Metadata = { title: "Scenario library" };

const STATUS_ORDER = { overdue: 0, due: 1, done: 2 } as const;

export default async function LibraryPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser();
  // A manager's home is their team; their header's Library link asks for the library itself.
  if (hasRole(user, "manager") && (await searchParams).view !== LIBRARY_VIEW.view) redirect("/manager");
  const [entries, assignments, calls] = await Promise.all([
    findLibraryForUser(db(), user.id),
    findAssignmentsForTrainee(db(), user.id),
    findFinishedSkillScores(db(), user.id),
  ]);
  const focus = await findSkillFocus(
    db(),
    entries.map((e) => e.versionId),
  );
  const recommendation = recommendScenario(
    entries.flatMap((e) => {
      const f = focus.get(e.versionId);
      return f ? [{ ...e, focus: f.focus, weights: f.weights }] : [];
    }),
    nextToPractise(skillProgress(calls)),
  );
  const recommended = recommendation ? entries.find((e) => e.scenarioId === recommendation.scenarioId) : undefined;
  const assigned = entries
    .filter((e) => assignments.has(e.scenarioId))
    .map((e) => ({ entry: e, assignment: assignments.get(e.scenarioId)! }))
    .sort(
      (a, b) =>
        STATUS_ORDER[a.assignment.status] - STATUS_ORDER[b.assignment.status] ||
        a.assignment.dueAt.getTime() - b.assignment.dueAt.getTime(),
    );
  const others = entries.filter((e) => !assignments.has(e.scenarioId));
  // Assignments still to do keep their place at the top; the recommendation comes next.
  const assignmentsFirst = assigned.some((a) => a.assignment.status !== "done");
  const recommendationCard =
    recommendation && recommended ? (
      <RecommendedCard recommendation={recommendation} entry={recommended} first={!assignmentsFirst} />
    ) : null;

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
          {assignmentsFirst ? null : recommendationCard}
          {assigned.length ? (
            <Section
              id="assigned-heading"
              title="Assigned to you"
              className={assignmentsFirst ? "mt-0" : "mt-10"}
              description="Set by your manager. Pass at or above the pass mark, with no critical error, to complete one."
            >
              <ul className="grid gap-4 md:grid-cols-2" aria-labelledby="assigned-heading">
                {assigned.map(({ entry, assignment }) => (
                  <ScenarioCard key={entry.scenarioId} entry={entry} assignment={assignment} />
                ))}
              </ul>
            </Section>
          ) : null}
          {assignmentsFirst ? recommendationCard : null}
          {others.length ? (
            <Section
              id="all-heading"
              title={assigned.length ? "More scenarios" : "Scenarios"}
              className={assigned.length || recommendationCard ? "mt-10" : "mt-0"}
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

/** "Recommended for you": the call that trains the weakest skill (or a starter), with the reason. */
function RecommendedCard({ recommendation: r, entry: s, first }: { recommendation: Recommendation; entry: LibraryEntry; first: boolean }) {
  return (
    <Section id="recommended-heading" title="Recommended for you" className={first ? "mt-0" : "mt-10"}>
      <div className="rounded-lg border border-brand-100 bg-brand-50 p-5 shadow-sm" data-testid="recommendation">
        <div className="flex flex-wrap items-start justify-between gap-3">
          <h3 id="recommended-title" className="text-lg font-medium text-slate-900">
            {s.title}
          </h3>
          <DifficultyBadge difficulty={s.difficulty as "easy" | "medium" | "hard"} />
        </div>
        <p className="mt-2 text-slate-800">{r.reason}</p>
        {r.kind === "weakest-skill" ? (
          <p className="mt-2 text-slate-800">
            <strong className="font-medium text-slate-900">Tip:</strong> {r.tip}
          </p>
        ) : null}
        <p className="mt-4">
          {/* The link's name leaves out the title, so the title's own link in the list stays the one link by that name. */}
          <Link href={`/scenarios/${s.scenarioId}`} className={buttonStyles.primary} aria-describedby="recommended-title">
            {s.inProgressRunId ? "Resume this call" : "Read the brief"}
          </Link>
        </p>
      </div>
    </Section>
  );
}

function ScenarioCard({ entry: s, assignment }: { entry: LibraryEntry; assignment?: TraineeAssignment }) {
  return (
    <Card as="li" labelledBy={`scenario-${s.scenarioId}`}>
      <div className="flex items-start justify-between gap-3">
        <h3 id={`scenario-${s.scenarioId}`} className="text-lg font-medium text-slate-900">
          <Link href={`/scenarios/${s.scenarioId}`} className={linkStyle}>
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

async function AssignmentBadge({ assignment: a }: { assignment: TraineeAssignment }) {
  const locale = await requestLocale();
  const styles = {
    overdue: "bg-rose-50 text-rose-800 ring-rose-300",
    due: "bg-amber-50 text-amber-900 ring-amber-300",
    done: "bg-emerald-50 text-emerald-800 ring-emerald-300",
  } as const;
  const text =
    a.status === "done"
      ? "Assignment done"
      : a.status === "overdue"
        ? `Overdue: was due ${formatDay(a.dueAt, locale)}`
        : `Due ${formatDay(a.dueAt, locale)}`;
  return (
    <p className="mt-2 text-sm" data-testid="assignment">
      <span className={`inline-flex rounded-full px-2.5 py-0.5 font-medium ring-1 ring-inset ${styles[a.status]}`}>{text}</span>
      <span className="ml-2 text-slate-700">pass mark {a.passMark}</span>
    </p>
  );
}
