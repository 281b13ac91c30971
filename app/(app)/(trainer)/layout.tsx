import { requireUser } from "@/lib/auth/session.server";

/**
 * The trainer pages: trainers only. Anyone else gets a 404 and a signed-out visitor the sign-in page.
 * Each page and route handler still checks for itself (a layout does not re-run on every
 * navigation, and route handlers have no layout).
 */
export default async function TrainerLayout({ children }: { children: React.ReactNode }) {
  await requireUser(["trainer"]);
  return children;
}
