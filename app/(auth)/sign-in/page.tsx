import type { Metadata } from "next";
import Link from "@/app/_components/link";
import { FlashMessage } from "@/app/_components/flash-message";
import { redirect } from "next/navigation";
import { homePath } from "@/lib/auth/roles";
import { ssoConfig } from "@/lib/auth/auth.server";
import { getSessionUser } from "@/lib/auth/session.server";
import { ssoErrorMessage } from "@/lib/auth/sso.server";
import { getSsoRequired } from "@/lib/data/organisation-settings/get-sso-required.server";
import { db } from "@/lib/db/client.server";
import { DEMO_ACCOUNTS } from "@/lib/seed/seed.server";
import { env } from "@/lib/env.server";
import { buttonStyles, linkStyle } from "@/app/_components/ui";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

type Search = { next?: string | string[]; error?: string | string[]; reset?: string | string[] };
const one = (value: string | string[] | undefined) => (typeof value === "string" ? value : undefined);

export default async function SignInPage({ searchParams }: { searchParams: Promise<Search> }) {
  const signedIn = await getSessionUser();
  if (signedIn) redirect(homePath(signedIn.roles));
  const search = await searchParams;
  const next = one(search.next);
  const demo = env().DEMO_MODE;
  const sso = ssoConfig();
  const ssoRequired = sso ? (await getSsoRequired(db())).required : false;
  // Set by single sign-on coming back (Better Auth's ?error=<code>); shown in our own words.
  const ssoError = ssoErrorMessage(one(search.error));
  return (
    <div className="mx-auto mt-8 max-w-md">
      <h1 className="text-2xl font-semibold tracking-tight text-slate-900">Sign in to Steady</h1>
      <p className="mt-2 text-slate-700">Practise difficult calls and see exactly how each choice scored.</p>
      {search.reset === "done" ? (
        <div className="mt-6">
          <FlashMessage>Your password is changed, and every device is signed out. Sign in with the new password.</FlashMessage>
        </div>
      ) : null}
      <div className="mt-6 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        {ssoError ? (
          <p id="sso-error" role="alert" className="mb-4 rounded-md border border-rose-200 bg-rose-50 p-3 text-sm text-rose-900">
            {ssoError}
          </p>
        ) : null}
        {sso ? (
          <>
            {/* A link, not a form: the provider's page is another site (lib/auth/sso.server.ts). */}
            <a href={next ? `/sign-in/sso?next=${encodeURIComponent(next)}` : "/sign-in/sso"} className={`${buttonStyles.primary} w-full`}>
              Sign in with {sso.displayName}
            </a>
            <p className="my-4 text-center text-sm text-slate-600">
              {ssoRequired
                ? `Your organisation signs in with ${sso.displayName}. Passwords work only for break-glass accounts.`
                : "or with your email and password"}
            </p>
          </>
        ) : null}
        <SignInForm next={next} />
        <p className="mt-4 text-sm">
          <Link href="/forgot-password" className={linkStyle}>
            Forgot your password?
          </Link>
        </p>
      </div>
      {demo ? (
        <section aria-labelledby="demo-heading" className="mt-6 rounded-lg border border-amber-200 bg-amber-50 p-4 text-sm text-amber-950">
          <h2 id="demo-heading" className="font-medium">
            Demo accounts
          </h2>
          <p className="mt-1">Demo mode is on. Sign in with one of these:</p>
          <table className="mt-2 w-full text-left">
            <thead>
              <tr>
                <th scope="col" className="py-1 font-medium">
                  Role
                </th>
                <th scope="col" className="py-1 font-medium">
                  Email
                </th>
                <th scope="col" className="py-1 font-medium">
                  Password
                </th>
              </tr>
            </thead>
            <tbody>
              {DEMO_ACCOUNTS.map((a) => (
                <tr key={a.email}>
                  <td className="py-1">{a.label}</td>
                  <td className="py-1 font-mono">{a.email}</td>
                  <td className="py-1 font-mono">{a.password}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
    </div>
  );
}
