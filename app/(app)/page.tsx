import type { Metadata } from "next";
import Link from "next/link";
import { requireUser } from "@/lib/auth/session.server";
import { findLibraryForUser } from "@/lib/data/library.server";
import { db } from "@/lib/db/client.server";
import { paragraphs } from "@/lib/text/paragraphs";
import { Card, DifficultyBadge, EmptyState, PageHeader } from "../_components/ui";

export const metadata: Metadata = { title: "Scenario library" };

export default async function LibraryPage() {
  const user = await requireUser();
  const entries = await findLibraryForUser(db(), user.id);

  return (
    <>
      <PageHeader title="Scenario library">
        Practise a difficult call against a simulated customer who reacts to what you say. Every call ends with a
        scorecard that explains each point.
      </PageHeader>

      {entries.length === 0 ? (
        <EmptyState title="No scenarios are published yet">
          A trainer publishes scenarios; built-in ones come from <code className="rounded bg-slate-100 px-1">scenarios/</code> on
          the next server start.
        </EmptyState>
      ) : (
        <ul className="grid gap-4 md:grid-cols-2" aria-label="Scenarios">
          {entries.map((s) => (
            <Card as="li" key={s.scenarioId} labelledBy={`scenario-${s.scenarioId}`}>
              <div className="flex items-start justify-between gap-3">
                <h2 id={`scenario-${s.scenarioId}`} className="text-lg font-medium text-slate-900">
                  <Link href={`/scenarios/${s.scenarioId}`} className="hover:text-brand-700 hover:underline">
                    {s.title}
                  </Link>
                </h2>
                <DifficultyBadge difficulty={s.difficulty as "easy" | "medium" | "hard"} />
              </div>
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
                    Best score <strong>{s.best}</strong> · {s.passed ? <span className="font-medium text-emerald-800">Passed</span> : <span className="font-medium text-rose-800">Not passed yet</span>} · {s.attempts} {s.attempts === 1 ? "attempt" : "attempts"}
                  </>
                )}
                {s.inProgressRunId ? " · call in progress" : ""}
              </p>
            </Card>
          ))}
        </ul>
      )}
    </>
  );
}
