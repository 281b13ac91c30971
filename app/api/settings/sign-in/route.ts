import { z } from "zod";
import { ssoConfig, type SessionUser } from "@/lib/auth/auth.server";
import { requireApiUser } from "@/lib/auth/session.server";
import { mayChangeSignInSettings } from "@/lib/auth/sign-in-settings.server";
import { SSO_PROVIDER_ID } from "@/lib/auth/sso-config.server";
import { getSsoRequired } from "@/lib/data/organisation-settings/get-sso-required.server";
import { setSsoRequired } from "@/lib/data/organisation-settings/set-sso-required.server";
import { hasSsoIdentity } from "@/lib/data/users/has-sso-identity.server";
import { db } from "@/lib/db/client.server";
import { AppError } from "@/lib/errors";
import { jsonRoute, methodNotAllowed, readJson } from "@/lib/http/route.server";

const Body = z.strictObject({ ssoRequired: z.boolean("ssoRequired: true or false") });

async function requireSettingsAdmin(request: Request): Promise<SessionUser> {
  const user = await requireApiUser(request);
  if (!mayChangeSignInSettings(user)) throw new AppError("forbidden", "only an administrator can change how people sign in");
  return user;
}

async function settings() {
  const sso = ssoConfig();
  const requirement = await getSsoRequired(db());
  return {
    ssoConfigured: sso !== null,
    providerName: sso?.displayName ?? null,
    ssoRequired: requirement.required,
    // Password sign-in is refused only while single sign-on is configured (D63).
    enforced: sso !== null && requirement.required,
    breakGlassEmails: sso?.breakGlassEmails ?? [],
    updatedAt: requirement.updatedAt?.toISOString() ?? null,
  };
}

/** The organisation's sign-in settings. */
export const GET = jsonRoute(async (request) => {
  await requireSettingsAdmin(request);
  return Response.json(await settings());
});

/**
 * Requires single sign-on, or stops requiring it. Turning it on needs SSO configured on the
 * server, and the admin to be able to sign in again themselves: through SSO (they have signed in
 * with it once) or as a break-glass address.
 */
export const PUT = jsonRoute(async (request) => {
  const user = await requireSettingsAdmin(request);
  const { ssoRequired } = await readJson(request, Body);
  const sso = ssoConfig();
  if (ssoRequired && !sso) {
    throw new AppError("conflict", "single sign-on is not configured on this server (OIDC_ISSUER and the rest), so it cannot be required");
  }
  if (
    ssoRequired &&
    sso &&
    !sso.breakGlassEmails.includes(user.email.toLowerCase()) &&
    !(await hasSsoIdentity(db(), user.id, SSO_PROVIDER_ID))
  ) {
    throw new AppError(
      "conflict",
      `sign in once with ${sso.displayName} yourself first (or be a break-glass address), so requiring it does not lock you out`,
    );
  }
  await setSsoRequired(db(), ssoRequired, user.id);
  // Audit log (issue 13): record "sign-in.sso-required" set to `ssoRequired` by `user.id` here.
  return Response.json(await settings());
});

export const POST = methodNotAllowed("GET, PUT");
export const PATCH = methodNotAllowed("GET, PUT");
export const DELETE = methodNotAllowed("GET, PUT");
