import Link from "@/app/_components/link";
import { linkStyle } from "@/app/_components/ui";

/** Previous / next page links that keep the rest of the query. */
export function Pager({ page, pages, hrefFor, label }: { page: number; pages: number; hrefFor: (page: number) => string; label: string }) {
  if (pages <= 1) return null;
  return (
    <nav aria-label={label} className="mt-4 flex items-center gap-4 text-sm">
      {page > 1 ? (
        <Link href={hrefFor(page - 1)} className={linkStyle}>
          ← Previous page
        </Link>
      ) : null}
      <span className="text-slate-700">
        Page {page} of {pages}
      </span>
      {page < pages ? (
        <Link href={hrefFor(page + 1)} className={linkStyle}>
          Next page →
        </Link>
      ) : null}
    </nav>
  );
}
