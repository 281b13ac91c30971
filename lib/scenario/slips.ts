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

const TEXT_LINE = /^[ ]*(?:-[ ]+)*(title|brief|name|description|text|customer|feedback|summary):[ \t]+/;

/**
 * Text cut short by a `#`: in unquoted YAML text, ` #` starts a comment, so `We're #1 for
 * service` loads as "We're". A comment is `# like this`; a `#` followed at once by a word or a
 * digit is almost always meant as text, so that is what is warned about.
 */
export function textCutByComment(text: string): { line: number; col: number; message: string }[] {
  const out: { line: number; col: number; message: string }[] = [];
  let start = 0;
  for (let line = 1; start <= text.length; line++) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    const raw = text.slice(start, end).replace(/\r$/, "");
    const key = TEXT_LINE.exec(raw);
    if (key) {
      const valueAt = key[0].length;
      const first = raw[valueAt];
      if (first !== undefined && !"\"'|>#&*!%@`[{".includes(first)) {
        const hash = raw.slice(valueAt).search(/[ \t]#[^\s#]/);
        if (hash >= 0) {
          const at = valueAt + hash + 1;
          const whole = raw.slice(valueAt).trimEnd();
          const quoted = whole.includes('"') ? `'${whole.replace(/'/g, "''")}'` : `"${whole}"`;
          out.push({
            line,
            col: at + 1,
            message: `the text stops before ${"`"}${raw.slice(at, at + 30).trimEnd()}${"`"}: YAML reads ${"` #`"} as the start of a comment and drops the rest of the line; to keep it, put the whole text in quotes, like ${"`"}${key[1]}: ${quoted.length > 60 ? quoted.slice(0, 57) + "…" : quoted}${"`"}`,
          });
        }
      }
    }
    start = end + 1;
  }
  return out;
}
