import type { Metadata } from "next";
import Link from "@/app/_components/link";
import { redirect } from "next/navigation";
import { requireUser } from "@/lib/auth/session.server";
import { findManagedTeams } from "@/lib/data/teams/find-managed-teams.server";
import { db } from "@/lib/db/client.server";
import { plural } from "@/lib/ui/format";
import { EmptyState, linkStyle, PageHeader } from "@/app/_components/ui";

export const metadata: Metadata = { title: "Teams" };

/** A manager's teams; with one team, straight to its scorecard. */
export default async function ManagerHome() {
  const user = await requireUser(["manager"], "/manager");
  const teams = await findManagedTeams(db(), user.id);
  if (teams.length === 1) redirect(`/manager/teams/${teams[0]!.id}`);
  return (
    <>
      <PageHeader title="Your teams">Open a team for its scorecard, assignments and exports.</PageHeader>
      {teams.length === 0 ? (
        <EmptyState title="You do not manage a team yet">
          <p>Ask an administrator to add you as a manager of your team. Its trainees&apos; scorecards will show up here.</p>
        </EmptyState>
      ) : (
        <ul className="grid gap-4 sm:grid-cols-2">
          {teams.map((t) => (
            <li key={t.id} className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
              <Link href={`/manager/teams/${t.id}`} className={`${linkStyle} text-lg`}>
                {t.name}
              </Link>
              <p className="mt-1 text-sm text-slate-700">{plural(t.trainees, "trainee")}</p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
