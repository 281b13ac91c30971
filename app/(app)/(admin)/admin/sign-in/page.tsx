import type { Metadata } from "next";
import { ssoConfig } from "@/lib/auth/auth.server";
import { requireUser } from "@/lib/auth/session.server";
import { SSO_CALLBACK_PATH } from "@/lib/auth/sso-config.server";
import { getSsoRequired } from "@/lib/data/organisation-settings/get-sso-required.server";
import { db } from "@/lib/db/client.server";
import { PageHeader } from "@/app/_components/ui";
import { SsoRequirementForm } from "@/app/_components/sso-requirement-form";
import { AdminNav } from "../_components/admin-nav";

export const metadata: Metadata = { title: "Sign-in settings" };

/** The organisation's sign-in settings: whether single sign-on is required (decision D63). */
export default async function SignInSettingsPage() {
  await requireUser(["admin"], "/admin/sign-in");
  const sso = ssoConfig();
  const requirement = await getSsoRequired(db());
  return (
    <>
      <AdminNav current="/admin/sign-in" />
      <PageHeader title="Sign-in settings">
        {sso ? (
          <>
            Single sign-on with {sso.displayName} ({sso.issuer}) is open to {sso.allowedDomains.join(", ")}. Callback URL registered at the
            provider: <code>{SSO_CALLBACK_PATH}</code> under this site&apos;s address.
          </>
        ) : (
          "People sign in with their email and password."
        )}
      </PageHeader>
      <section aria-labelledby="require-sso" className="max-w-2xl rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
        <h2 id="require-sso" className="mb-3 text-lg font-medium text-slate-900">
          Require single sign-on
        </h2>
        <SsoRequirementForm
          initial={{
            ssoConfigured: sso !== null,
            providerName: sso?.displayName ?? null,
            ssoRequired: requirement.required,
            breakGlassEmails: sso?.breakGlassEmails ?? [],
          }}
        />
      </section>
    </>
  );
}
