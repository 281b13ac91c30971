import type { Metadata } from "next";
import Link from "@/app/_components/link";
import { requireUser } from "@/lib/auth/session.server";
import { listWorkspaceScenarios, type WorkspaceScenario } from "@/lib/data/scenarios/list-workspace-scenarios.server";
import { db } from "@/lib/db/client.server";
import { requestLocale } from "@/lib/http/locale.server";
import { formatDateTime } from "@/lib/ui/dates";
import { buttonStyles, DifficultyBadge, EmptyState, PageHeader, Section, linkStyle } from "@/app/_components/ui";
import { DuplicateButton } from "@/app/(app)/(trainer)/trainer/_workspace/duplicate-button";

export const metadata: Metadata = { title: "Scenarios" };

export default async function TrainerScenariosPage() {
  await requireUser(["trainer"]);
  const locale = await requestLocale();
  const scenarios = await listWorkspaceScenarios(db());
  const builtIn = scenarios.filter((s) => s.builtIn);
  const authored = scenarios.filter((s) => !s.builtIn);

  return (
    <>
      <PageHeader title="Scenarios">
        Write and test the calls trainees practise. Saving makes a new version; trainees see a scenario once you publish it.
      </PageHeader>
      <div className="flex flex-wrap gap-3">
        <Link href="/trainer/scenarios/new" className={buttonStyles.primary}>
          New scenario
        </Link>
        <Link href="/trainer/scenarios/new?import=1" className={buttonStyles.secondary}>
          Import a .yaml file
        </Link>
      </div>

      <Section id="authored" title="Written by trainers">
        {authored.length === 0 ? (
          <EmptyState title="No scenarios written here yet">
            Start a new scenario from the commented template, import a <code className="rounded bg-slate-100 px-1">.yaml</code> file, or
            duplicate a built-in one below to change it.
          </EmptyState>
        ) : (
          <ScenarioTable caption="Scenarios written in the workspace" rows={authored} locale={locale} />
        )}
      </Section>

      <Section
        id="built-in"
        title="Built-in scenarios"
        description={
          <>
            These come from the <code className="rounded bg-slate-100 px-1">scenarios/</code> folder and are read-only here: duplicate one
            to edit a copy.
          </>
        }
      >
        {builtIn.length === 0 ? (
          <EmptyState title="No built-in scenarios">They are loaded from the scenarios/ folder when the server starts.</EmptyState>
        ) : (
          <ScenarioTable caption="Built-in scenarios" rows={builtIn} locale={locale} />
        )}
      </Section>
    </>
  );
}

function Status({ s }: { s: WorkspaceScenario }) {
  const draftNewer = s.publishedVersion !== null && s.latestVersion > s.publishedVersion;
  return (
    <span className="inline-flex flex-col gap-1">
      {s.publishedVersion !== null ? (
        <span className="font-medium text-emerald-800">Published v{s.publishedVersion}</span>
      ) : (
        <span className="font-medium text-slate-700">Draft</span>
      )}
      {draftNewer ? <span className="text-xs text-slate-700">newer draft v{s.latestVersion}</span> : null}
      {s.latestProblemCount > 0 ? (
        <span className="text-xs font-medium text-rose-800">
          v{s.latestVersion}: {s.latestProblemCount} {s.latestProblemCount === 1 ? "problem" : "problems"}
        </span>
      ) : null}
    </span>
  );
}

function ScenarioTable({ caption, rows, locale }: { caption: string; rows: WorkspaceScenario[]; locale: string }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="border-b border-slate-200 bg-slate-50 text-slate-700">
          <tr>
            <th scope="col" className="px-4 py-2 font-medium">
              Scenario
            </th>
            <th scope="col" className="px-4 py-2 font-medium">
              Status
            </th>
            <th scope="col" className="px-4 py-2 font-medium">
              Version
            </th>
            <th scope="col" className="px-4 py-2 font-medium">
              Last saved
            </th>
            <th scope="col" className="px-4 py-2 text-right font-medium">
              Runs
            </th>
            <th scope="col" className="px-4 py-2 font-medium">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((s) => (
            <tr key={s.scenarioId} data-testid={`scenario-row-${s.scenarioId}`}>
              <td className="px-4 py-3 align-top">
                <Link href={`/trainer/scenarios/${s.scenarioId}`} className={linkStyle}>
                  {s.title}
                </Link>
                <div className="mt-1 flex items-center gap-2 text-xs text-slate-700">
                  <code>{s.scenarioId}</code>
                  <DifficultyBadge
                    difficulty={(["easy", "medium", "hard"].includes(s.difficulty) ? s.difficulty : "medium") as "easy" | "medium" | "hard"}
                  />
                </div>
              </td>
              <td className="px-4 py-3 align-top">
                <Status s={s} />
              </td>
              <td className="px-4 py-3 align-top">v{s.latestVersion}</td>
              <td className="px-4 py-3 align-top text-slate-700">
                {formatDateTime(s.lastSavedAt, locale)}
                <div className="text-xs">
                  {s.lastEditor ? `by ${s.lastEditor}` : s.builtIn ? "from scenarios/" : "by a removed account"}
                </div>
              </td>
              <td className="px-4 py-3 text-right align-top tabular-nums">{s.runCount}</td>
              <td className="px-4 py-3 text-right align-top">
                {s.builtIn ? <DuplicateButton scenarioId={s.scenarioId} title={s.title} /> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
