"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { isAPIError } from "better-auth/api";
import { z } from "zod";
import { hashPassword } from "@/lib/auth/accounts.server";
import { auth, withResolvedIp } from "@/lib/auth/auth.server";
import { NameInput, PasswordInput } from "@/lib/auth/person-input.server";
import { homePath, type Role } from "@/lib/auth/roles";
import { acceptInvitation } from "@/lib/data/invitations/accept-invitation.server";
import { redeemSignInLink } from "@/lib/data/sign-in-links/redeem-sign-in-link.server";
import { db } from "@/lib/db/client.server";
import { AppError } from "@/lib/errors";

export interface WelcomeState {
  error?: string;
  name?: string;
}

const Token = z.string().max(100);

/**
 * Signs the new account in through Better Auth's own email sign-in (the same hooks and limiter as
 * the sign-in form; nextCookies() sets the cookie), then lands the person on their own work.
 */
async function signInAndLand(email: string, password: string, roles: Role[]): Promise<never> {
  try {
    await auth().api.signInEmail({ body: { email, password }, headers: withResolvedIp(await headers()) });
  } catch (err) {
    if (!isAPIError(err)) throw err;
    redirect("/sign-in");
  }
  redirect(homePath(roles));
}

function passwordProblem(form: FormData): { password: string } | { error: string } {
  const password = PasswordInput.safeParse(form.get("password"));
  if (!password.success) return { error: password.error.issues[0]!.message.replace(/^password: /, "Password: ") };
  if (form.get("confirm") !== password.data) return { error: "The two passwords are not the same: type it again in both." };
  return { password: password.data };
}

/** The invited person sets their name and password; the roles are the invitation's, whatever the form sends. */
export async function acceptInvite(_prev: WelcomeState, form: FormData): Promise<WelcomeState> {
  const token = Token.safeParse(form.get("token"));
  const rawName = form.get("name");
  const shownName = typeof rawName === "string" ? rawName.slice(0, 100) : "";
  const name = NameInput.safeParse(rawName);
  if (!token.success) return { error: "This invitation link is not valid." };
  if (!name.success) return { error: name.error.issues[0]!.message.replace(/^name: /, "Name: "), name: shownName };
  const checked = passwordProblem(form);
  if ("error" in checked) return { error: checked.error, name: shownName };
  let accepted;
  try {
    accepted = await acceptInvitation(db(), token.data, { name: name.data, passwordHash: await hashPassword(checked.password) });
  } catch (err) {
    if (err instanceof AppError) return { error: err.userMessage, name: shownName };
    throw err;
  }
  return signInAndLand(accepted.email, checked.password, accepted.roles);
}

/** The first administrator (or anyone given a one-time link) chooses a password and is signed in. */
export async function redeemLink(_prev: WelcomeState, form: FormData): Promise<WelcomeState> {
  const token = Token.safeParse(form.get("token"));
  if (!token.success) return { error: "This sign-in link is not valid." };
  const checked = passwordProblem(form);
  if ("error" in checked) return { error: checked.error };
  let used;
  try {
    used = await redeemSignInLink(db(), token.data, await hashPassword(checked.password));
  } catch (err) {
    if (err instanceof AppError) return { error: err.userMessage };
    throw err;
  }
  return signInAndLand(used.email, checked.password, used.roles);
}
