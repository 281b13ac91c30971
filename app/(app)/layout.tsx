import Link from "next/link";
import { requireUser } from "@/lib/auth/session.server";
import { hasRole, libraryPath, roleList } from "@/lib/auth/roles";
import { signOut } from "@/app/(auth)/sign-in/actions";
import { AppHeader, Main } from "@/app/_components/app-header";

export const dynamic = "force-dynamic";

const linkStyle = "text-slate-800 hover:text-brand-700";

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUser();
  // One link per part of the app the person's roles open: how a person with several roles switches.
  return (
    <>
      <AppHeader>
        <nav aria-label="Main" className="flex flex-wrap items-center gap-x-5 gap-y-2 text-sm">
          <Link href={libraryPath(user.roles)} className={linkStyle}>
            Library
          </Link>
          <Link href="/my-runs" className={linkStyle}>
            My runs
          </Link>
          {hasRole(user, "manager") ? (
            <Link href="/manager" className={linkStyle}>
              Team
            </Link>
          ) : null}
          {hasRole(user, "trainer") ? (
            <Link href="/trainer/scenarios" className={linkStyle}>
              Scenarios
            </Link>
          ) : null}
          {hasRole(user, "admin") ? (
            <Link href="/admin/people" className={linkStyle}>
              People
            </Link>
          ) : null}
          <span className="text-slate-600">
            {user.name} · {roleList(user.roles) || "No role"}
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
