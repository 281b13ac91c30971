import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/session.server";
import { compiledScenario } from "@/lib/data/scenarios/compiled-scenario.server";
import { getLatestPublishedVersion } from "@/lib/data/scenarios/get-latest-published-version.server";
import { findOpenRun } from "@/lib/data/runs/start-call.server";
import { db } from "@/lib/db/client.server";
import { IdParam } from "@/lib/http/route.server";
import { paragraphs } from "@/lib/text/paragraphs";
import { buttonStyles, DifficultyBadge, linkStyle, PageHeader } from "@/app/_components/ui";
import { startRun } from "@/app/(app)/(trainee)/actions";

export const metadata: Metadata = { title: "Scenario brief" };

export default async function ScenarioBriefPage({ params }: { params: Promise<{ scenarioId: string }> }) {
  const { scenarioId } = await params;
  const user = await requireUser(undefined, `/scenarios/${scenarioId}`);
  if (!IdParam.safeParse(scenarioId).success) notFound();
  const version = await getLatestPublishedVersion(db(), scenarioId);
  if (!version) notFound();
  const scenario = compiledScenario(version);
  const open = await findOpenRun(db(), user.id, scenarioId);

  return (
    <article aria-labelledby="brief-title" className="max-w-3xl">
      <PageHeader title={scenario.title}>
        <span className="mr-2">
          <DifficultyBadge difficulty={scenario.difficulty} />
        </span>
        Version {version.version}
      </PageHeader>
      <section aria-labelledby="brief-heading" className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <h2 id="brief-heading" className="text-base font-semibold text-slate-900">
          Your brief
        </h2>
        <div className="mt-2 space-y-2 text-slate-800">
          {paragraphs(scenario.brief).map((p) => (
            <p key={p}>{p}</p>
          ))}
        </div>
        <h2 className="mt-5 text-base font-semibold text-slate-900">The caller</h2>
        <p className="mt-1 text-slate-800">
          <strong>{scenario.persona.name}</strong>: {scenario.persona.description}
        </p>
        <p className="mt-5 text-sm text-slate-700">
          You will hear the caller, then choose one of the responses on offer (click, or press its number key). The mood meter shows how
          angry the caller is and how much they trust you. Your scorecard explains every point.
        </p>
        <form action={startRun} className="mt-6 flex flex-wrap gap-3">
          <input type="hidden" name="scenarioId" value={scenarioId} />
          <input type="hidden" name="key" value={crypto.randomUUID()} />
          <button type="submit" className={buttonStyles.primary}>
            {open ? `Resume call (turn ${open.turnCount + 1})` : "Start the call"}
          </button>
        </form>
        {open ? (
          <form action={startRun} className="mt-3">
            <input type="hidden" name="scenarioId" value={scenarioId} />
            <input type="hidden" name="key" value={crypto.randomUUID()} />
            <input type="hidden" name="fresh" value="1" />
            <button type="submit" className={`${linkStyle} text-sm`}>
              Start over instead
            </button>
          </form>
        ) : null}
      </section>
    </article>
  );
}
