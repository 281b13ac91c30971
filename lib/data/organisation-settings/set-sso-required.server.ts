import "server-only";
import type { Db } from "../../db/client.server";
import { SSO_REQUIRED_KEY, type SsoRequirement } from "./get-sso-required.server";

/** Requires single sign-on (or stops requiring it), recording who changed it. */
export async function setSsoRequired(db: Db, required: boolean, byUserId: string | null): Promise<SsoRequirement> {
  const value = JSON.stringify(required);
  const row = await db.organisationSetting.upsert({
    where: { key: SSO_REQUIRED_KEY },
    create: { key: SSO_REQUIRED_KEY, value, updatedBy: byUserId },
    update: { value, updatedBy: byUserId },
  });
  return { required: row.value === "true", updatedAt: row.updatedAt, updatedBy: row.updatedBy };
}
