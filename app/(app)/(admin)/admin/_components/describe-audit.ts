import { isRole, roleList } from "@/lib/auth/roles";

const roles = (value: unknown) => (Array.isArray(value) ? roleList(value.filter(isRole)) || "no role" : "?");
const text = (value: unknown) => (typeof value === "string" && value ? value : "none");
const via = (detail: Record<string, unknown>) => (detail.by === "roster import" ? " (roster import)" : "");

/** An audit entry in words. */
export function describeAudit(action: string, detail: Record<string, unknown>): string {
  switch (action) {
    case "admin.created":
      return "Made the first administrator (sign-in link printed)";
    case "person.invited":
      return `Invited as ${roles(detail.roles)}${detail.team ? `, team ${text(detail.team)}` : ""}`;
    case "invitation.revoked":
      return "Withdrew an invitation";
    case "invitation.accepted":
      return `Accepted an invitation (${roles(detail.roles)})`;
    case "person.roles-changed":
      return `Changed roles from ${roles(detail.before)} to ${roles(detail.after)}${via(detail)}`;
    case "person.team-changed":
      return `Moved from team ${text(detail.from)} to ${text(detail.to)}${via(detail)}`;
    case "person.deactivated":
      return "Turned off (signed out)";
    case "person.reactivated":
      return "Turned on again";
    case "person.password-reset":
      return "Password reset";
    case "person.reset-link-made":
      return "A password reset link was made for them";
    case "person.signed-in-with-link":
      return "Used a one-time sign-in link and chose a password";
    case "person.exported":
      return "Exported their data";
    case "person.erased":
      return "Erased (name and email removed)";
    case "roster.imported":
      return `Imported a roster: ${Number(detail.invited) || 0} invited, ${Number(detail.updated) || 0} updated, ${Number(detail.unchanged) || 0} unchanged`;
    case "team.created":
      return "Created the team";
    case "team.renamed":
      return `Renamed the team from ${text(detail.from)}`;
    case "team.archived":
      return "Archived the team";
    case "team.restored":
      return "Restored the team";
    case "team.manager-added":
      return `Made a manager of ${text(detail.team)}${via(detail)}`;
    case "team.manager-removed":
      return `Removed as a manager of ${text(detail.team)}`;
    case "assignment.created":
      return `Assigned ${text(Array.isArray(detail.scenarios) ? detail.scenarios.join(", ") : detail.scenarios)}, due ${text(detail.due)}, pass mark ${Number(detail.passMark) || 0}`;
    case "assignment.changed":
      return `Changed the assignment of ${text(detail.scenario)}${detail.dueTo ? `: due ${text(detail.dueFrom)} → ${text(detail.dueTo)}` : ""}${
        detail.passMarkTo !== undefined
          ? `${detail.dueTo ? "," : ":"} pass mark ${Number(detail.passMarkFrom)} → ${Number(detail.passMarkTo)}`
          : ""
      }`;
    case "assignment.removed":
      return `Removed the assignment of ${text(detail.scenario)} (due ${text(detail.due)})`;
    default:
      return action;
  }
}
