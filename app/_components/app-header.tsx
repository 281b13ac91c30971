import Link from "@/app/_components/link";
import type { ReactNode } from "react";

/**
 * The one header: the product's name (home) and, when signed in, the navigation. One line on a
 * phone as on a laptop: the navigation folds into a menu below 640 px (see app/(app)/layout.tsx).
 */
export function AppHeader({ children }: { children?: ReactNode }) {
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex h-14 max-w-6xl items-center justify-between gap-4 px-4 sm:px-6">
        <Link href="/" className="shrink-0 text-lg font-semibold tracking-tight text-brand-800">
          Steady
          <span className="ml-2 hidden text-sm font-normal text-slate-600 md:inline">de-escalation practice</span>
        </Link>
        {children}
      </div>
    </header>
  );
}

export function Main({ children }: { children: ReactNode }) {
  return (
    <main id="main" className="mx-auto max-w-6xl px-4 py-6 sm:px-6 sm:py-8">
      {children}
    </main>
  );
}
