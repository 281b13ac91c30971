import Link from "@/app/_components/link";
import type { AuditRow } from "@/lib/data/audit/list-audit-entries.server";
import { requestLocale } from "@/lib/http/locale.server";
import { formatDateTime } from "@/lib/ui/dates";
import { describeAudit } from "./describe-audit";
import { linkStyle } from "@/app/_components/ui";

/** Audit entries as a table: when (UTC), who, what, about whom. */
export async function AuditTable({ rows, caption }: { rows: AuditRow[]; caption: string }) {
  const locale = await requestLocale();
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm" role="region" aria-label={caption} tabIndex={0}>
      <table className="w-full min-w-[44rem] text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-50 text-slate-700">
          <tr className="border-b border-slate-200">
            <th scope="col" className="px-4 py-2.5 font-medium">
              When (UTC)
            </th>
            <th scope="col" className="px-4 py-2.5 font-medium">
              Who
            </th>
            <th scope="col" className="px-4 py-2.5 font-medium">
              What
            </th>
            <th scope="col" className="px-4 py-2.5 font-medium">
              About
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((e) => (
            <tr key={e.id} className="border-b border-slate-100 align-top last:border-0">
              <td className="whitespace-nowrap px-4 py-2.5 tabular-nums text-slate-800">
                <time dateTime={e.at.toISOString()}>{formatDateTime(e.at, locale)}</time>
              </td>
              <td className="px-4 py-2.5 text-slate-800">{e.actorLabel}</td>
              <td className="px-4 py-2.5 text-slate-900">{describeAudit(e.action, e.detail)}</td>
              <td className="px-4 py-2.5 text-slate-800">
                {e.targetUserId ? (
                  <Link href={`/admin/people/${e.targetUserId}`} className={linkStyle}>
                    {e.targetLabel}
                  </Link>
                ) : (
                  e.targetLabel || "—"
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
