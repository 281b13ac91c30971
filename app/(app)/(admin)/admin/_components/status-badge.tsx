import type { PersonStatus } from "@/lib/data/people/list-people.server";

const STYLE: Record<PersonStatus, string> = {
  active: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  off: "bg-slate-100 text-slate-800 ring-slate-300",
  erased: "bg-rose-50 text-rose-800 ring-rose-200",
};
const LABEL: Record<PersonStatus, string> = { active: "Active", off: "Turned off", erased: "Erased" };

export function StatusBadge({ status }: { status: PersonStatus }) {
  return (
    <span className={`inline-flex rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${STYLE[status]}`}>{LABEL[status]}</span>
  );
}
