/**
 * The slips a trainer makes, each with the exact message and the place it points at
 * (docs/slips.md lists them with the messages they had before).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { chainYaml } from "../bench/generate";
import { formatProblem, loadScenario } from "./load";
import { TAG_NAMES } from "./tags";

const TINY = readFileSync(new URL("./fixtures/tiny.yaml", import.meta.url), "utf8");

/** "line:col" of `needle` (its `nth` occurrence, 0-based), plus `shift` characters. */
function at(text: string, needle: string, shift = 0, nth = 0): string {
  let i = -1;
  for (let k = 0; k <= nth; k++) {
    i = text.indexOf(needle, i + 1);
    if (i < 0) throw new Error(`text does not contain ${needle}`);
  }
  i += shift;
  return `${text.slice(0, i).split("\n").length}:${i - text.lastIndexOf("\n", i - 1)}`;
}

function edit(from: string, to: string): string {
  if (!TINY.includes(from)) throw new Error(`fixture does not contain ${from}`);
  return TINY.replace(from, to);
}

function errors(text: string): string[] {
  const result = loadScenario(text, "s.yaml");
  if (result.ok) throw new Error("expected problems, scenario loaded");
  return result.problems.filter((p) => p.severity === "error").map(formatProblem);
}

function warnings(text: string): string[] {
  const result = loadScenario(text, "s.yaml");
  if (!result.ok) throw new Error(`expected the scenario to load: ${result.problems.map(formatProblem).join("\n")}`);
  return result.warnings.map(formatProblem);
}

