import "server-only";
import type { SessionUser } from "./auth.server";

/**
 * Who may change the organisation's sign-in settings (require single sign-on): administrators.
 * The settings API asks here; the page (/admin/sign-in) is in the administrators' area.
 */
export function mayChangeSignInSettings(user: SessionUser): boolean {
  return user.roles.includes("admin");
}
