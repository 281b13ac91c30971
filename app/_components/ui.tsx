import type { ReactNode } from "react";

export { buttonStyles, linkStyle } from "./styles";

/** The small set of shared building blocks every page uses. */

export function PageHeader({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="mb-8">
      <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{title}</h1>
      {children ? <div className="mt-2 max-w-3xl text-slate-700">{children}</div> : null}
    </div>
  );
}

export function Card({
  children,
  as: Tag = "div",
  labelledBy,
}: {
  children: ReactNode;
  as?: "div" | "article" | "li";
  labelledBy?: string;
}) {
  return (
    <Tag aria-labelledby={labelledBy} className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
      {children}
    </Tag>
  );
}

const DIFFICULTY_STYLES = {
  easy: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  medium: "bg-amber-50 text-amber-900 ring-amber-200",
  hard: "bg-rose-50 text-rose-800 ring-rose-200",
} as const;

export function DifficultyBadge({ difficulty }: { difficulty: keyof typeof DIFFICULTY_STYLES }) {
  return (
    <span
      className={`inline-flex items-center rounded-full px-2.5 py-0.5 text-xs font-medium ring-1 ring-inset ${DIFFICULTY_STYLES[difficulty]}`}
    >
      <span className="sr-only">Difficulty: </span>
      {difficulty}
    </span>
  );
}

export function EmptyState({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center">
      <h2 className="font-medium text-slate-900">{title}</h2>
      <div className="mt-2 text-sm text-slate-700">{children}</div>
    </div>
  );
}

/** A titled section of a page: an h2 and its content, labelled by the heading. */
export function Section({
  id,
  title,
  children,
  description,
  className = "mt-10",
}: {
  id: string;
  title: string;
  children: ReactNode;
  description?: ReactNode;
  className?: string;
}) {
  return (
    <section aria-labelledby={id} className={className}>
      <h2 id={id} className="text-lg font-semibold text-slate-900">
        {title}
      </h2>
      {description ? <div className="mt-1 text-sm text-slate-700">{description}</div> : null}
      <div className="mt-4">{children}</div>
    </section>
  );
}