describe("YAML slips: what happened and what to do, where it happened", () => {
  it("a colon and a space in unquoted text", () => {
    const text = edit("customer: It just stopped heating. I need", "customer: It just stopped heating. Note: I need");
    expect(errors(text)).toEqual([
      `s.yaml:${at(text, ": I need")}: this text contains \`: \` (a colon and a space), which YAML reads as the start of a new field: put the whole text in double quotes, like \`customer: "It just stopped heating. Note: I need a …"\``,
    ]);
  });

  it("a colon at the end of unquoted text", () => {
    const text = edit("text: Why didn't you read the manual?", "text: Here is what I need from you:");
    expect(errors(text)).toEqual([
      `s.yaml:${at(text, "you:", 3)}: this text ends with \`:\`, which YAML reads as the start of a new field: put the whole text in double quotes, like \`text: "Here is what I need from you:"\``,
    ]);
  });

  it("a colon in text that has double quotes in it: single quotes are suggested", () => {
    const text = edit("text: Why didn't you read the manual?", 'text: He said "read it": I did');
    expect(errors(text)).toEqual([
      `s.yaml:${at(text, ": I did")}: this text contains \`: \` (a colon and a space), which YAML reads as the start of a new field: put the whole text in single quotes (writing each ' inside as ''), like \`text: 'He said "read it": I did'\``,
    ]);
  });

  it("a colon in text inside { }", () => {
    const text = edit("ending: { kind: resolved }", "ending: { kind: resolved, summary: Result: refund }");
    expect(errors(text)).toEqual([
      `s.yaml:${at(text, "Result: refund", 6)}: this text contains \`: \` inside \`[ ]\` or \`{ }\`, which YAML reads as the start of a new field: put the text in quotes, like \`"Result: refund"\``,
    ]);
  });

  it("an unclosed double quote points at the quote, not at the next line", () => {
    const text = edit("text: That's our policy, please check the website.", "text: \"That's our policy, please check the website.");
    expect(errors(text)).toEqual([
      `s.yaml:${at(text, "\"That's our")}: this quote (\`"\`) is never closed, so YAML reads on into the lines below: end the text with \`"\` on this line`,
    ]);
  });

  it("an unclosed single quote", () => {
    const text = edit("text: I'm so sorry.", "text: 'So sorry.");
    expect(errors(text)).toEqual([
      `s.yaml:${at(text, "'So sorry")}: this quote (\`'\`) is never closed, so YAML reads on into the lines below: end the text with \`'\` on this line (an apostrophe inside single quotes is written \`''\`)`,
    ]);
  });

  it("an unclosed quote on the last line of the file", () => {
    const text = edit("customer: Forget it. (click)", 'customer: "Forget it. (click)');
    expect(errors(text)).toEqual([
      `s.yaml:${at(text, '"Forget')}: this quote (\`"\`) is never closed, so YAML reads on into the lines below: end the text with \`"\` on this line`,
    ]);
  });

  it("an unclosed [", () => {
    const text = edit("tags: [deflect]", "tags: [deflect");
    expect(errors(text)).toEqual([
      `s.yaml:${at(text, "[deflect")}: this \`[\` is never closed, so YAML reads on into the lines below: end the list with \`]\` on this line, like \`[listen, acknowledge]\``,
    ]);
  });

  it("an unclosed {", () => {
    const text = edit("mood: { anger: 20 }", "mood: { anger: 20");
    expect(errors(text)).toEqual([
      `s.yaml:${at(text, "{ anger: 20")}: this \`{\` is never closed, so YAML reads on into the lines below: end it with \`}\` on this line, like \`{ anger: -10, trust: 5 }\``,
    ]);
  });

  it("more after the closing ]", () => {
    const text = edit("tags: [deflect]", "tags: [deflect] [blame]");
    expect(errors(text)).toEqual([
      `s.yaml:${at(text, "[deflect] [blame]", 9)}: there is more after the closing \`]\`: put every item inside the brackets, separated by commas (\`tags: [a, b]\`)`,
    ]);
  });

  it("a tab in the indentation", () => {
    const text = edit("    customer: Thank you. So what now?", "\tcustomer: Thank you. So what now?");
    expect(errors(text)).toEqual([
      `s.yaml:${at(text, "\tcustomer")}: this line is indented with a tab: YAML indents with spaces only, so replace the tab with spaces`,
    ]);
  });

  it("no space after the - of a list item", () => {
    const text = edit("      - id: sorry-again", "      -id: sorry-again");
    expect(errors(text)).toEqual([`s.yaml:${at(text, "-id: sorry-again")}: a list item needs a space after \`-\`: write \`- id:\``]);
  });

  it("no space after the colon of a field", () => {
    const text = edit("        tags: [explore]", "        tags:[explore]");
    expect(errors(text)).toEqual([
      `s.yaml:${at(text, ":[explore]")}: put a space after the colon: write \`tags: [explore]\` (without it, YAML reads \`tags:[explore]\` as one word)`,
    ]);
  });

  it("no colon after a field name", () => {
    const text = edit("        text: I'm so sorry.", "        text I'm so sorry.");
    expect(errors(text)).toEqual([`s.yaml:${at(text, " I'm so sorry.")}: a colon is missing after \`text\`: write \`text: …\``]);
  });

  it("a list item among the fields of a mapping", () => {
    const text = edit("    customer: Thank you. So what now?\n", "    customer: Thank you. So what now?\n    - text: And another thing.\n");
    expect(errors(text)).toEqual([
      `s.yaml:${at(text, "- text: And another")}: this list item (\`- \`) comes among fields (\`key: value\` lines), where YAML expects another field: a list goes under a field with nothing after its colon (like \`choices:\`), indented further than that field`,
    ]);
  });

  it("a field that is not lined up with the one above", () => {
    const text = edit("        tags: [explore]\n        feedback", "        tags: [explore]\n       feedback");
    expect(errors(text)).toEqual([
      `s.yaml:${at(text, "feedback: An open")}: \`feedback:\` is not lined up with \`tags:\` on line ${at(text, "tags: [explore]").split(":")[0]}: items of one list, and fields of one mapping, start in the same column (column 9)`,
    ]);
  });

  it("a list item that is not lined up with the one above", () => {
    const text = edit("      - id: sorry-again", "     - id: sorry-again");
    expect(errors(text)).toEqual([
      `s.yaml:${at(text, "- id: sorry-again")}: this list item is not lined up with the list item on line ${at(text, "- id: what-happened").split(":")[0]}: items of one list, and fields of one mapping, start in the same column (column 7)`,
    ]);
  });

  it("a field indented under a field that already has a value", () => {
    const text = edit("    customer: Thank you. So what now?\n", "    customer: Thank you. So what now?\n      abusive: true\n");
    expect(errors(text)).toEqual([
      `s.yaml:${at(text, "abusive: true")}: \`abusive:\` is indented under \`customer:\`, which already has its value on its line: line \`abusive:\` up with \`customer:\` (column 5)`,
    ]);
  });

  it("text that goes on to a line that is not indented under its field", () => {
    const text = edit("    customer: Thank you. So what now?\n", "    customer: Thank you.\n    So what now?\n");
    expect(errors(text)).toEqual([
      `s.yaml:${at(text, "So what now?")}: this line has no \`field:\`, so YAML cannot read it: if it goes on from the text above, indent it further than \`customer:\` (or put the whole text on one line)`,
    ]);
  });

  it("text that starts with a quote and goes on after it", () => {
    const text = edit("text: I'm so sorry.", 'text: "Sorry" is all I can say.');
    expect(errors(text)).toEqual([
      `s.yaml:${at(text, '"Sorry"')}: this text starts with a quote, so YAML ends it at the closing quote and cannot read the rest (\`is all I can say.\`): put the whole text in single quotes, like \`text: '"Sorry" is all I can say.'\`, or start it with a word`,
    ]);
  });

  it("an apostrophe inside single quotes", () => {
    const text = edit("text: I'm so sorry.", "text: 'I'm so sorry.'");
    expect(errors(text)).toEqual([
      `s.yaml:${at(text, "'I'm so")}: this text is in single quotes and has an apostrophe inside, which ends it early: write the apostrophe twice (\`''\`), or put the text in double quotes, like \`text: "I'm so sorry."\``,
    ]);
  });

  it("a double quote inside double quotes", () => {
    const text = edit("text: I'm so sorry.", 'text: "I said "sorry" twice."');
    expect(errors(text)).toEqual([
      `s.yaml:${at(text, '"I said')}: this text is in double quotes and has a \`"\` inside, which ends it early: write each inner quote as \`\\"\`, or put the text in single quotes, like \`text: 'I said "sorry" twice.'\``,
    ]);
  });

  it.each([
    ["@", "YAML reserves `@` at the start of a value"],
    ["*", "YAML reads `*name` as a reference to an anchor"],
    ["!", "YAML reads `!name` as a type tag"],
    ["%", "YAML reads `%` at the start of a line as a directive"],
  ])("text that starts with %s", (char, why) => {
    const text = edit("text: I'm so sorry.", `text: ${char}sorry, so sorry.`);
    expect(errors(text)).toEqual([
      `s.yaml:${at(text, `${char}sorry, so`)}: this text starts with \`${char}\` (${why}): put the whole text in double quotes, like \`text: "${char}sorry, so sorry."\``,
    ]);
  });

  it("a backslash in double quotes", () => {
    const text = edit("text: I'm so sorry.", 'text: "See C:\\Users\\sam"');
    expect(errors(text)).toEqual([
      `s.yaml:${at(text, "\\Users")}: inside double quotes a backslash starts an escape (like \`\\n\`): write \`\\\\\` for a backslash, or put the text in single quotes`,
    ]);
  });

  it("a duplicate key names the key and both lines", () => {
    const text = edit(
      "        feedback: Blame raises the temperature.\n",
      "        feedback: Blame raises the temperature.\n        feedback: Again.\n",
    );
    const first = at(text, "feedback: Blame").split(":")[0];
    const second = at(text, "feedback: Again").split(":")[0];
    expect(errors(text)).toEqual([
      `s.yaml:${second}:9: \`feedback\` appears twice in the same mapping (lines ${first} and ${second}): each field may appear once, so keep one of them`,
    ]);
  });
});

