import type { Metadata } from "next";
import { roleList } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session.server";
import { INVITATION_DAYS } from "@/lib/data/invitations/invitation-rules.server";
import { listOpenInvitations } from "@/lib/data/invitations/list-open-invitations.server";
import { findOpenTeams } from "@/lib/data/teams/admin-teams.server";
import { db } from "@/lib/db/client.server";
import { requestLocale } from "@/lib/http/locale.server";
import { formatDay } from "@/lib/ui/dates";
import { EmptyState, PageHeader, Section } from "@/app/_components/ui";
import { withdrawInvitation } from "../actions";
import { AdminNav } from "../_components/admin-nav";
import { StatusForm } from "../_components/status-form";
import { InviteForm } from "./invite-form";
import { RenewLink } from "./renew-link";

export const metadata: Metadata = { title: "Invitations" };

export default async function InvitationsPage() {
  await requireUser(["admin"], "/admin/invitations");
  const locale = await requestLocale();
  const [teams, invitations] = await Promise.all([findOpenTeams(db()), listOpenInvitations(db())]);
  return (
    <>
      <AdminNav current="/admin/invitations" />
      <PageHeader title="Invitations">
        An invitation is a link, for one person, where they choose their name and password. It works once and expires after{" "}
        {INVITATION_DAYS} days. It gives the roles and teams you choose here, never more than you hold.
      </PageHeader>
      <Section id="invite-heading" title="Invite a person" className="mt-0">
        <InviteForm teams={teams} days={INVITATION_DAYS} />
      </Section>
      <Section
        id="open-heading"
        title="Open invitations"
        description="Not accepted yet. Links are not stored: “New link” makes another and the old one stops working."
      >
        {invitations.length === 0 ? (
          <EmptyState title="No open invitations">
            Invitations you create, or a roster import creates, wait here until they are accepted.
          </EmptyState>
        ) : (
          <div
            className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm"
            role="region"
            aria-labelledby="open-heading"
            tabIndex={0}
          >
            <table className="w-full min-w-[48rem] text-left text-sm">
              <caption className="sr-only">Open invitations, newest first</caption>
              <thead className="bg-slate-50 text-slate-700">
                <tr className="border-b border-slate-200">
                  <th scope="col" className="px-4 py-2.5 font-medium">
                    Email
                  </th>
                  <th scope="col" className="px-4 py-2.5 font-medium">
                    Roles and team
                  </th>
                  <th scope="col" className="px-4 py-2.5 font-medium">
                    Expires
                  </th>
                  <th scope="col" className="px-4 py-2.5 font-medium">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {invitations.map((i) => (
                  <tr key={i.id} className="border-b border-slate-100 align-top last:border-0">
                    <th scope="row" className="px-4 py-2.5 font-medium text-slate-900">
                      {i.email}
                      {i.name ? <span className="block font-normal text-slate-700">{i.name}</span> : null}
                    </th>
                    <td className="px-4 py-2.5 text-slate-800">
                      {roleList(i.roles)}
                      {i.team ? `; team ${i.team}` : ""}
                      {i.manages.length ? `; manages ${i.manages.join(", ")}` : ""}
                    </td>
                    <td className={`px-4 py-2.5 ${i.expired ? "font-medium text-rose-800" : "text-slate-800"}`}>
                      {i.expired ? "Expired " : ""}
                      {formatDay(i.expiresAt, locale)}
                    </td>
                    <td className="space-y-2 px-4 py-2.5">
                      <RenewLink invitationId={i.id} email={i.email} />
                      <StatusForm
                        action={withdrawInvitation}
                        hidden={{ invitationId: i.id }}
                        label={
                          <>
                            Withdraw<span className="sr-only"> the invitation of {i.email}</span>
                          </>
                        }
                        tone="danger"
                        question={`Withdraw the invitation of ${i.email}? Its link stops working.`}
                      />
                    </td>
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
