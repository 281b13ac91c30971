import "server-only";
import type { Db } from "../../db/client.server";

/** The version trainees play: the newest published one (one home for "latest published version"). */
export async function getLatestPublishedVersion(db: Db, scenarioId: string) {
  return db.scenarioVersion.findFirst({ where: { scenarioId, published: true }, orderBy: { version: "desc" } });
}
