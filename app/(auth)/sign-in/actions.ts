"use server";

import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { auth } from "@/lib/auth/auth.server";
import { accountAttemptsExceeded } from "@/lib/auth/account-limit.server";
import { db } from "@/lib/db/client.server";
import { env } from "@/lib/env.server";
import { safeNext } from "@/lib/http/safe-next";

export interface SignInState {
  error?: string;
  email?: string;
}

const SignInForm = z.object({
  email: z.string().trim().email("enter your email address"),
  password: z.string().min(1, "enter your password").max(200),
  next: z.string().optional(),
});

/**
 * Signs in through Better Auth's HTTP handler rather than `auth.api`, because only the
 * handler applies the sign-in rate limit; the session cookie it returns is copied over.
 */
export async function signIn(_prev: SignInState, form: FormData): Promise<SignInState> {
  const parsed = SignInForm.safeParse({ email: form.get("email"), password: form.get("password"), next: form.get("next") ?? undefined });
  const email = String(form.get("email") ?? "");
  if (!parsed.success) return { error: parsed.error.issues[0]!.message, email };

  const blocked = await accountAttemptsExceeded(db(), parsed.data.email);
  if (blocked) return { error: `Too many sign-in attempts for this account. Wait ${blocked} seconds and try again.`, email };

  const incoming = await headers();
  const proto = incoming.get("x-forwarded-proto") ?? "http";
  const host = incoming.get("host") ?? "localhost";
  const origin = `${proto}://${host}`;
  const forwarded = new Headers({ "content-type": "application/json", origin });
  const ipHeader = env().CLIENT_IP_HEADER.toLowerCase();
  const ip = incoming.get(ipHeader);
  if (ip) forwarded.set(ipHeader, ip);

  const response = await auth().handler(
    new Request(`${origin}/api/auth/sign-in/email`, {
      method: "POST",
      headers: forwarded,
      body: JSON.stringify({ email: parsed.data.email, password: parsed.data.password }),
    }),
  );
  if (response.status === 429) {
    const wait = Number(response.headers.get("x-retry-after") ?? 60);
    return { error: `Too many sign-in attempts. Wait ${wait} seconds and try again.`, email };
  }
  if (!response.ok) {
    return {
      error:
        response.status === 401
          ? "That email and password do not match an account. Check both and try again."
          : "Sign-in failed; try again.",
      email,
    };
  }

  const jar = await cookies();
  for (const header of response.headers.getSetCookie()) {
    const [pair, ...attributes] = header.split(";");
    const eq = pair!.indexOf("=");
    const options: Parameters<typeof jar.set>[2] = {};
    for (const attribute of attributes) {
      const [key, value] = attribute.trim().split("=");
      switch (key!.toLowerCase()) {
        case "max-age":
          options.maxAge = Number(value);
          break;
        case "path":
          options.path = value;
          break;
        case "httponly":
          options.httpOnly = true;
          break;
        case "secure":
          options.secure = true;
          break;
        case "samesite":
          options.sameSite = value!.toLowerCase() as "lax" | "strict" | "none";
          break;
      }
    }
    jar.set(pair!.slice(0, eq).trim(), decodeURIComponent(pair!.slice(eq + 1).trim()), options);
  }
  redirect(safeNext(parsed.data.next));
}

export async function signOut(): Promise<void> {
  await auth().api.signOut({ headers: await headers() });
  redirect("/sign-in");
}
