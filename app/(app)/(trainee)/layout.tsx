import { requireUser } from "@/lib/auth/session.server";

/**
 * The practice pages (library, brief, call, debrief, my runs): every signed-in person, since
 * trainers and managers practise too. A signed-out visitor gets the sign-in page.
 * Each page and route handler still checks for itself (a layout does not re-run on every
 * navigation, and route handlers have no layout).
 */
export default async function TraineeLayout({ children }: { children: React.ReactNode }) {
  await requireUser();
  return children;
}
