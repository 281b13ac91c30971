"use server";

import { headers } from "next/headers";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { ROLES, type Role } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session.server";
import { createInvitation } from "@/lib/data/invitations/create-invitation.server";
import { renewInvitation, revokeInvitation } from "@/lib/data/invitations/revoke-invitation.server";
import { changeRoles } from "@/lib/data/people/change-roles.server";
import { changeTeam } from "@/lib/data/people/change-team.server";
import { deactivatePerson, reactivatePerson } from "@/lib/data/people/deactivate-person.server";
import { erasePerson } from "@/lib/data/people/erase-person.server";
import { importRoster, planRosterImport, type RosterPlan, type RosterResult } from "@/lib/data/roster/roster-import.server";
import { addTeamManager, createTeam, removeTeamManager, renameTeam, setTeamArchived } from "@/lib/data/teams/admin-teams.server";
import { db } from "@/lib/db/client.server";
import { AppError } from "@/lib/errors";
import { appBaseUrl } from "@/lib/http/app-origin.server";
import { IdParam } from "@/lib/http/route.server";
import { emailInvitations } from "@/lib/mail/mail.server";
import { auth } from "@/lib/auth/auth.server";
import { createPasswordResetLink } from "@/lib/auth/password-reset.server";
import { recordAudit } from "@/lib/data/audit/record-audit.server";
import { asAdminActor } from "@/lib/data/people/admin-actor.server";
import { ROSTER_MAX_BYTES } from "@/lib/roster/roster-csv";

/**
 * The administrator's forms. Each checks the admin role on the server itself (a server action is a
 * POST anyone can send), checks its fields' types and sizes, and leaves the rules to lib/data.
 */
export interface FormState {
  error?: string;
  saved?: string;
}

const admin = () => requireUser(["admin"]);

/** AppErrors become the form's message; anything else is a real failure. */
async function attempt<T>(fn: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: string }> {
  try {
    return { ok: true, value: await fn() };
  } catch (err) {
    if (err instanceof AppError) return { ok: false, error: err.userMessage };
    throw err;
  }
}

/** Text fields: strings of a bounded size (a form can send a file or nothing instead). */
const text = (max: number) =>
  z
    .string()
    .max(max * 4, `at most ${max} characters`)
    .optional()
    .default("");
const rolesOf = (form: FormData): Role[] =>
  form.getAll("roles").filter((r): r is Role => typeof r === "string" && (ROLES as readonly string[]).includes(r));
const idsOf = (form: FormData, name: string): string[] =>
  form
    .getAll(name)
    .filter((v): v is string => typeof v === "string" && IdParam.safeParse(v).success)
    .slice(0, 100);
const idOf = (form: FormData, name: string): string | null => {
  const parsed = IdParam.safeParse(form.get(name));
  return parsed.success ? parsed.data : null;
};

// ------------------------------------------------------------------ invitations

export interface InviteState extends FormState {
  link?: string;
  email?: string;
  /** The link was also emailed (SMTP is configured). */
  emailed?: boolean;
  values?: { email: string; name: string; roles: string[]; teamId: string; manages: string[] };
}

export async function invitePerson(_prev: InviteState, form: FormData): Promise<InviteState> {
  const user = await admin();
  const fields = z.object({ email: text(254), name: text(100), teamId: text(100) }).safeParse({
    email: form.get("email") ?? undefined,
    name: form.get("name") ?? undefined,
    teamId: form.get("teamId") ?? undefined,
  });
  const values = {
    email: fields.success ? fields.data.email.slice(0, 254) : "",
    name: fields.success ? fields.data.name.slice(0, 100) : "",
    roles: rolesOf(form),
    teamId: fields.success ? fields.data.teamId : "",
    manages: idsOf(form, "manages"),
  };
  if (!fields.success) return { error: "Check the form: a field is too long.", values };
  const result = await attempt(async () =>
    createInvitation(
      db(),
      user,
      { email: values.email, name: values.name, roles: values.roles, teamId: values.teamId || null, managesTeamIds: values.manages },
      { baseUrl: appBaseUrl(await headers()) },
    ),
  );
  if (!result.ok) return { error: result.error.replace(/^Email: /, "Email: "), values };
  revalidatePath("/admin/invitations");
  const { link, invitation } = result.value;
  const emailed = (await emailInvitations([{ ...invitation, link }], user.name)) > 0;
  return { link, email: invitation.email, emailed };
}

export async function withdrawInvitation(_prev: FormState, form: FormData): Promise<FormState> {
  const user = await admin();
  const id = idOf(form, "invitationId");
  if (!id) return { error: "That invitation is not there any more." };
  const result = await attempt(() => revokeInvitation(db(), user, id));
  if (!result.ok) return { error: result.error };
  revalidatePath("/admin/invitations");
  return { saved: result.value ? "Withdrawn: the link no longer works." : "It was accepted or withdrawn already." };
}

export interface RenewState extends FormState {
  link?: string;
  emailed?: boolean;
}

