"use server";

import { sentence } from "@/lib/errors";
import { headers } from "next/headers";
import { isAPIError } from "better-auth/api";
import { z } from "zod";
import { auth, withResolvedIp } from "@/lib/auth/auth.server";
import { EMAIL_MAX } from "@/lib/auth/input-limits.server";
import { mailEnabled } from "@/lib/mail/mail.server";

export interface ForgotPasswordState {
  error?: string;
  /** The request was taken: the page says the same whether or not the address has an account. */
  sent?: boolean;
  email?: string;
}

const Form = z.object({
  email: z.string().trim().max(EMAIL_MAX, "that email address is too long").email("enter your email address"),
});

/**
 * Asks for a reset email through `auth.api.requestPasswordReset`: the same endpoint, limits and
 * answer as `POST /api/auth/request-password-reset` (lib/auth/password-reset.server.ts).
 */
export async function requestPasswordReset(_prev: ForgotPasswordState, form: FormData): Promise<ForgotPasswordState> {
  const email = String(form.get("email") ?? "").slice(0, EMAIL_MAX);
  const parsed = Form.safeParse({ email: form.get("email") });
  if (!parsed.success) return { error: sentence(parsed.error.issues[0]!.message), email };
  if (!mailEnabled()) return { error: "Email is not set up here, so no link can be sent. Ask your admin for a reset link.", email };
  try {
    await auth().api.requestPasswordReset({ body: { email: parsed.data.email }, headers: withResolvedIp(await headers()) });
  } catch (err) {
    if (!isAPIError(err)) throw err;
    if (err.statusCode === 429) return { error: sentence(err.message), email };
    return { error: "That did not work; check the address and try again.", email };
  }
  return { sent: true, email: parsed.data.email };
}
