import type { Metadata } from "next";
import Link from "@/app/_components/link";
import { requireUser } from "@/lib/auth/session.server";
import { listTeamsForAdmin } from "@/lib/data/teams/admin-teams.server";
import { db } from "@/lib/db/client.server";
import { EmptyState, linkStyle, PageHeader, Section } from "@/app/_components/ui";
import { addTeam } from "../actions";
import { AdminNav } from "../_components/admin-nav";
import { StatusForm } from "../_components/status-form";

export const metadata: Metadata = { title: "Teams" };

export default async function TeamsPage() {
  await requireUser(["admin"], "/admin/teams");
  const teams = await listTeamsForAdmin(db());
  return (
    <>
      <AdminNav current="/admin/teams" />
      <PageHeader title="Teams">
        A team&apos;s managers see its trainees&apos; scorecards and assign it scenarios. A person is in one team at a time; a manager may
        manage several.
      </PageHeader>
      <Section id="new-team-heading" title="New team" className="mt-0">
        <StatusForm action={addTeam} hidden={{}} label="Create the team" tone="primary">
          <div>
            <label htmlFor="team-name" className="block font-medium text-slate-900">
              Name
            </label>
            <input
              id="team-name"
              name="name"
              required
              maxLength={100}
              className="mt-1 w-72 rounded-md border border-slate-300 px-3 py-1.5"
            />
          </div>
        </StatusForm>
      </Section>
      <Section id="teams-heading" title="All teams">
        {teams.length === 0 ? (
          <EmptyState title="No teams yet">Create one above, or import a roster: teams it names are created.</EmptyState>
        ) : (
          <div
            className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm"
            role="region"
            aria-labelledby="teams-heading"
            tabIndex={0}
          >
            <table className="w-full min-w-[40rem] text-left text-sm">
              <caption className="sr-only">Teams, archived ones last</caption>
              <thead className="bg-slate-50 text-slate-700">
                <tr className="border-b border-slate-200">
                  <th scope="col" className="px-4 py-2.5 font-medium">
                    Team
                  </th>
                  <th scope="col" className="px-4 py-2.5 text-right font-medium">
                    Active members
                  </th>
                  <th scope="col" className="px-4 py-2.5 text-right font-medium">
                    Trainees
                  </th>
                  <th scope="col" className="px-4 py-2.5 font-medium">
                    Managers
                  </th>
                </tr>
              </thead>
              <tbody>
                {teams.map((t) => (
                  <tr key={t.id} className="border-b border-slate-100 last:border-0">
                    <th scope="row" className="px-4 py-2.5 font-medium">
                      <Link href={`/admin/teams/${t.id}`} className={linkStyle}>
                        {t.name}
                      </Link>
                      {t.archivedAt ? <span className="ml-2 text-xs font-normal text-slate-600">archived</span> : null}
                    </th>
                    <td className="px-4 py-2.5 text-right tabular-nums">{t.members}</td>
                    <td className="px-4 py-2.5 text-right tabular-nums">{t.trainees}</td>
                    <td className="px-4 py-2.5 text-slate-800">{t.managers.map((m) => m.name).join(", ") || "None"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Section>
    </>
  );
}
