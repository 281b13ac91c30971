import type { Metadata } from "next";
import Link from "@/app/_components/link";
import { isRole, ROLE_LABEL, ROLES, roleList } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session.server";
import { listPeople } from "@/lib/data/people/list-people.server";
import { db } from "@/lib/db/client.server";
import { plural } from "@/lib/ui/format";
import { buttonStyles, EmptyState, linkStyle, PageHeader } from "@/app/_components/ui";
import { AdminNav } from "../_components/admin-nav";
import { Pager } from "../_components/pager";
import { pageParam, param } from "../_components/search-params";
import { StatusBadge } from "../_components/status-badge";

export const metadata: Metadata = { title: "People" };

const STATUSES = { all: "Everyone", active: "Active", off: "Turned off" } as const;

export default async function PeoplePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireUser(["admin"], "/admin/people");
  const search = await searchParams;
  const q = param(search.q) ?? "";
  const roleParam = param(search.role);
  const role = isRole(roleParam) ? roleParam : undefined;
  const statusParam = param(search.status);
  const status = statusParam === "active" || statusParam === "off" ? statusParam : "all";
  const { rows, total, page, pages } = await listPeople(db(), { q, role, status, page: pageParam(search.page) });
  const hrefFor = (p: number) => {
    const query = new URLSearchParams();
    if (q) query.set("q", q);
    if (role) query.set("role", role);
    if (status !== "all") query.set("status", status);
    if (p > 1) query.set("page", String(p));
    const text = query.toString();
    return `/admin/people${text ? `?${text}` : ""}`;
  };

  return (
    <>
      <AdminNav current="/admin/people" />
      <PageHeader title="People">
        Everyone who can sign in, or could. Open a person to change their roles or team, turn them off or on, export their data or erase
        them.
      </PageHeader>
      <div className="mb-6 flex flex-wrap items-end justify-between gap-4">
        <form role="search" aria-label="People" className="flex flex-wrap items-end gap-3 text-sm">
          <div>
            <label htmlFor="q" className="block font-medium text-slate-900">
              Name or email
            </label>
            <input
              id="q"
              name="q"
              type="search"
              defaultValue={q}
              maxLength={100}
              className="mt-1 rounded-md border border-slate-300 px-3 py-1.5"
            />
          </div>
          <div>
            <label htmlFor="role" className="block font-medium text-slate-900">
              Role
            </label>
            <select id="role" name="role" defaultValue={role ?? ""} className="mt-1 rounded-md border border-slate-300 px-2 py-1.5">
              <option value="">Any role</option>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {ROLE_LABEL[r]}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="status" className="block font-medium text-slate-900">
              Status
            </label>
            <select id="status" name="status" defaultValue={status} className="mt-1 rounded-md border border-slate-300 px-2 py-1.5">
              {Object.entries(STATUSES).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className={buttonStyles.secondary}>
            Search
          </button>
        </form>
        <div className="flex gap-3">
          <Link href="/admin/invitations" className={buttonStyles.primary}>
            Invite a person
          </Link>
          <Link href="/admin/roster" className={buttonStyles.secondary}>
            Import a roster
          </Link>
        </div>
      </div>

      <p role="status" className="mb-2 text-sm text-slate-700">
        {plural(total, "person", "people")}
        {q ? ` matching “${q}”` : ""}
      </p>
      {rows.length === 0 ? (
        <EmptyState title="Nobody here">
          {q || role || status !== "all" ? "Try another search." : "Invite people, or import a roster, to bring your organisation in."}
        </EmptyState>
      ) : (
        <div
          className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm"
          role="region"
          aria-labelledby="people-caption"
          tabIndex={0}
        >
          <table className="w-full min-w-[44rem] text-left text-sm">
            <caption id="people-caption" className="sr-only">
              People, by name
            </caption>
            <thead className="bg-slate-50 text-slate-700">
              <tr className="border-b border-slate-200">
                <th scope="col" className="px-4 py-2.5 font-medium">
                  Name
                </th>
                <th scope="col" className="px-4 py-2.5 font-medium">
                  Email
                </th>
                <th scope="col" className="px-4 py-2.5 font-medium">
                  Roles
                </th>
                <th scope="col" className="px-4 py-2.5 font-medium">
                  Team
                </th>
                <th scope="col" className="px-4 py-2.5 font-medium">
                  Status
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((p) => (
                <tr key={p.id} className="border-b border-slate-100 last:border-0">
                  <th scope="row" className="px-4 py-2.5 font-medium">
                    <Link href={`/admin/people/${p.id}`} className={linkStyle}>
                      {p.name}
                    </Link>
                  </th>
                  <td className="px-4 py-2.5 text-slate-800">{p.email}</td>
                  <td className="px-4 py-2.5 text-slate-800">{roleList(p.roles) || "None"}</td>
                  <td className="px-4 py-2.5 text-slate-800">
                    {p.team?.name ?? "—"}
                    {p.manages.length ? (
                      <span className="block text-xs text-slate-600">manages {p.manages.map((t) => t.name).join(", ")}</span>
                    ) : null}
                  </td>
                  <td className="px-4 py-2.5">
                    <StatusBadge status={p.status} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager page={page} pages={pages} hrefFor={hrefFor} label="People pages" />
    </>
  );
}
