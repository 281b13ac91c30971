"use client";

import Link from "@/app/_components/link";
import { usePathname } from "next/navigation";
import { useEffect, useRef } from "react";
import { BookOpen, FileText, History, LogOut, Menu, UserCog, Users, type LucideIcon } from "lucide-react";
import { buttonStyles } from "@/app/_components/styles";

export interface NavItem {
  href: string;
  label: string;
  icon: "library" | "runs" | "team" | "scenarios" | "people";
}

const ICONS: Record<NavItem["icon"], LucideIcon> = {
  library: BookOpen,
  runs: History,
  team: Users,
  scenarios: FileText,
  people: UserCog,
};

/** Whether `href` is the part of the app the page at `pathname` belongs to. */
export function isCurrent(link: string, pathname: string): boolean {
  const href = link.split("?")[0]!;
  if (href === "/") return pathname === "/" || pathname.startsWith("/scenarios/") || pathname.startsWith("/runs/");
  return pathname === href || pathname.startsWith(`${href}/`) || (href === "/admin/people" && pathname.startsWith("/admin/"));
}

function Links({ items, vertical }: { items: NavItem[]; vertical: boolean }) {
  const pathname = usePathname();
  return (
    <>
      {items.map((item) => {
        const Icon = ICONS[item.icon];
        const current = isCurrent(item.href, pathname);
        return (
          <Link
            key={item.href}
            href={item.href}
            aria-current={current ? "page" : undefined}
            className={`inline-flex items-center gap-1.5 rounded-md px-2 py-1.5 hover:bg-slate-100 hover:text-brand-800 ${
              current ? "font-semibold text-brand-800" : "text-slate-800"
            } ${vertical ? "w-full px-3 py-2.5" : ""}`}
          >
            <Icon aria-hidden="true" className="size-4 shrink-0" />
            {item.label}
          </Link>
        );
      })}
    </>
  );
}

function SignOut({ action, vertical }: { action: () => Promise<void>; vertical: boolean }) {
  return (
    <form action={action} className={vertical ? "border-t border-slate-200 p-2" : ""}>
      <button type="submit" className={`${buttonStyles.small} ${vertical ? "w-full py-2" : ""}`}>
        <LogOut aria-hidden="true" className="size-4" />
        Sign out
      </button>
    </form>
  );
}

/**
 * The signed-in navigation: inline from 640 px up; below, a "Menu" disclosure (a native
 * <details>, so it works before the script loads) that closes again after each navigation.
 */
export function MainNav({ items, who, signOut }: { items: NavItem[]; who: string; signOut: () => Promise<void> }) {
  const pathname = usePathname();
  const menu = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    if (menu.current) menu.current.open = false;
  }, [pathname]);
  return (
    <>
      <nav aria-label="Main" className="hidden items-center gap-x-1 text-sm sm:flex">
        <Links items={items} vertical={false} />
        <span className="sr-only text-slate-600 lg:not-sr-only lg:mx-2">{who}</span>
        <SignOut action={signOut} vertical={false} />
      </nav>
      <details ref={menu} className="relative sm:hidden">
        <summary className={`${buttonStyles.small} cursor-pointer list-none [&::-webkit-details-marker]:hidden`}>
          <Menu aria-hidden="true" className="size-4" />
          Menu
        </summary>
        <nav
          aria-label="Main"
          className="absolute right-0 z-40 mt-2 w-64 overflow-hidden rounded-lg border border-slate-200 bg-white text-sm shadow-lg"
        >
          <p className="border-b border-slate-200 px-3 py-2 text-slate-600">{who}</p>
          <div className="p-1">
            <Links items={items} vertical />
          </div>
          <SignOut action={signOut} vertical />
        </nav>
      </details>
    </>
  );
}