export async function renewInvitationLink(_prev: RenewState, form: FormData): Promise<RenewState> {
  const user = await admin();
  const id = idOf(form, "invitationId");
  if (!id) return { error: "That invitation is not there any more." };
  const result = await attempt(async () => renewInvitation(db(), user, id, { baseUrl: appBaseUrl(await headers()) }));
  if (!result.ok) return { error: result.error };
  const { link, invitation } = result.value;
  const emailed = (await emailInvitations([{ ...invitation, link }], user.name)) > 0;
  return { link, emailed };
}

// ------------------------------------------------------------------ people

export interface ResetLinkState extends FormState {
  link?: string;
}

/**
 * A single-use password reset link for one person, for the administrator to copy to them (the way
 * back in when email is off): the same kind of link the reset email carries, valid for an hour.
 */
export async function makeResetLink(_prev: ResetLinkState, form: FormData): Promise<ResetLinkState> {
  const user = await admin();
  const personId = idOf(form, "personId");
  if (!personId) return { error: "That person is not there." };
  const result = await attempt(async () => {
    const made = await createPasswordResetLink(auth(), db(), personId, appBaseUrl(await headers()));
    const person = await db().user.findUniqueOrThrow({ where: { id: personId }, select: { name: true, email: true } });
    await recordAudit(db(), {
      actor: asAdminActor(user),
      action: "person.reset-link-made",
      target: { userId: personId, label: `${person.name} <${person.email}>` },
    });
    return made;
  });
  if (!result.ok) return { error: result.error };
  return { link: result.value.link };
}

export async function savePersonRoles(_prev: FormState, form: FormData): Promise<FormState> {
  const user = await admin();
  const personId = idOf(form, "personId");
  if (!personId) return { error: "That person is not there." };
  const result = await attempt(() => changeRoles(db(), user, personId, rolesOf(form)));
  if (!result.ok) return { error: result.error };
  revalidatePath(`/admin/people/${personId}`);
  return { saved: "Roles saved. They apply from the person's next page." };
}

export async function savePersonTeam(_prev: FormState, form: FormData): Promise<FormState> {
  const user = await admin();
  const personId = idOf(form, "personId");
  if (!personId) return { error: "That person is not there." };
  const teamId = form.get("teamId");
  const target = teamId === "" || teamId === null ? null : IdParam.safeParse(teamId).success ? String(teamId) : undefined;
  if (target === undefined) return { error: "Choose a team from the list." };
  const result = await attempt(() => changeTeam(db(), user, personId, target));
  if (!result.ok) return { error: result.error };
  revalidatePath(`/admin/people/${personId}`);
  return { saved: "Team saved. Their runs and scores go with them." };
}

/** A button's action on one person: the page shows what happened (or why not) beside it. */
async function onPerson(form: FormData, act: (personId: string) => Promise<boolean>, done: string, unchanged: string): Promise<FormState> {
  const personId = idOf(form, "personId");
  if (!personId) return { error: "That person is not there." };
  const result = await attempt(() => act(personId));
  if (!result.ok) return { error: result.error };
  revalidatePath("/admin/people", "layout");
  return { saved: result.value ? done : unchanged };
}

export async function deactivate(_prev: FormState, form: FormData): Promise<FormState> {
  const user = await admin();
  return onPerson(
    form,
    (id) => deactivatePerson(db(), user, id),
    "Turned off: they are signed out and cannot sign in.",
    "They were off already.",
  );
}

export async function reactivate(_prev: FormState, form: FormData): Promise<FormState> {
  const user = await admin();
  return onPerson(form, (id) => reactivatePerson(db(), user, id), "Turned on again: they can sign in.", "They were on already.");
}

export async function erase(_prev: FormState, form: FormData): Promise<FormState> {
  const user = await admin();
  return onPerson(
    form,
    (id) => erasePerson(db(), user, id),
    "Erased: name and email removed; their runs count anonymised.",
    "They were erased already.",
  );
}

// ------------------------------------------------------------------ teams

export async function addTeam(_prev: FormState, form: FormData): Promise<FormState> {
  const user = await admin();
  const name = form.get("name");
  if (typeof name !== "string" || name.length > 400) return { error: "Give the team a name of at most 100 characters." };
  const result = await attempt(() => createTeam(db(), user, name));
  if (!result.ok) return { error: result.error };
  revalidatePath("/admin/teams");
  return { saved: `${result.value.name} created.` };
}

export async function saveTeamName(_prev: FormState, form: FormData): Promise<FormState> {
  const user = await admin();
  const teamId = idOf(form, "teamId");
  const name = form.get("name");
  if (!teamId) return { error: "That team is not there." };
  if (typeof name !== "string" || name.length > 400) return { error: "Give the team a name of at most 100 characters." };
  const result = await attempt(() => renameTeam(db(), user, teamId, name));
  if (!result.ok) return { error: result.error };
  revalidatePath(`/admin/teams/${teamId}`);
  return { saved: result.value ? "Name saved." : "The name was already that." };
}

