import { Card, DifficultyBadge, EmptyState, PageHeader } from "./_components/ui";
import { listBuiltinScenarios } from "@/lib/server/builtin-scenarios.server";
import { paragraphs } from "@/lib/text/paragraphs";

export default async function LibraryPage() {
  const scenarios = await listBuiltinScenarios();
  const ready = scenarios.filter((s) => s.ok);
  const broken = scenarios.filter((s) => !s.ok);

  return (
    <>
      <PageHeader title="Scenario library">
        Practise a difficult call against a simulated customer who reacts to what you say. Every call ends with a
        scorecard that explains each point.
      </PageHeader>

      {scenarios.length === 0 ? (
        <EmptyState title="No scenarios yet">
          Add a scenario file to <code className="rounded bg-slate-100 px-1">scenarios/</code> and check it with{" "}
          <code className="rounded bg-slate-100 px-1">npm run -s scenario -- validate scenarios/*.yaml</code>.
        </EmptyState>
      ) : null}

      <ul className="grid gap-4 md:grid-cols-2" aria-label="Scenarios">
        {ready.map(({ scenario }) => (
          <Card as="li" key={scenario.id} labelledBy={`scenario-${scenario.id}`}>
            <div className="flex items-start justify-between gap-3">
              <h2 id={`scenario-${scenario.id}`} className="text-lg font-medium text-slate-900">
                {scenario.title}
              </h2>
              <DifficultyBadge difficulty={scenario.difficulty} />
            </div>
            <p className="mt-1 text-sm text-slate-600">Caller: {scenario.persona.name}</p>
            <div className="mt-3 space-y-2 text-slate-800">
              {paragraphs(scenario.brief).map((p) => (
                <p key={p}>{p}</p>
              ))}
            </div>
          </Card>
        ))}
      </ul>

      {broken.length > 0 ? (
        <section aria-labelledby="broken-heading" className="mt-8">
          <h2 id="broken-heading" className="text-base font-medium text-rose-800">
            Scenarios that could not be loaded
          </h2>
          <ul className="mt-2 space-y-2">
            {broken.map((s) => (
              <li key={s.file} className="rounded border border-rose-200 bg-rose-50 p-3 text-sm">
                <p className="font-medium">{s.file}</p>
                <ul className="mt-1 list-inside list-disc font-mono text-xs">
                  {s.problems.slice(0, 5).map((p) => (
                    <li key={p}>{p}</li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
