import { z } from "zod";
import { ROLES } from "@/lib/auth/roles";
import { requireApiUser } from "@/lib/auth/session.server";
import { createInvitation } from "@/lib/data/invitations/create-invitation.server";
import { db } from "@/lib/db/client.server";
import { appBaseUrl } from "@/lib/http/app-origin.server";
import { emailInvitations } from "@/lib/mail/mail.server";
import { IdParam, jsonRoute, methodNotAllowed, readJson } from "@/lib/http/route.server";

const Body = z.strictObject({
  email: z.string("email: text").max(254, "email: at most 254 characters"),
  name: z.string("name: text").max(100, "name: at most 100 characters").optional(),
  roles: z
    .array(z.enum(ROLES, "roles: trainee, trainer, manager or admin"), "roles: a list")
    .min(1, "roles: at least one")
    .max(ROLES.length),
  teamId: IdParam.nullish(),
  managesTeamIds: z.array(IdParam, "managesTeamIds: a list of team ids").max(100).optional(),
});

/** An administrator invites a person: 201 with the single-use link (shown once) and the invitation. */
export const POST = jsonRoute(async (request) => {
  const user = await requireApiUser(request, ["admin"]);
  const body = await readJson(request, Body);
  const created = await createInvitation(db(), user, body, { baseUrl: appBaseUrl(request.headers) });
  const emailed = (await emailInvitations([{ ...created.invitation, link: created.link }], user.name)) > 0;
  return Response.json({ ...created, emailed }, { status: 201, headers: { "cache-control": "no-store" } });
});

export const GET = methodNotAllowed("POST");
export const PUT = methodNotAllowed("POST");
export const PATCH = methodNotAllowed("POST");
export const DELETE = methodNotAllowed("POST");