describe("scenario slips: errors that say which node or choice, and what to write", () => {
  it("an unknown tag with no near match lists the tags", () => {
    const text = edit("tags: [deflect]", "tags: [empathy]");
    expect(errors(text)).toEqual([
      `s.yaml:${at(text, "empathy")}: unknown tag \`empathy\`: use one of ${TAG_NAMES.map((t) => `\`${t}\``).join(", ")} (see the tag list in README)`,
    ]);
    expect(TAG_NAMES.length).toBe(24);
  });

  it("an unknown tag with a near match keeps the suggestion", () => {
    const text = edit("tags: [deflect]", "tags: [acknowledgd]");
    expect(errors(text)).toEqual([`s.yaml:${at(text, "acknowledgd")}: unknown tag \`acknowledgd\` (did you mean \`acknowledge\`?)`]);
  });

  it("a misspelt field: did you mean", () => {
    const text = edit("feedback: Blame raises", "feedbak: Blame raises");
    expect(errors(text)).toEqual([
      `s.yaml:${at(text, "feedbak")}: unknown field \`feedbak\` in choice \`why-didnt\` (did you mean \`feedback\`?)`,
    ]);
  });

  it("a misspelt required field is one problem, not two", () => {
    const text = edit("    customer: Thank you. So what now?", "    custmer: Thank you. So what now?");
    expect(errors(text)).toEqual([
      `s.yaml:${at(text, "custmer")}: unknown field \`custmer\` in node \`acked\` (did you mean \`customer\`?)`,
    ]);
  });

  it("a field at the wrong level says where it belongs", () => {
    const text = edit("    customer: Thank you. So what now?\n", "    customer: Thank you. So what now?\n    feedback: Well done.\n");
    expect(errors(text)).toEqual([
      `s.yaml:${at(text, "feedback: Well")}: \`feedback:\` is not a field of a node; it belongs to a choice: check its indentation`,
    ]);
  });

  it("a duplicate fact id names both lines", () => {
    const text = edit("  - id: second-call", "  - id: broke-week");
    expect(errors(text)).toContain(
      `s.yaml:${at(text, "broke-week", 0, 1)}: duplicate fact id \`broke-week\`: fact 1 (line ${at(text, "broke-week").split(":")[0]}) already has it; give each fact its own id`,
    );
  });

  // [what to change, into what, where the message points (the mapping that lacks the field), message]
  it.each([
    [
      "    customer: Thank you. So what now?\n",
      "",
      "id: acked",
      "node `acked` has no `customer:` line: add what the customer says at this point",
    ],
    [
      "  - id: acked\n    customer:",
      "  - customer:",
      "customer: Thank you.",
      "node 3 has no `id:` line: give it an id of lower-case letters, digits, - and _ (like `opening-vent`)",
    ],
    ["        text: I'm so sorry.\n", "", "id: sorry-again", "choice `sorry-again` has no `text:` line: add what the agent says"],
    [
      "        tags: [explore]\n",
      "",
      "id: what-happened",
      "choice `what-happened` has no `tags:` line: add at least one tag, like `tags: [listen]`",
    ],
    [
      "        next: acked\n  - id: explored",
      "  - id: explored",
      "id: sorry-again",
      "choice `sorry-again` has no `next:` line: add the id of the node the call goes to next",
    ],
    [
      "      - id: sorry-again\n        text:",
      "      - text:",
      "text: I'm so sorry.",
      "choice 2 of node `acked` has no `id:` line: give it an id of lower-case letters, digits, - and _ (like `opening-vent`)",
    ],
    [
      "    text: This is the second call about it\n",
      "",
      "id: second-call",
      "fact `second-call` has no `text:` line: add the fact in words",
    ],
    [
      "ending: { kind: hung-up }",
      "ending: { summary: Gone. }",
      "{ summary: Gone.",
      "the `ending` of node `hangup` has no `kind:` line: use `resolved`, `escalated`, `hung-up` or `agent-ended`",
    ],
    ["  name: Sam\n", "", "description: Polite", "`persona` has no `name:` line: add the customer's name"],
    ["mood: { anger: 60, trust: 40 }", "mood: { anger: 60 }", "{ anger: 60", "`mood` has no `trust:` line: add a number from 0 to 100"],
    [
      "            to: hangup\n",
      "",
      "when: anger >= 90",
      "branch 1 of choice `why-didnt` has no `to:` line: add the id of the node this branch goes to",
    ],
    [
      "      - text: My kettle broke after a week and this is the second time I'm calling!",
      "      - when: anger < 10",
      "when: anger < 10",
      "customer line 2 of node `open` has no `text:` line: add what the customer says",
    ],
  ])("a missing required field says which and what to add (%#)", (from, to, where, message) => {
    const text = edit(from, to);
    expect(errors(text)).toEqual([`s.yaml:${at(text, where)}: ${message}`]);
  });

  it("an empty field says so, at its line", () => {
    const text = edit("    customer: Thank you. So what now?", "    customer:");
    expect(errors(text)).toEqual([
      `s.yaml:${at(text, "customer:\n    choices:")}: \`customer:\` in node \`acked\` is empty: add what the customer says at this point`,
    ]);
  });

  it("a number where text goes: quote it", () => {
    const text = edit("text: I'm so sorry.", "text: 42");
    expect(errors(text)).toEqual([
      `s.yaml:${at(text, "42")}: \`text\` should be text, got number \`42\`: put it in quotes (\`"42"\`) to use it as text`,
    ]);
  });

  it("tags without brackets", () => {
    const text = edit("tags: [deflect]", "tags: deflect, blame");
    expect(errors(text)).toEqual([
      `s.yaml:${at(text, "deflect, blame")}: \`tags\` should be a list, got text \`deflect, blame\`: write a list in brackets, like \`tags: [deflect, blame]\``,
    ]);
  });

  it("a node id in brackets after next", () => {
    const text = edit("next: close-meh", "next: [close-meh]");
    expect(errors(text)).toEqual([
      `s.yaml:${at(text, "close-meh]")}: \`next\` item 1 should be a mapping of fields, got text \`close-meh\`: a branch is written \`{ when: anger >= 90, to: hang-up }\`; to go to one node, write \`next: close-meh\` without brackets`,
    ]);
  });

  it("an ending written as a word", () => {
    const text = edit("ending: { kind: resolved }", "ending: resolved");
    expect(errors(text)).toEqual([
      `s.yaml:${at(text, "resolved\n")}: \`ending\` should be a mapping of fields, got text \`resolved\`: write it like \`ending: { kind: resolved, summary: The customer has a plan. }\``,
    ]);
  });

  it("an id with capitals or spaces suggests one", () => {
    const text = edit("id: sorry-again", "id: Sorry Again");
    expect(errors(text)).toEqual([
      `s.yaml:${at(text, "Sorry Again")}: \`Sorry Again\` is not a valid id: ids use lower-case letters, digits, - and _ (e.g. \`opening-vent\`); try \`sorry-again\``,
    ]);
  });

  it("a text over 4,000 characters says how long it is", () => {
    const text = edit("text: I'm so sorry.", `text: ${"a".repeat(4001)}`);
    expect(errors(text)).toEqual([`s.yaml:${at(text, "aaaa")}: \`text\` is 4,001 characters long; the limit is 4,000: shorten it`]);
  });

  it("a sixth choice", () => {
    const extra = [1, 2, 3, 4].map((i) => `      - { id: c${i}, text: Hm., tags: [neutral], feedback: Fine., next: close-meh }\n`).join("");
    const text = edit("      - id: someone\n", `${extra}      - id: someone\n`);
    expect(errors(text)).toEqual([
      `s.yaml:${at(text, "choices:", 0, 4)}: node \`summarised\` has 6 choices: at most 5 choices per node (the player maps them to keys 1-5)`,
    ]);
  });
});

