import "server-only";
import { createHash } from "node:crypto";
import { peekField } from "../../authoring/source";
import { AppError } from "../../errors";
import { loadScenario, MAX_SCENARIO_BYTES, type Problem } from "../../scenario/load";

export interface CheckedYaml {
  /** The YAML's own `id`, when it can be read even from a draft with problems. */
  yamlId: string | null;
  problemCount: number;
  problems: Problem[];
  title: string;
  difficulty: string;
  brief: string;
  contentHash: string;
}

const DIFFICULTIES = new Set(["easy", "medium", "hard"]);

/**
 * The server's own check of a YAML text about to be saved: the same loader as the CLI and the
 * editor. A text that does not load is still saved (as a draft that cannot be published), with
 * title, difficulty and brief read leniently or given plain stand-ins.
 */
export function checkYaml(yaml: string, file: string): CheckedYaml {
  if (new TextEncoder().encode(yaml).byteLength > MAX_SCENARIO_BYTES) {
    throw new AppError("bad-request", "the scenario is larger than 1 MB; a scenario should be far smaller");
  }
  if (yaml.includes("\u0000")) {
    // PostgreSQL cannot store NUL in text; a file with NULs is usually UTF-16.
    throw new AppError("bad-request", "the text contains NUL characters (is the file UTF-16?): save it as UTF-8 and import it again");
  }
  const contentHash = createHash("sha256").update(yaml).digest("hex");
  const loaded = loadScenario(yaml, file);
  if (loaded.ok) {
    const s = loaded.scenario;
    return { yamlId: s.id, problemCount: 0, problems: loaded.warnings, title: s.title, difficulty: s.difficulty, brief: s.brief, contentHash };
  }
  const errors = loaded.problems.filter((p) => p.severity === "error");
  const yamlId = peekField(yaml, "id");
  const difficulty = peekField(yaml, "difficulty");
  return {
    yamlId: yamlId && /^[a-z0-9][a-z0-9-_]*$/.test(yamlId) && yamlId.length <= 80 ? yamlId : null,
    problemCount: errors.length,
    problems: loaded.problems,
    title: (peekField(yaml, "title") ?? yamlId ?? "Untitled scenario").slice(0, 200),
    difficulty: difficulty && DIFFICULTIES.has(difficulty) ? difficulty : "medium",
    brief: (peekField(yaml, "brief") ?? "").slice(0, 4000),
    contentHash,
  };
}
