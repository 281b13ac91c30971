import { loadScenario, type Problem } from "../scenario/load";
import { peekFields } from "./source";

/** What the server keeps from its check of a scenario text (lib/data/scenarios/checked-yaml.server.ts). */
export interface ScenarioTextCheck {
  /** The YAML's own `id`, when it can be read even from a draft with problems. */
  yamlId: string | null;
  problemCount: number;
  problems: Problem[];
  title: string;
  difficulty: string;
  brief: string;
}

const DIFFICULTIES = new Set(["easy", "medium", "hard"]);

/**
 * The same loader as the CLI and the editor, plus what a draft that does not load still needs
 * (title, difficulty and brief read leniently, or plain stand-ins). Plain data in and out, so the
 * server runs it in a worker thread (lib/workers/tasks.ts).
 */
export function checkScenarioText(yaml: string, file: string): ScenarioTextCheck {
  const loaded = loadScenario(yaml, file);
  if (loaded.ok) {
    const s = loaded.scenario;
    return { yamlId: s.id, problemCount: 0, problems: loaded.warnings, title: s.title, difficulty: s.difficulty, brief: s.brief };
  }
  const errors = loaded.problems.filter((p) => p.severity === "error");
  const { id: yamlId, title, difficulty, brief } = peekFields(yaml);
  return {
    yamlId: yamlId && /^[a-z0-9][a-z0-9-_]*$/.test(yamlId) && yamlId.length <= 80 ? yamlId : null,
    problemCount: errors.length,
    problems: loaded.problems,
    title: (title ?? yamlId ?? "Untitled scenario").slice(0, 200),
    difficulty: difficulty && DIFFICULTIES.has(difficulty) ? difficulty : "medium",
    brief: (brief ?? "").slice(0, 4000),
  };
}
