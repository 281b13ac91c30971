"use server";

import { sentence } from "@/lib/errors";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { isAPIError } from "better-auth/api";
import { z } from "zod";
import { auth, withResolvedIp } from "@/lib/auth/auth.server";
import { EMAIL_MAX, PASSWORD_MAX } from "@/lib/auth/input-limits.server";
import { homePath } from "@/lib/auth/roles";
import { findUserRoles } from "@/lib/data/people/find-user-roles.server";
import { db } from "@/lib/db/client.server";
import { safeNext } from "@/lib/http/safe-next";

export interface SignInState {
  error?: string;
  email?: string;
}

const SignInForm = z.object({
  email: z.string().trim().max(EMAIL_MAX, "that email address is too long").email("enter your email address"),
  password: z.string().min(1, "enter your password").max(PASSWORD_MAX, "that password is too long"),
  next: z.string().max(2048, "that return address is too long").optional(),
});

/**
 * Signs in with `auth.api.signInEmail`: the same endpoint, hooks and limiter as
 * `POST /api/auth/sign-in/email` (lib/auth/sign-in-guard.server.ts); nextCookies() sets the
 * session cookie on this response.
 */
export async function signIn(_prev: SignInState, form: FormData): Promise<SignInState> {
  const parsed = SignInForm.safeParse({ email: form.get("email"), password: form.get("password"), next: form.get("next") ?? undefined });
  const email = String(form.get("email") ?? "").slice(0, EMAIL_MAX);
  if (!parsed.success) return { error: sentence(parsed.error.issues[0]!.message), email };

  let userId: string;
  try {
    const result = await auth().api.signInEmail({
      body: { email: parsed.data.email, password: parsed.data.password },
      headers: withResolvedIp(await headers()),
    });
    userId = result.user.id;
  } catch (err) {
    if (!isAPIError(err)) throw err;
    if (err.statusCode === 401) return { error: "That email and password do not match an account. Check both and try again.", email };
    // 429 (locked, or too many failures from this network) and 403 (account turned off) say what to do.
    if (err.statusCode === 429 || err.statusCode === 403) return { error: sentence(err.message), email };
    return { error: "Sign-in failed; try again.", email };
  }
  // The page asked for, else the person's own work (trainees their library, managers their team…).
  redirect(parsed.data.next ? safeNext(parsed.data.next) : homePath(await findUserRoles(db(), userId)));
}

export async function signOut(): Promise<void> {
  await auth().api.signOut({ headers: await headers() });
  redirect("/sign-in");
}
