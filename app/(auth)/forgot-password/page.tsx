import type { Metadata } from "next";
import Link from "@/app/_components/link";
import { mailEnabled } from "@/lib/mail/mail.server";
import { ForgotPasswordForm } from "./forgot-password-form";
import { linkStyle } from "@/app/_components/ui";

export const metadata: Metadata = { title: "Forgot your password?" };
export const dynamic = "force-dynamic";

export default function ForgotPasswordPage() {
  const email = mailEnabled();
  return (
    <div className="mx-auto mt-8 max-w-md">
      <h1 className="text-2xl font-semibold tracking-tight text-slate-900">Forgot your password?</h1>
      <div className="mt-6 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        {email ? (
          <>
            <p className="mb-4 text-slate-700">
              Enter the email address you sign in with, and we will email you a link to choose a new password.
            </p>
            <ForgotPasswordForm />
          </>
        ) : (
          <p className="text-slate-800">
            Email is not set up on this server, so no reset link can be sent. Ask your admin: they can make you a link to choose a new
            password.
          </p>
        )}
      </div>
      <p className="mt-4 text-sm">
        <Link href="/sign-in" className={linkStyle}>
          Back to sign-in
        </Link>
      </p>
    </div>
  );
}
