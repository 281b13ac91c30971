import type { Scenario } from "./model";
import type { ScenarioSource } from "./schema";
import { CONTRADICTORY_TAGS, type Tag } from "./tags";
import type { Path } from "./yaml-source";

/**
 * Warnings for authoring slips that load but would mislead the trainee or the scorer: a choice
 * with no coaching, tags that contradict each other, a `confirm` the call can reach before any
 * summary, facts on a choice that is not a summary. Warnings never stop a scenario from loading
 * (`validate` exits 0); each says what to change.
 */
export function checkSlips(
  src: ScenarioSource,
  scenario: Scenario,
  report: (path: Path, message: string, severity: "warning") => void,
): void {
  const withoutSummary = reachableWithoutSummary(scenario);

  src.nodes.forEach((node, n) => {
    (node.choices ?? []).forEach((choice, c) => {
      const path: Path = ["nodes", n, "choices", c];
      const tags = choice.tags as Tag[];
      const has = (t: Tag) => tags.includes(t);

      if (choice.feedback === undefined) {
        report(
          [...path, "id"],
          `choice \`${choice.id}\` has no \`feedback:\`: the debrief will show the trainee no coaching for it; add a sentence on why it helps or hurts`,
          "warning",
        );
      }

      for (const [a, b, why] of CONTRADICTORY_TAGS) {
        if (has(a) && has(b)) {
          report(
            [...path, "tags"],
            `tags \`${a}\` and \`${b}\` contradict each other (${why}): keep the one that describes the line`,
            "warning",
          );
        }
      }
      if (has("neutral") && tags.length > 1) {
        const others = tags.filter((t) => t !== "neutral");
        report(
          [...path, "tags"],
          `\`neutral\` means the line neither helps nor hurts, but it is tagged ${others.map((t) => `\`${t}\``).join(", ")} too: remove \`neutral\` or the others`,
          "warning",
        );
      }

      if ((choice.facts?.length ?? 0) > 0 && !has("paraphrase")) {
        report(
          [...path, "facts"],
          `\`facts\` count only on a choice tagged \`paraphrase\` (a summary of the problem): tag \`${choice.id}\` \`paraphrase\` if it sums up the problem, or remove its \`facts\``,
          "warning",
        );
      }

      if (has("confirm") && !has("paraphrase") && scenario.nodes[node.id]?.choices.some((x) => x.id === choice.id)) {
        const route = withoutSummary.get(node.id);
        if (route) {
          const example = route.length ? `after ${route.map((id) => `\`${id}\``).join(", ")}` : "at the start";
          report(
            [...path, "tags", tags.indexOf("confirm")],
            `\`confirm\` checks a summary, but the call can reach \`${choice.id}\` with no choice tagged \`paraphrase\` before it (${example}); a confirm with nothing to confirm scores nothing: tag the summary before it \`paraphrase\`, or offer this choice only after one`,
            "warning",
          );
        }
      }
    });
  });
}

/**
 * The nodes a call can reach without any `paraphrase` choice on the way, each with one shortest
 * route of choice ids (what `play` accepts). Mood conditions are ignored: every branch is taken
 * as possible, as in the reachability check.
 */
function reachableWithoutSummary(scenario: Scenario): { get(node: string): string[] | undefined } {
  /** node → [the node before it, the choice taken there] on a shortest route (null: the start). */
  const parent = new Map<string, [string, string] | null>();
  if (scenario.nodes[scenario.start]) parent.set(scenario.start, null);
  const queue = [...parent.keys()];
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i]!;
    for (const choice of scenario.nodes[id]?.choices ?? []) {
      if (choice.tags.includes("paraphrase")) continue;
      for (const b of choice.branches) {
        if (!scenario.nodes[b.to] || parent.has(b.to)) continue;
        parent.set(b.to, [id, choice.id]);
        queue.push(b.to);
      }
    }
  }
  return {
    get(node: string) {
      if (!parent.has(node)) return undefined;
      const route: string[] = [];
      for (let step = parent.get(node); step; step = parent.get(step[0])) route.unshift(step[1]);
      return route;
    },
  };
}
