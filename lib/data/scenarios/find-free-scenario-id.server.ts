import "server-only";
import type { Db } from "../../db/client.server";

/** `base` if no scenario has that id, else `base-2`, `base-3`, … (for new scenarios and copies). */
export async function findFreeScenarioId(db: Db, base: string): Promise<string> {
  const stem = base.slice(0, 70);
  const taken = new Set(
    (await db.scenario.findMany({ where: { id: { startsWith: stem } }, select: { id: true } })).map((s) => s.id),
  );
  if (!taken.has(stem)) return stem;
  for (let n = 2; ; n++) if (!taken.has(`${stem}-${n}`)) return `${stem}-${n}`;
}