async function onTeam(form: FormData, act: (teamId: string) => Promise<boolean>, done: string, unchanged: string): Promise<FormState> {
  const teamId = idOf(form, "teamId");
  if (!teamId) return { error: "That team is not there." };
  const result = await attempt(() => act(teamId));
  if (!result.ok) return { error: result.error };
  revalidatePath("/admin/teams", "layout");
  return { saved: result.value ? done : unchanged };
}

export async function archiveTeam(_prev: FormState, form: FormData): Promise<FormState> {
  const user = await admin();
  return onTeam(
    form,
    (id) => setTeamArchived(db(), user, id, true),
    "Archived: no one new can join it; its history stays.",
    "It was archived already.",
  );
}

export async function restoreTeam(_prev: FormState, form: FormData): Promise<FormState> {
  const user = await admin();
  return onTeam(form, (id) => setTeamArchived(db(), user, id, false), "Restored.", "It was not archived.");
}

export async function addManager(_prev: FormState, form: FormData): Promise<FormState> {
  const user = await admin();
  const personId = idOf(form, "personId");
  if (!personId) return { error: "Choose a manager from the list." };
  return onTeam(
    form,
    (id) => addTeamManager(db(), user, id, personId),
    "Manager added: they see this team's scorecard now.",
    "They manage it already.",
  );
}

export async function removeManager(_prev: FormState, form: FormData): Promise<FormState> {
  const user = await admin();
  const personId = idOf(form, "personId");
  if (!personId) return { error: "That person is not there." };
  return onTeam(form, (id) => removeTeamManager(db(), user, id, personId), "Manager removed.", "They did not manage it.");
}

export async function addMember(_prev: FormState, form: FormData): Promise<FormState> {
  const user = await admin();
  const personId = idOf(form, "personId");
  if (!personId) return { error: "Choose a person from the list." };
  return onTeam(
    form,
    async (id) => (await changeTeam(db(), user, personId, id)).from !== id,
    "Added: their runs and scores come with them.",
    "They were in this team already.",
  );
}

export async function removeMember(_prev: FormState, form: FormData): Promise<FormState> {
  const user = await admin();
  const personId = idOf(form, "personId");
  if (!personId) return { error: "That person is not there." };
  return onTeam(
    form,
    async (id) => {
      const person = await db().user.findUnique({ where: { id: personId }, select: { teamId: true } });
      if (person?.teamId !== id) return false;
      await changeTeam(db(), user, personId, null);
      return true;
    },
    "Removed from the team: their runs go with them.",
    "They were not in this team.",
  );
}

// ------------------------------------------------------------------ roster import

export interface RosterState {
  error?: string;
  /** The file's text, sent back with the import so it does exactly what the preview showed. */
  csv?: string;
  fileName?: string;
  plan?: RosterPlan;
  result?: RosterResult;
  /** How many of the invitations were also emailed (0 when email is off). */
  emailed?: number;
}

async function csvOf(form: FormData): Promise<{ csv: string; fileName: string } | { error: string }> {
  const file = form.get("file");
  const pasted = form.get("csv");
  if (file instanceof File && file.size > 0) {
    if (file.size > ROSTER_MAX_BYTES) return { error: `The file is larger than ${ROSTER_MAX_BYTES / 1024} KB: split it into parts.` };
    const bytes = new Uint8Array(await file.arrayBuffer());
    try {
      return { csv: new TextDecoder("utf-8", { fatal: true }).decode(bytes), fileName: file.name.slice(0, 200) };
    } catch {
      return { error: "The file is not UTF-8 text: save it as CSV UTF-8 and try again." };
    }
  }
  if (typeof pasted === "string" && pasted.trim()) {
    if (pasted.length > ROSTER_MAX_BYTES) return { error: `The text is larger than ${ROSTER_MAX_BYTES / 1024} KB: split it into parts.` };
    return { csv: pasted, fileName: "" };
  }
  return { error: "Choose a CSV file (or paste its lines) first." };
}

export async function previewRoster(_prev: RosterState, form: FormData): Promise<RosterState> {
  const user = await admin();
  const input = await csvOf(form);
  if ("error" in input) return { error: input.error };
  const plan = await planRosterImport(db(), user, input.csv);
  return { csv: input.csv, fileName: input.fileName, plan };
}

export async function runRosterImport(_prev: RosterState, form: FormData): Promise<RosterState> {
  const user = await admin();
  const input = await csvOf(form);
  if ("error" in input) return { error: input.error };
  const digest = form.get("digest");
  if (typeof digest !== "string" || !/^[0-9a-f]{64}$/.test(digest)) return { error: "Preview the file first." };
  const result = await attempt(async () => importRoster(db(), user, input.csv, { digest, baseUrl: appBaseUrl(await headers()) }));
  if (!result.ok) {
    // Something changed since the preview: show the new one.
    const plan = await planRosterImport(db(), user, input.csv);
    return { error: result.error, csv: input.csv, fileName: input.fileName, plan };
  }
  revalidatePath("/admin/people");
  const emailed = await emailInvitations(
    result.value.invited.map((i) => ({ id: i.invitationId, email: i.email, name: i.name, link: i.link, expiresAt: i.expiresAt })),
    user.name,
  );
  return { result: result.value, emailed };
}
