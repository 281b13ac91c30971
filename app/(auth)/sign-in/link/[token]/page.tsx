import type { Metadata } from "next";
import Link from "@/app/_components/link";
import { findSignInLink } from "@/lib/data/sign-in-links/redeem-sign-in-link.server";
import { db } from "@/lib/db/client.server";
import { redeemLink } from "@/app/(auth)/invite/actions";
import { WelcomeForm } from "@/app/(auth)/invite/welcome-form";

export const metadata: Metadata = { title: "Sign in with a link", referrer: "no-referrer" };
export const dynamic = "force-dynamic";

/** A one-time sign-in link (npm run admin:create): its person chooses a password, once, and is signed in. */
export default async function SignInLinkPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const link = await findSignInLink(db(), token);
  return (
    <div className="mx-auto mt-8 max-w-md">
      <h1 className="text-2xl font-semibold tracking-tight text-slate-900">Welcome to Steady</h1>
      {link.ok ? (
        <>
          <p className="mt-2 text-slate-700">{link.name}, choose a password to sign in with from now on. This link works once.</p>
          <div className="mt-6 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
            <WelcomeForm
              action={redeemLink}
              token={token}
              email={link.email}
              defaultName={link.name}
              askName={false}
              button="Set password and sign in"
            />
          </div>
        </>
      ) : (
        <div className="mt-6 rounded-lg border border-amber-200 bg-amber-50 p-4 text-amber-950">
          <p role="alert">{link.problem}</p>
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
