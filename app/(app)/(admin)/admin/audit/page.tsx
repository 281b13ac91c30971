import type { Metadata } from "next";
import { requireUser } from "@/lib/auth/session.server";
import { listAuditEntries } from "@/lib/data/audit/list-audit-entries.server";
import { db } from "@/lib/db/client.server";
import { plural } from "@/lib/ui/format";
import { EmptyState, PageHeader } from "@/app/_components/ui";
import { AdminNav } from "../_components/admin-nav";
import { AuditTable } from "../_components/audit-table";
import { Pager } from "../_components/pager";
import { pageParam } from "../_components/search-params";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireUser(["admin"], "/admin/audit");
  const { rows, total, page, pages } = await listAuditEntries(db(), { page: pageParam((await searchParams).page) });
  return (
    <>
      <AdminNav current="/admin/audit" />
      <PageHeader title="Audit log">
        Who invited, changed roles or teams, turned off or on, reset, imported, exported or erased whom, and when. Newest first;{" "}
        {plural(total, "entry", "entries")}.
      </PageHeader>
      {rows.length === 0 ? (
        <EmptyState title="Nothing yet">What administrators do to people and teams shows up here.</EmptyState>
      ) : (
        <AuditTable rows={rows} caption="Audit log, newest first" />
      )}
      <Pager page={page} pages={pages} hrefFor={(p) => (p > 1 ? `/admin/audit?page=${p}` : "/admin/audit")} label="Audit log pages" />
    </>
  );
}
