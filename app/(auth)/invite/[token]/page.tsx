import type { Metadata } from "next";
import Link from "@/app/_components/link";
import { roleList } from "@/lib/auth/roles";
import { findInvitation } from "@/lib/data/invitations/find-invitation.server";
import { db } from "@/lib/db/client.server";
import { requestLocale } from "@/lib/http/locale.server";
import { formatDay } from "@/lib/ui/dates";
import { acceptInvite } from "../actions";
import { WelcomeForm } from "../welcome-form";

export const metadata: Metadata = { title: "Your invitation", referrer: "no-referrer" };
export const dynamic = "force-dynamic";

/** Where an invited person sets their name and password (signed in or not: the link is theirs). */
export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const invitation = await findInvitation(db(), token);
  return (
    <div className="mx-auto mt-8 max-w-md">
      <h1 className="text-2xl font-semibold tracking-tight text-slate-900">Join Steady</h1>
      {invitation.ok ? (
        <>
          <p className="mt-2 text-slate-700">
            You are invited as {roleList(invitation.roles).toLowerCase()}
            {invitation.teamName ? ` in ${invitation.teamName}` : ""}. Choose your name and a password; this link works once, until{" "}
            {formatDay(invitation.expiresAt, await requestLocale())}.
          </p>
          <div className="mt-6 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
            <WelcomeForm
              action={acceptInvite}
              token={token}
              email={invitation.email}
              defaultName={invitation.name}
              askName
              button="Join and sign in"
            />
          </div>
        </>
      ) : (
        <div className="mt-6 rounded-lg border border-amber-200 bg-amber-50 p-4 text-amber-950">
          <p role="alert">{invitation.problem}</p>
          <p className="mt-2">
            <Link href="/sign-in" className="font-medium underline">
              Go to sign-in
            </Link>
          </p>
        </div>
      )}
    </div>
  );
}
