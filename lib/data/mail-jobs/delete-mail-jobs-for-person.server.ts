import "server-only";
import type { Db } from "../../db/client.server";

/**
 * Erasing a person (erasePerson, in its transaction) deletes every email queued or sent to them,
 * found by their id and by their address (an invitation is queued before the person has an id).
 * Returns how many were deleted.
 */
export async function deleteMailJobsForPerson(db: Pick<Db, "mailJob">, person: { userId: string; email: string }): Promise<number> {
  const { count } = await db.mailJob.deleteMany({ where: { OR: [{ userId: person.userId }, { to: person.email }] } });
  return count;
}
