import "server-only";
import { createHash } from "node:crypto";
import type { ScenarioTextCheck } from "../../authoring/check-scenario-text";
import { env } from "../../env.server";
import { AppError } from "../../errors";
import { MAX_SCENARIO_BYTES } from "../../scenario/load";
import { runTask, TaskOverBudget, TaskQueueFull } from "../../workers/pool.server";

export interface CheckedYaml extends ScenarioTextCheck {
  contentHash: string;
}

/**
 * The server's own check of a YAML text about to be saved: the same loader as the CLI and the
 * editor. A text that does not load is still saved (as a draft that cannot be published), with
 * title, difficulty and brief read leniently or given plain stand-ins. The check runs in a worker
 * thread within SCENARIO_CHECK_TIME_LIMIT_MS (a hostile 1 MB text takes seconds to load), so no
 * other request waits for it; over the limit the text is refused as too complex.
 */
export async function checkYaml(yaml: string, file: string): Promise<CheckedYaml> {
  if (new TextEncoder().encode(yaml).byteLength > MAX_SCENARIO_BYTES) {
    throw new AppError("bad-request", "the scenario is larger than 1 MB; a scenario should be far smaller");
  }
  if (yaml.includes("\u0000")) {
    // PostgreSQL cannot store NUL in text; a file with NULs is usually UTF-16.
    throw new AppError("bad-request", "the text contains NUL characters (is the file UTF-16?): save it as UTF-8 and import it again");
  }
  const contentHash = createHash("sha256").update(yaml).digest("hex");
  const checked = await inWorker(() => runTask("check", { yaml, file }, { budgetMs: env().SCENARIO_CHECK_TIME_LIMIT_MS }), "checking this text");
  return { ...checked, contentHash };
}

/** A worker task's limits as the trainer's 4xx: over budget is "too complex", a full queue is "busy". */
export async function inWorker<T>(task: () => Promise<T>, doing: string): Promise<T> {
  try {
    return await task();
  } catch (err) {
    if (err instanceof TaskOverBudget) {
      const limit = err.reason === "time" ? `took longer than ${Math.round(err.budgetMs / 100) / 10} s` : "needed more memory than a scenario may";
      throw new AppError(
        "too-complex",
        `${doing} ${limit}, so it was stopped: a scenario should be far smaller and simpler (split it into several scenarios, or remove what it repeats)`,
        { limit: err.reason },
      );
    }
    if (err instanceof TaskQueueFull) {
      throw new AppError("busy", "the server is busy checking other scenarios: try again in a few seconds", { retryAfterSeconds: 5 });
    }
    throw err;
  }
}
