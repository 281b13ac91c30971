import "server-only";
import type { Db } from "../../db/client.server";

/** The row that says whether password sign-in is refused in favour of single sign-on (decision D63). */
export const SSO_REQUIRED_KEY = "sign-in.sso-required";

export interface SsoRequirement {
  required: boolean;
  /** When it was last changed, and by which user id; null while it has its default (not required). */
  updatedAt: Date | null;
  updatedBy: string | null;
}

/** Whether an admin has required single sign-on; not required until someone says so. */
export async function getSsoRequired(db: Db): Promise<SsoRequirement> {
  const row = await db.organisationSetting.findUnique({ where: { key: SSO_REQUIRED_KEY } });
  if (!row) return { required: false, updatedAt: null, updatedBy: null };
  return { required: row.value === "true", updatedAt: row.updatedAt, updatedBy: row.updatedBy };
}
