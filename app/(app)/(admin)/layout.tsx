import { requireUser } from "@/lib/auth/session.server";

/**
 * The administrator's pages: admins only. Anyone else gets a 404 and a signed-out visitor the
 * sign-in page. Each page, server action and route handler still checks for itself (a layout does
 * not re-run on every navigation, and route handlers have no layout).
 */
export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  await requireUser(["admin"]);
  return children;
}
