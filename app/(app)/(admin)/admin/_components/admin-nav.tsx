import Link from "@/app/_components/link";

const SECTIONS = [
  { href: "/admin/people", label: "People" },
  { href: "/admin/invitations", label: "Invitations" },
  { href: "/admin/teams", label: "Teams" },
  { href: "/admin/roster", label: "Import a roster" },
  { href: "/admin/audit", label: "Audit log" },
  { href: "/admin/sign-in", label: "Sign-in" },
] as const;

export type AdminSection = (typeof SECTIONS)[number]["href"];

/** The administrator's sections, the current one marked. */
export function AdminNav({ current }: { current: AdminSection }) {
  return (
    <nav aria-label="Administration" className="mb-6 border-b border-slate-200">
      <ul className="-mb-px flex flex-wrap gap-x-6 text-sm">
        {SECTIONS.map((s) => (
          <li key={s.href}>
            <Link
              href={s.href}
              aria-current={s.href === current ? "page" : undefined}
              className={`inline-block border-b-2 px-1 pb-2 ${
                s.href === current
                  ? "border-brand-700 font-medium text-brand-800"
                  : "border-transparent text-slate-700 hover:text-brand-700"
              }`}
            >
              {s.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
