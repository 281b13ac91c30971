import type { Metadata } from "next";
import Link from "next/link";
import { scenarioTemplate } from "@/lib/authoring/template";
import { requireUser } from "@/lib/auth/session.server";
import { findFreeScenarioId } from "@/lib/data/scenarios/find-free-scenario-id.server";
import { db } from "@/lib/db/client.server";
import { PageHeader } from "@/app/_components/ui";
import { Workspace } from "@/app/(app)/(trainer)/trainer/_workspace/workspace";

export const metadata: Metadata = { title: "New scenario" };

export default async function NewScenarioPage({ searchParams }: { searchParams: Promise<{ import?: string }> }) {
  await requireUser(["trainer"]);
  const id = await findFreeScenarioId(db(), "new-scenario");
  const focusImport = (await searchParams).import === "1";
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/trainer/scenarios" className="text-brand-700 hover:underline">
          ← Scenarios
        </Link>
      </p>
      <PageHeader title="New scenario">
        Start from the commented template below, or import a <code className="rounded bg-slate-100 px-1">.yaml</code> file. Saving creates
        the scenario as a draft under its <code className="rounded bg-slate-100 px-1">id</code>.
      </PageHeader>
      <Workspace
        scenarioId={null}
        builtIn={false}
        title="New scenario"
        latestVersion={0}
        latestText={scenarioTemplate(id)}
        versions={[]}
        focusImport={focusImport}
      />
    </>
  );
}
