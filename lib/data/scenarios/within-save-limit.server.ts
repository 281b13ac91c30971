import "server-only";
import type { Db } from "../../db/client.server";
import { env } from "../../env.server";
import { AppError } from "../../errors";

const WINDOW_MS = 60_000;
/** Saves of one trainer being checked at once in this process; more wait for a 429. */
const MAX_IN_FLIGHT = 2;

const global = globalThis as unknown as { __steadySavesInFlight?: Map<string, number> };
const inFlight = (global.__steadySavesInFlight ??= new Map());

/**
 * The per-trainer save limit (issue 11): at most SCENARIO_SAVES_PER_MINUTE versions (saves, new
 * scenarios, duplicates) in any minute, counted from the versions table, so every server of a
 * deployment counts the same; and at most two saves of one trainer checked at once. Over it: a 429
 * that says when to try again (`detail.retryAfterSeconds`, and the Retry-After header). `save`
 * runs only when the trainer is under the limit.
 */
export async function withinSaveLimit<T>(db: Db, userId: string, save: () => Promise<T>, now: () => number = Date.now): Promise<T> {
  const limit = env().SCENARIO_SAVES_PER_MINUTE;
  const running = inFlight.get(userId) ?? 0;
  if (running >= MAX_IN_FLIGHT) {
    throw new AppError("rate-limited", "your last saves are still being checked: wait for them, then save again", { retryAfterSeconds: 2 });
  }
  inFlight.set(userId, running + 1);
  try {
    const since = new Date(now() - WINDOW_MS);
    const recent = await db.scenarioVersion.findMany({
      where: { createdById: userId, createdAt: { gt: since } },
      orderBy: { createdAt: "desc" },
      take: limit,
      select: { createdAt: true },
    });
    if (recent.length >= limit) {
      // The oldest of the last `limit` saves leaves the window first.
      const retryAfterSeconds = Math.max(1, Math.ceil((recent.at(-1)!.createdAt.getTime() + WINDOW_MS - now()) / 1000));
      throw new AppError(
        "rate-limited",
        `you have saved ${limit} versions in the last minute, the most one trainer may: try again in ${retryAfterSeconds} s (your text is kept)`,
        { retryAfterSeconds, limitPerMinute: limit },
      );
    }
    return await save();
  } finally {
    const left = (inFlight.get(userId) ?? 1) - 1;
    if (left > 0) inFlight.set(userId, left);
    else inFlight.delete(userId);
  }
}
