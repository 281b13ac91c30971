import "server-only";
import type { SessionUser } from "./auth.server";

/**
 * Who may change the organisation's sign-in settings (require single sign-on). The one place
 * that decides it: the settings page and its API both ask here. Managers until people can hold
 * the `admin` role (issue 13); then admins only.
 */
export function mayChangeSignInSettings(user: SessionUser): boolean {
  return user.role === "manager";
}
