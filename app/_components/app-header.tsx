import Link from "next/link";
import type { ReactNode } from "react";

export function AppHeader({ children }: { children?: ReactNode }) {
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-4 px-6 py-4">
        <Link href="/" className="text-lg font-semibold tracking-tight text-brand-800">
          Steady
          <span className="ml-2 text-sm font-normal text-slate-600">de-escalation practice</span>
        </Link>
        {children}
      </div>
    </header>
  );
}

export function Main({ children }: { children: ReactNode }) {
  return (
    <main id="main" className="mx-auto max-w-6xl px-6 py-8">
      {children}
    </main>
  );
}