describe("warnings: the scenario loads (validate exits 0), and each says what to change", () => {
  it("a choice with no feedback", () => {
    const text = edit("        feedback: Blame raises the temperature.\n", "");
    expect(warnings(text)).toEqual([
      `s.yaml:${at(text, "why-didnt")}: warning: choice \`why-didnt\` has no \`feedback:\`: the debrief will show the trainee no coaching for it; add a sentence on why it helps or hurts`,
    ]);
  });

  it("contradictory tags", () => {
    const text = edit("tags: [listen]", "tags: [listen, hostile]");
    expect(warnings(text)).toEqual([
      `s.yaml:${at(text, "[listen, hostile]")}: warning: tags \`listen\` and \`hostile\` contradict each other (a line that matches the caller's hostility does not invite their story): keep the one that describes the line`,
    ]);
  });

  it("neutral with another tag", () => {
    const text = edit("tags: [deflect]", "tags: [neutral, deflect]");
    expect(warnings(text)).toEqual([
      `s.yaml:${at(text, "[neutral, deflect]")}: warning: \`neutral\` means the line neither helps nor hurts, but it is tagged \`deflect\` too: remove \`neutral\` or the others`,
    ]);
  });

  it("realistic mixed lines are not contradictions", () => {
    const text = edit("tags: [deflect]", "tags: [acknowledge, defensive]").replace("tags: [blame]", "tags: [blame, hostile]");
    expect(warnings(text)).toEqual([]);
  });

  it("confirm that the call can reach with no summary before it, with the route", () => {
    const text = edit("tags: [explore]", "tags: [explore, confirm]");
    expect(warnings(text)).toEqual([
      `s.yaml:${at(text, "confirm]")}: warning: \`confirm\` checks a summary, but the call can reach \`what-happened\` with no choice tagged \`paraphrase\` before it (after \`tell-me\`, \`sorry\`); a confirm with nothing to confirm scores nothing: tag the summary before it \`paraphrase\`, or offer this choice only after one`,
    ]);
  });

  it("no warning for confirm after a summary on every path, or in the summary itself", () => {
    // `plan` comes only after `summary` or `summary-wrong`, both summaries; `summary` is paraphrase and confirm at once.
    const text = edit("tags: [respond, options, commit, own]", "tags: [respond, options, commit, own, confirm]");
    expect(warnings(text)).toEqual([]);
  });

  it("facts on a choice that is not a summary", () => {
    const text = edit("        tags: [explore]\n", "        tags: [explore]\n        facts: [broke-week]\n");
    expect(warnings(text)).toEqual([
      `s.yaml:${at(text, "[broke-week]\n        feedback: An open")}: warning: \`facts\` count only on a choice tagged \`paraphrase\` (a summary of the problem): tag \`what-happened\` \`paraphrase\` if it sums up the problem, or remove its \`facts\``,
    ]);
  });

  it("text cut short by a # that YAML reads as a comment", () => {
    const text = edit("text: I'm so sorry.", "text: You're our #1 customer, I'm so sorry.");
    expect(warnings(text)).toEqual([
      `s.yaml:${at(text, "#1")}: warning: the text stops before \`#1 customer, I'm so sorry.\`: YAML reads \` #\` as the start of a comment and drops the rest of the line; to keep it, put the whole text in quotes, like \`text: "You're our #1 customer, I'm so sorry."\``,
    ]);
    // A real comment (`# like this`) is not a slip.
    expect(warnings(edit("text: I'm so sorry.", "text: I'm so sorry. # the loop"))).toEqual([]);
  });

  it("many warnings never hide an error: errors are kept when the list is cut at 200", () => {
    const chain = chainYaml(300, false).replace("tags: [listen], next: end }", "tags: [lisen], next: end }");
    const result = loadScenario(chain, "c.yaml");
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems;
    expect(problems.length).toBe(201);
    expect(problems.filter((p) => p.message === "unknown tag `lisen` (did you mean `listen`?)")).toHaveLength(1);
    expect(problems.at(-1)).toMatchObject({ severity: "error", message: "102 more problems not shown: fix these first" });
    const onlyWarnings = loadScenario(chainYaml(300, false), "c.yaml");
    expect(onlyWarnings.ok && onlyWarnings.warnings.at(-1)).toMatchObject({
      severity: "warning",
      message: "101 more problems not shown: fix these first",
    });
  });

  it("the built-in scenarios have no warnings", () => {
    const dir = new URL("../../scenarios/", import.meta.url);
    for (const file of ["abusive-caller.yaml", "billing-error.yaml", "broadband-outage.yaml", "delayed-update.yaml"]) {
      const result = loadScenario(readFileSync(new URL(file, dir), "utf8"), file);
      expect(result.ok && result.warnings.map(formatProblem)).toEqual([]);
    }
  });
});
