import type { Metadata } from "next";
import Link from "@/app/_components/link";
import { emptyScenarioTemplate } from "@/lib/authoring/empty-template";
import { scenarioTemplate } from "@/lib/authoring/template";
import { requireUser } from "@/lib/auth/session.server";
import { findFreeScenarioId } from "@/lib/data/scenarios/find-free-scenario-id.server";
import { db } from "@/lib/db/client.server";
import { requestLocale } from "@/lib/http/locale.server";
import { PageHeader, linkStyle } from "@/app/_components/ui";
import { Workspace } from "@/app/(app)/(trainer)/trainer/_workspace/workspace";
import { firstCheck } from "@/lib/authoring/first-check";

export const metadata: Metadata = { title: "New scenario" };

export default async function NewScenarioPage({ searchParams }: { searchParams: Promise<{ import?: string; start?: string }> }) {
  await requireUser(["trainer"]);
  const id = await findFreeScenarioId(db(), "new-scenario");
  const params = await searchParams;
  const focusImport = params.import === "1";
  const empty = params.start === "empty";
  const text = empty ? emptyScenarioTemplate(id) : scenarioTemplate(id);
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/trainer/scenarios" className={linkStyle}>
          ← Scenarios
        </Link>
      </p>
      <PageHeader title="New scenario">
        {empty ? (
          <>
            An empty scenario: build it in the <strong>Graph</strong> tab (add nodes and choices, fill in the panel) without writing YAML,
            or{" "}
            <Link href="/trainer/scenarios/new" className={linkStyle}>
              start from the commented example
            </Link>{" "}
            instead.
          </>
        ) : (
          <>
            Start from the commented example below,{" "}
            <Link href="/trainer/scenarios/new?start=empty" className={linkStyle}>
              start from an empty scenario
            </Link>{" "}
            (and build it in the Graph tab), or import a <code className="rounded bg-slate-100 px-1">.yaml</code> file.
          </>
        )}{" "}
        Saving creates the scenario as a draft under its <code className="rounded bg-slate-100 px-1">id</code>.
      </PageHeader>
      <Workspace
        locale={await requestLocale()}
        // Switching between the example and the empty start is a new editor, not an edit.
        key={empty ? "empty" : "example"}
        scenarioId={null}
        builtIn={false}
        title="New scenario"
        latestVersion={0}
        latestText={text}
        firstCheck={firstCheck(text, null)}
        versions={[]}
        focusImport={focusImport}
      />
    </>
  );
}
