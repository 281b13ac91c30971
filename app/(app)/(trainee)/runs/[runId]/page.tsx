import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { requireUser } from "@/lib/auth/session.server";
import { findCoachingNote } from "@/lib/data/coaching-notes/find-coaching-note.server";
import { getRunReport } from "@/lib/data/runs/get-run.server";
import { db } from "@/lib/db/client.server";
import { AppError } from "@/lib/errors";
import { IdParam } from "@/lib/http/route.server";
import { CoachingNoteView } from "@/app/_components/coaching-note";
import { Debrief } from "./debrief";
import { Player } from "./player";

/** One load per request, shared by the page and its title. */
const loadRun = cache(async (runId: string) => {
  const user = await requireUser(undefined, `/runs/${runId}`);
  if (!IdParam.safeParse(runId).success) notFound();
  try {
    return await getRunReport(db(), runId, user.id);
  } catch (err) {
    if (err instanceof AppError && err.code === "not-found") notFound();
    throw err;
  }
});

function isOver(data: Awaited<ReturnType<typeof loadRun>>): boolean {
  return data.run.status === "completed" || data.report.outcome !== null;
}

export async function generateMetadata({ params }: { params: Promise<{ runId: string }> }): Promise<Metadata> {
  const data = await loadRun((await params).runId);
  return { title: `${isOver(data) ? "Debrief" : "Call"}: ${data.run.scenarioVersion.title}` };
}

/** The player while the call is in progress; the debrief once it has ended. */
export default async function RunPage({ params }: { params: Promise<{ runId: string }> }) {
  const data = await loadRun((await params).runId);
  const { run, scenario, report, betterOptions } = data;
  if (isOver(data)) {
    const note = await findCoachingNote(db(), run.id);
    return (
      <Debrief
        run={run}
        scenario={scenario}
        report={report}
        betterOptions={betterOptions}
        note={note ? <CoachingNoteView body={note.body} author={note.author.name} updatedAt={note.updatedAt} /> : null}
      />
    );
  }
  const savedChoices = run.turns.map((t) => t.choiceId);
  // Keyed on the saved turns: a refresh that brings new saved turns restarts the player from them.
  return <Player key={`${run.id}:${savedChoices.length}`} runId={run.id} scenario={scenario} savedChoices={savedChoices} />;
}
