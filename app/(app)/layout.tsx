import { requireUser } from "@/lib/auth/session.server";
import { hasRole, libraryPath, roleList } from "@/lib/auth/roles";
import { signOut } from "@/app/(auth)/sign-in/actions";
import { AppHeader, Main } from "@/app/_components/app-header";
import { MainNav, type NavItem } from "@/app/_components/main-nav";

export const dynamic = "force-dynamic";

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUser();
  // One link per part of the app the person's roles open: how a person with several roles switches.
  const items: NavItem[] = [
    { href: libraryPath(user.roles), label: "Library", icon: "library" },
    { href: "/my-runs", label: "My runs", icon: "runs" },
    ...(hasRole(user, "manager") ? [{ href: "/manager", label: "Team", icon: "team" } as const] : []),
    ...(hasRole(user, "trainer") ? [{ href: "/trainer/scenarios", label: "Scenarios", icon: "scenarios" } as const] : []),
    ...(hasRole(user, "admin") ? [{ href: "/admin/people", label: "People", icon: "people" } as const] : []),
  ];
  return (
    <>
      <AppHeader>
        <MainNav items={items} who={`${user.name} · ${roleList(user.roles) || "No role"}`} signOut={signOut} />
      </AppHeader>
      <Main>{children}</Main>
    </>
  );
}
