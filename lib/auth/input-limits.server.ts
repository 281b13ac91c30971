import "server-only";
import type { BetterAuthPlugin } from "better-auth";
import { APIError, createAuthMiddleware } from "better-auth/api";
import { z } from "zod";

/** The largest request body Better Auth's routes accept (app/api/auth/[...all]/route.ts). */
export const AUTH_BODY_LIMIT_BYTES = 16 * 1024;

export const NAME_MAX = 100;
export const IMAGE_URL_MAX = 2048;
export const EMAIL_MAX = 254;
/** Better Auth's own maximum for a new password; a longer one cannot be right. */
export const PASSWORD_MAX = 128;
/** Reset tokens are 24–32 characters; a longer one cannot be right. */
export const RESET_TOKEN_MAX = 200;

const httpUrl = z
  .string()
  .max(IMAGE_URL_MAX, `image: at most ${IMAGE_URL_MAX} characters`)
  .refine((v) => URL.canParse(v) && /^https?:$/.test(new URL(v).protocol), "image: an http(s) URL, or null to remove it");

/**
 * What a user may send to Better Auth's endpoints that write or check their fields, with a size
 * and a type for each: Better Auth itself passes `name` and `image` on to the database as given
 * (a 20 MB name was stored; an object gave a 500). Role, team and email are not writable here.
 */
const BODIES: Record<string, z.ZodType> = {
  "/update-user": z.strictObject(
    {
      name: z
        .string(`name: text, at most ${NAME_MAX} characters`)
        .trim()
        .min(1, "name: must not be empty")
        .max(NAME_MAX, `name: at most ${NAME_MAX} characters`)
        .optional(),
      image: z.union([httpUrl, z.null()], "image: an http(s) URL, or null to remove it").optional(),
    },
    { error: (issue) => (issue.code === "unrecognized_keys" ? "only name and image can be changed here" : undefined) },
  ),
  "/sign-in/email": z.object({
    email: z.string("email: text").max(EMAIL_MAX, `email: at most ${EMAIL_MAX} characters`),
    password: z.string("password: text").max(PASSWORD_MAX, `password: at most ${PASSWORD_MAX} characters`),
    callbackURL: z.string("callbackURL: text").max(IMAGE_URL_MAX).optional(),
    rememberMe: z.boolean("rememberMe: true or false").optional(),
  }),
  "/request-password-reset": z.object({
    email: z.string("email: text").max(EMAIL_MAX, `email: at most ${EMAIL_MAX} characters`),
    redirectTo: z.string("redirectTo: text").max(IMAGE_URL_MAX).optional(),
  }),
  "/reset-password": z.object({
    newPassword: z.string("newPassword: text").max(PASSWORD_MAX, `newPassword: at most ${PASSWORD_MAX} characters`),
    token: z.string("token: text").max(RESET_TOKEN_MAX, `token: at most ${RESET_TOKEN_MAX} characters`).optional(),
  }),
  "/change-password": z.object({
    currentPassword: z.string("currentPassword: text").max(PASSWORD_MAX, `currentPassword: at most ${PASSWORD_MAX} characters`),
    newPassword: z.string("newPassword: text").max(PASSWORD_MAX, `newPassword: at most ${PASSWORD_MAX} characters`),
    revokeOtherSessions: z.boolean("revokeOtherSessions: true or false").optional(),
  }),
};

/** A 400 with the first problem in words, before Better Auth's endpoint runs. */
export function inputLimits(): BetterAuthPlugin {
  return {
    id: "steady-input-limits",
    hooks: {
      before: [
        {
          matcher: (ctx) => ctx.path !== undefined && ctx.path in BODIES,
          handler: createAuthMiddleware(async (ctx) => {
            const schema = BODIES[ctx.path]!;
            const body: unknown = ctx.body ?? {};
            if (typeof body !== "object" || body === null || Array.isArray(body)) {
              throw new APIError("BAD_REQUEST", { code: "INVALID_INPUT", message: "send a JSON object" });
            }
            const parsed = schema.safeParse(body);
            if (!parsed.success) {
              const issue = parsed.error.issues[0]!;
              const message = issue.code === "unrecognized_keys" ? `${issue.keys.join(", ")}: ${issue.message}` : issue.message;
              throw new APIError("BAD_REQUEST", { code: "INVALID_INPUT", message });
            }
            // The trimmed name is what gets stored.
            if (ctx.path === "/update-user") return { context: { body: parsed.data } };
          }),
        },
      ],
    },
  };
}
