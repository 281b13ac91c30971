import type { Metadata } from "next";
import Link from "@/app/_components/link";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/session.server";
import { getScenarioWorkspace } from "@/lib/data/scenarios/get-scenario-workspace.server";
import { db } from "@/lib/db/client.server";
import { requestLocale } from "@/lib/http/locale.server";
import { AppError } from "@/lib/errors";
import { IdParam } from "@/lib/http/route.server";
import { PageHeader, linkStyle } from "@/app/_components/ui";
import { Workspace } from "@/app/(app)/(trainer)/trainer/_workspace/workspace";
import { firstCheck } from "@/lib/authoring/first-check";

type Params = { params: Promise<{ scenarioId: string }> };

async function load(scenarioId: string) {
  if (!IdParam.safeParse(scenarioId).success) notFound();
  try {
    return await getScenarioWorkspace(db(), scenarioId);
  } catch (err) {
    if (err instanceof AppError && err.code === "not-found") notFound();
    throw err;
  }
}

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  return { title: `Edit ${(await params).scenarioId}` };
}

export default async function ScenarioWorkspacePage({ params }: Params) {
  await requireUser(["trainer"]);
  const { scenarioId } = await params;
  const ws = await load(scenarioId);
  const latest = ws.versions[0]!;
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/trainer/scenarios" className={linkStyle}>
          ← Scenarios
        </Link>
      </p>
      <PageHeader title={latest.title}>
        <code className="text-sm">{ws.scenarioId}</code> · {ws.builtIn ? "built-in" : "written here"} · latest version {latest.version}
      </PageHeader>
      <Workspace
        locale={await requestLocale()}
        scenarioId={ws.scenarioId}
        builtIn={ws.builtIn}
        title={latest.title}
        latestVersion={ws.latest.version}
        latestText={ws.latest.yaml}
        firstCheck={firstCheck(ws.latest.yaml, ws.scenarioId)}
        versions={ws.versions.map((v) => ({ ...v, createdAt: v.createdAt.toISOString() }))}
      />
    </>
  );
}
