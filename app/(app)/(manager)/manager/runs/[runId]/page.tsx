import type { Metadata } from "next";
import Link from "@/app/_components/link";
import { cache } from "react";
import { requireUser } from "@/lib/auth/session.server";
import { findAssignmentsForTrainee } from "@/lib/data/assignments/find-assignments-for-trainee.server";
import { getRunForReview } from "@/lib/data/runs/get-run-for-review.server";
import { listTurnComments } from "@/lib/data/turn-comments/list-turn-comments.server";
import { db } from "@/lib/db/client.server";
import { requestLocale } from "@/lib/http/locale.server";
import { outcomeLabel, plural } from "@/lib/ui/format";
import { buttonStyles, linkStyle } from "@/app/_components/ui";
import { Debrief } from "@/app/(app)/(trainee)/runs/[runId]/debrief";
import { orNotFound } from "@/app/(app)/(manager)/manager/load.server";
import { removeTurnComment } from "./comment-actions";
import { NoteForm } from "./note-form";
import { TurnCommentForm } from "./turn-comment-form";

const loadReview = cache(async (runId: string) => {
  const user = await requireUser(["manager"], `/manager/runs/${runId}`);
  return { ...(await orNotFound(runId, (id) => getRunForReview(db(), user.id, id))), managerId: user.id };
});

export async function generateMetadata({ params }: { params: Promise<{ runId: string }> }): Promise<Metadata> {
  const { run } = await loadReview((await params).runId);
  return { title: `Review: ${run.user.name}, ${run.scenarioVersion.title}` };
}

/** The trainee's debrief, seen by their manager, with the coaching note form. */
export default async function RunReviewPage({ params }: { params: Promise<{ runId: string }> }) {
  const { run, scenario, report, betterOptions, managerId } = await loadReview((await params).runId);
  const back = (
    <p className="mb-4 text-sm">
      <Link href={`/manager/trainees/${run.user.id}`} className={linkStyle}>
        ← {run.user.name}&apos;s scorecard
      </Link>
    </p>
  );
  if (run.status !== "completed") {
    return (
      <>
        {back}
        <h1 className="text-2xl font-semibold text-slate-900">{run.scenarioVersion.title}: call in progress</h1>
        <p className="mt-2 text-slate-800">
          {run.user.name} has played {plural(run.turnCount, "turn")} so far{report.outcome ? ` (${outcomeLabel(report.outcome)})` : ""}. The
          review and the coaching note open once the call has ended.
        </p>
      </>
    );
  }
  const note = run.coachingNote;
  const [comments, assignments] = await Promise.all([listTurnComments(db(), run.id), findAssignmentsForTrainee(db(), run.user.id)]);
  return (
    <>
      {back}
      <p className="mb-2 text-sm font-medium text-slate-700">Reviewing {run.user.name}&apos;s call</p>
      <Debrief
        locale={await requestLocale()}
        run={run}
        scenario={scenario}
        report={report}
        betterOptions={betterOptions}
        comments={comments}
        assignmentPassMark={assignments.get(run.scenarioVersion.scenarioId)?.passMark ?? null}
        turnTools={(turnIndex) => <TurnCommentForm runId={run.id} turnIndex={turnIndex} />}
        commentTools={(c) =>
          c.authorId === managerId ? (
            <form action={removeTurnComment} className="mt-1">
              <input type="hidden" name="runId" value={run.id} />
              <input type="hidden" name="commentId" value={c.id} />
              <button type="submit" className={`${linkStyle} text-sm`}>
                Delete this comment<span className="sr-only"> on turn {c.turnIndex + 1}</span>
              </button>
            </form>
          ) : null
        }
        note={
          <section aria-labelledby="note-heading" className="mt-6 rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
            <h2 id="note-heading" className="font-semibold text-slate-900">
              Coaching note
            </h2>
            <p className="mt-1 text-sm text-slate-700">
              {run.user.name} reads this on the debrief of this call.
              {note ? ` Last saved by ${note.author.name}.` : ""}
            </p>
            <NoteForm runId={run.id} initial={note?.body ?? ""} />
          </section>
        }
        actions={
          <div className="mt-6 flex flex-wrap gap-3">
            <Link href={`/manager/trainees/${run.user.id}`} className={buttonStyles.secondary}>
              Back to {run.user.name}
            </Link>
          </div>
        }
      />
    </>
  );
}
