import type { Metadata } from "next";
import Link from "@/app/_components/link";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { hasRole } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session.server";
import { findAssignmentsForTrainee } from "@/lib/data/assignments/find-assignments-for-trainee.server";
import { findCoachingNote } from "@/lib/data/coaching-notes/find-coaching-note.server";
import { getCallView } from "@/lib/data/runs/get-call-view.server";
import { getRunReport } from "@/lib/data/runs/get-run.server";
import { findReviewableRun } from "@/lib/data/runs/find-reviewable-run.server";
import { listTurnComments } from "@/lib/data/turn-comments/list-turn-comments.server";
import { db } from "@/lib/db/client.server";
import { requestLocale } from "@/lib/http/locale.server";
import { AppError } from "@/lib/errors";
import { IdParam } from "@/lib/http/route.server";
import { CoachingNoteView } from "@/app/_components/coaching-note";
import { FlashMessage } from "@/app/_components/flash-message";
import { Debrief } from "./debrief";
import { Player } from "./lazy-player";
import { linkStyle } from "@/app/_components/ui";

/** One load per request, shared by the page and its title. */
const loadRun = cache(async (runId: string) => {
  const user = await requireUser(undefined, `/runs/${runId}`);
  if (!IdParam.safeParse(runId).success) notFound();
  try {
    return await getRunReport(db(), runId, user.id);
  } catch (err) {
    if (!(err instanceof AppError && err.code === "not-found")) throw err;
  }
  // A trainee's link opened by their manager (pasted from a chat) goes to the manager's review;
  // anyone else gets the same 404 as for a run that does not exist.
  if (hasRole(user, "manager") && (await findReviewableRun(db(), user.id, runId))) redirect(`/manager/runs/${runId}`);
  notFound();
});

function isOver(data: Awaited<ReturnType<typeof loadRun>>): boolean {
  return data.run.status === "completed" || data.report.outcome !== null;
}

export async function generateMetadata({ params }: { params: Promise<{ runId: string }> }): Promise<Metadata> {
  const data = await loadRun((await params).runId);
  return { title: `${isOver(data) ? "Debrief" : "Call"}: ${data.run.scenarioVersion.title}` };
}

/** The player while the call is in progress; the debrief once it has ended. */
export default async function RunPage({
  params,
  searchParams,
}: {
  params: Promise<{ runId: string }>;
  searchParams: Promise<{ retry?: string | string[] }>;
}) {
  const data = await loadRun((await params).runId);
  const { run, scenario, report, betterOptions } = data;
  if (run.status === "abandoned") {
    return (
      <div className="max-w-2xl">
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{run.scenarioVersion.title}</h1>
        <p className="mt-3 text-slate-800">
          You started this call over, so this earlier attempt was set aside: it is not scored and does not count anywhere.
        </p>
        <p className="mt-3">
          <Link href={`/scenarios/${run.scenarioVersion.scenarioId}`} className={linkStyle}>
            Go to the scenario to resume your current call
          </Link>
        </p>
      </div>
    );
  }
  if (isOver(data)) {
    const [note, comments, assignments] = await Promise.all([
      findCoachingNote(db(), run.id),
      listTurnComments(db(), run.id),
      findAssignmentsForTrainee(db(), run.userId),
    ]);
    const retryFailed = (await searchParams).retry === "failed";
    return (
      <Debrief
        locale={await requestLocale()}
        run={run}
        scenario={scenario}
        report={report}
        betterOptions={betterOptions}
        comments={comments}
        retryTurns={run.status === "completed"}
        assignmentPassMark={assignments.get(run.scenarioVersion.scenarioId)?.passMark ?? null}
        notice={
          retryFailed ? (
            <FlashMessage tone="neutral">
              That turn could not be tried again on this call: use Retry this scenario to play it from the start.
            </FlashMessage>
          ) : null
        }
        note={note ? <CoachingNoteView body={note.body} author={note.author.name} updatedAt={note.updatedAt} /> : null}
      />
    );
  }
  // Only what the trainee may see goes to the browser: no scenario, no tags, no choice ids.
  const state = await getCallView(db(), run.id, run.userId);
  // Keyed on the saved turns: a refresh that brings new saved turns restarts the player from them.
  return (
    <Player key={`${run.id}:${state.call.turns}`} runId={run.id} brief={state.brief} initialView={state.call} diverged={state.diverged} />
  );
}
