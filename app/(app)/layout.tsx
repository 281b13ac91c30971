import Link from "next/link";
import { requireUser } from "@/lib/auth/session.server";
import { signOut } from "@/app/(auth)/sign-in/actions";
import { AppHeader, Main } from "@/app/_components/app-header";

export const dynamic = "force-dynamic";

const ROLE_LABEL = { trainee: "Trainee", trainer: "Trainer", manager: "Manager" } as const;

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUser();
  return (
    <>
      <AppHeader>
        <nav aria-label="Main" className="flex flex-wrap items-center gap-x-5 gap-y-2 text-sm">
          <Link href="/" className="text-slate-800 hover:text-brand-700">
            Library
          </Link>
          <Link href="/my-runs" className="text-slate-800 hover:text-brand-700">
            My runs
          </Link>
          {user.role === "manager" ? (
            <Link href="/manager" className="text-slate-800 hover:text-brand-700">
              Team
            </Link>
          ) : null}
          {user.role === "trainer" ? (
            <Link href="/trainer/scenarios" className="text-slate-800 hover:text-brand-700">
              Scenarios
            </Link>
          ) : null}
          <span className="text-slate-600">
            {user.name} · {ROLE_LABEL[user.role]}
          </span>
          <form action={signOut}>
            <button type="submit" className="rounded border border-slate-300 px-2.5 py-1 text-slate-800 hover:bg-slate-100">
              Sign out
            </button>
          </form>
        </nav>
      </AppHeader>
      <Main>{children}</Main>
    </>
  );
}
