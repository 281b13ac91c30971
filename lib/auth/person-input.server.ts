import "server-only";
import { z } from "zod";
import { EMAIL_MAX, NAME_MAX, PASSWORD_MAX } from "./input-limits.server";

/**
 * The checked shape of what an administrator or an invited person types about a person: the
 * same limits as Better Auth's endpoints (lib/auth/input-limits.server.ts).
 */
export const EmailInput = z
  .string("email: text")
  .trim()
  .max(EMAIL_MAX, `email: at most ${EMAIL_MAX} characters`)
  .pipe(z.email("email: not an email address"))
  .transform((e) => e.toLowerCase());

export const NameInput = z
  .string("name: text")
  .trim()
  .min(1, "name: must not be empty")
  .max(NAME_MAX, `name: at most ${NAME_MAX} characters`)
  .refine((n) => !/[\u0000-\u001f\u007f]/.test(n), "name: no control characters");

/** A name that may be left out (an invitation's suggested name). */
export const OptionalNameInput = z
  .string("name: text")
  .trim()
  .max(NAME_MAX, `name: at most ${NAME_MAX} characters`)
  .refine((n) => !/[\u0000-\u001f\u007f]/.test(n), "name: no control characters");

export const PASSWORD_MIN = 8;
export const PasswordInput = z
  .string("password: text")
  .min(PASSWORD_MIN, `password: at least ${PASSWORD_MIN} characters`)
  .max(PASSWORD_MAX, `password: at most ${PASSWORD_MAX} characters`);

export const TEAM_NAME_MAX = 100;
export const TeamNameInput = z
  .string("team name: text")
  .trim()
  .min(1, "team name: must not be empty")
  .max(TEAM_NAME_MAX, `team name: at most ${TEAM_NAME_MAX} characters`)
  .refine((n) => !/[\u0000-\u001f\u007f]/.test(n), "team name: no control characters");

/** A search box's text. */
export const SEARCH_MAX = 100;
