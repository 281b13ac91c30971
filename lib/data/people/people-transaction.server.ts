import "server-only";
import { providerOf, type Db } from "../../db/client.server";
import { AppError } from "../../errors";

/** The client inside an interactive transaction. */
export type Tx = Omit<Db, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

/** PostgreSQL advisory lock key of changes to people and roles (the migration runner uses 7270701). */
const PEOPLE_LOCK = 7_270_702;

/**
 * Runs `fn` in a transaction that no other change to people runs beside: on PostgreSQL an
 * advisory lock held until the transaction ends; on SQLite the database's single writer (each
 * change here writes first, then checks what it left). So two administrators demoting each other
 * at the same moment cannot both succeed and leave the organisation without one (decision D55).
 */
export async function peopleTransaction<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const postgres = providerOf(db) === "postgresql";
  return db.$transaction(
    async (tx) => {
      if (postgres) await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${PEOPLE_LOCK})`);
      return fn(tx);
    },
    { timeout: 20_000, maxWait: 20_000 },
  );
}

/** Active administrators: holding the admin role, not turned off. */
export function countActiveAdmins(db: Pick<Db, "user">): Promise<number> {
  return db.user.count({ where: { deactivatedAt: null, roles: { some: { role: "admin" } } } });
}

/** Throws (rolling the caller's transaction back) when the change left no active administrator. */
export async function assertAnAdminRemains(db: Pick<Db, "user">): Promise<void> {
  if ((await countActiveAdmins(db)) === 0) {
    throw new AppError(
      "conflict",
      "this would leave the organisation without an administrator: give someone else the admin role first",
    );
  }
}
