import type { Metadata } from "next";
import Link from "@/app/_components/link";
import { ResetPasswordForm } from "./reset-password-form";
import { linkStyle } from "@/app/_components/ui";

// The token is in this page's URL: no page it links to is told it.
export const metadata: Metadata = { title: "Choose a new password", referrer: "no-referrer" };
export const dynamic = "force-dynamic";

/**
 * Where a reset link lands (lib/auth/password-reset.server.ts resetLink). The token is checked
 * when the form is sent, so this page says nothing about whether it is good.
 */
export default async function ResetPasswordPage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  const raw = (await searchParams).token;
  const token = typeof raw === "string" ? raw : "";
  return (
    <div className="mx-auto mt-8 max-w-md">
      <h1 className="text-2xl font-semibold tracking-tight text-slate-900">Choose a new password</h1>
      <div className="mt-6 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        {token ? (
          <>
            <p className="mb-4 text-slate-700">Setting it signs your account out everywhere; then sign in with the new password.</p>
            <ResetPasswordForm token={token} />
          </>
        ) : (
          <p className="text-slate-800">
            This page needs the link from a password reset email.{" "}
            <Link href="/forgot-password" className={linkStyle}>
              Ask for a reset link
            </Link>
          </p>
        )}
      </div>
    </div>
  );
}
