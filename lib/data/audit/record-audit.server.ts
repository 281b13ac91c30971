import "server-only";
import type { Db } from "../../db/client.server";

/** Every kind of audit entry; README "For admins" lists what each means. */
export const AUDIT_ACTIONS = [
  "admin.created",
  "person.invited",
  "invitation.revoked",
  "invitation.accepted",
  "person.roles-changed",
  "person.team-changed",
  "person.deactivated",
  "person.reactivated",
  /** A person reset their password with an emailed or copied link (lib/auth/auth.server.ts). */
  "person.password-reset",
  /** An administrator made a password reset link for a person (People). */
  "person.reset-link-made",
  "person.signed-in-with-link",
  "person.exported",
  "person.erased",
  "roster.imported",
  "team.created",
  "team.renamed",
  "team.archived",
  "team.restored",
  "team.manager-added",
  "team.manager-removed",
  /** A manager assigned scenarios (one entry per form sent), changed an assignment's due date or pass mark, or removed one. */
  "assignment.created",
  "assignment.changed",
  "assignment.removed",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Who did it: a person (their id and how they are shown), or a command or the server itself (id null). */
export interface AuditActor {
  id: string | null;
  label: string;
}

/** "Name <email>", how people appear in the audit log. */
export function personLabel(person: { name: string; email: string }): string {
  return `${person.name} <${person.email}>`;
}

export function actorOf(person: { id: string; name: string; email: string }): AuditActor {
  return { id: person.id, label: personLabel(person) };
}

export interface AuditInput {
  actor: AuditActor;
  action: AuditAction;
  /** The person it was about (or, for team entries, null with the team in `targetLabel`). */
  target?: { userId: string | null; label: string };
  /** What changed: small and JSON-safe; never a password or a token. */
  detail?: Record<string, unknown>;
  at?: Date;
}

/** The write client of a transaction works too. */
type Writer = Pick<Db, "auditEntry">;

/** Adds one entry to the audit log (inside the caller's transaction when given one). */
export async function recordAudit(db: Writer, entry: AuditInput): Promise<void> {
  await db.auditEntry.create({
    data: {
      actorId: entry.actor.id,
      actorLabel: entry.actor.label.slice(0, 400),
      action: entry.action,
      targetUserId: entry.target?.userId ?? null,
      targetLabel: (entry.target?.label ?? "").slice(0, 400),
      detail: JSON.stringify(entry.detail ?? {}),
      ...(entry.at ? { at: entry.at } : {}),
    },
  });
}
