"use server";

import { sentence } from "@/lib/errors";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { isAPIError } from "better-auth/api";
import { z } from "zod";
import { auth, withResolvedIp } from "@/lib/auth/auth.server";
import { PASSWORD_MAX, RESET_TOKEN_MAX } from "@/lib/auth/input-limits.server";

export interface ResetPasswordState {
  error?: string;
  /** The link cannot be used (expired, used, or not a link we made): ask for a new one. */
  badLink?: boolean;
}

const Form = z
  .object({
    token: z.string().min(1).max(RESET_TOKEN_MAX),
    password: z.string().min(8, "choose a password of at least 8 characters").max(PASSWORD_MAX, `use at most ${PASSWORD_MAX} characters`),
    confirm: z.string(),
  })
  .refine((f) => f.password === f.confirm, { message: "the two passwords are not the same; type the new one twice", path: ["confirm"] });

/**
 * Sets the new password with `auth.api.resetPassword`: the token is spent (once only), every
 * session of the account ends, and the person signs in again with the new password.
 */
export async function resetPassword(_prev: ResetPasswordState, form: FormData): Promise<ResetPasswordState> {
  const parsed = Form.safeParse({
    token: form.get("token") ?? "",
    password: form.get("password") ?? "",
    confirm: form.get("confirm") ?? "",
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return issue.path[0] === "token"
      ? { error: "This link is not complete; open the link from the email again.", badLink: true }
      : { error: sentence(issue.message) };
  }
  try {
    await auth().api.resetPassword({
      body: { token: parsed.data.token, newPassword: parsed.data.password },
      headers: withResolvedIp(await headers()),
    });
  } catch (err) {
    if (!isAPIError(err)) throw err;
    if (err.statusCode === 403) return { error: sentence(err.message) };
    const code = (err.body as { code?: string } | undefined)?.code;
    if (code === "INVALID_TOKEN" || code === "USER_NOT_FOUND") {
      return { error: "This link has expired or was already used. Ask for a new one.", badLink: true };
    }
    if (code === "PASSWORD_TOO_SHORT") return { error: "Choose a password of at least 8 characters." };
    return { error: "The password was not changed; try again." };
  }
  redirect("/sign-in?reset=done");
}
