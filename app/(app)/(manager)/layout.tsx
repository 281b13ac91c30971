import { requireUser } from "@/lib/auth/session.server";

/**
 * The manager pages: managers only. Anyone else gets a 404 and a signed-out visitor the sign-in page.
 * Each page and route handler still checks for itself (a layout does not re-run on every
 * navigation, and route handlers have no layout).
 */
export default async function ManagerLayout({ children }: { children: React.ReactNode }) {
  await requireUser(["manager"]);
  return children;
}
