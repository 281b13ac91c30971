import { describe, expect, it } from "vitest";
import { Lexer } from "yaml";
import { loadScenario } from "../scenario/load";
import { applyEdit, changeBetween, freeId, type ScenarioEdit } from "./edit-yaml";
import { emptyScenarioTemplate } from "./empty-template";
import { readEditable } from "./editable";
import { scenarioTemplate } from "./template";

const TEMPLATE = scenarioTemplate("edit-test");

function edited(text: string, edit: ScenarioEdit): string {
  const result = applyEdit(text, edit);
  if (!result.ok) throw new Error(`refused: ${result.message}`);
  // The change handed to the editor turns the old text into the new one.
  const { from, to, insert } = result.change;
  expect(text.slice(0, from) + insert + text.slice(to)).toBe(result.text);
  return result.text;
}

function refused(text: string, edit: ScenarioEdit): string {
  const result = applyEdit(text, edit);
  if (result.ok) throw new Error(`expected a refusal, got:\n${result.text}`);
  return result.message;
}

/** The comments in a text, as YAML reads them (not a # inside quoted text). */
const comments = (text: string) => [...new Lexer().lex(text)].filter((token) => token.startsWith("#"));

function loads(text: string) {
  const result = loadScenario(text);
  if (!result.ok) throw new Error(result.problems.map((p) => `${p.line}:${p.col} ${p.message}`).join("\n"));
  return result.scenario;
}

describe("applyEdit: each edit changes only its own lines and keeps every comment", () => {
  it("sets a choice's text in place, in the style it was written", () => {
    const next = edited(TEMPLATE, { kind: "set-choice-text", nodeId: "details", choiceId: "ask-lights", text: "Which lights are on?" });
    expect(next).toBe(
      TEMPLATE.replace("text: Can you tell me which lights you can see on the router right now?", "text: Which lights are on?"),
    );
    expect(loads(next).nodes.details!.choices[0]!.text).toBe("Which lights are on?");
  });

  it("keeps single quotes, and quotes text that plain YAML would misread", () => {
    const quoted = edited(TEMPLATE, {
      kind: "set-feedback",
      nodeId: "opening",
      choiceId: "tell-calm-down",
      text: '"Calm down" sounds like "your feelings are the problem".',
    });
    expect(quoted).toBe(
      TEMPLATE.replace(
        `feedback: '"Calm down" tells the customer their feelings are the problem.'`,
        `feedback: '"Calm down" sounds like "your feelings are the problem".'`,
      ),
    );
    // A colon and a hash would end a plain scalar; "true" would read as a boolean.
    for (const text of ["Note: this # is not a comment", "true", "123", "- a dash", "[not a list]"]) {
      const next = edited(TEMPLATE, { kind: "set-choice-text", nodeId: "details", choiceId: "ask-lights", text });
      expect(loads(next).nodes.details!.choices[0]!.text).toBe(text);
      expect(comments(next)).toEqual(comments(TEMPLATE));
    }
  });

  it("rewrites a block scalar as a block scalar, its header comment kept", () => {
    const next = edited(TEMPLATE, { kind: "set-scenario-field", field: "brief", value: "First line.\nSecond line." });
    expect(next).toContain(
      "brief: |                      # what the trainee reads before the call\n  First line.\n  Second line.\npersona:",
    );
    // Still `|` (the text keeps its final line break), not `|-`.
    expect(loads(next).brief).toBe("First line.\nSecond line.");
    expect(comments(next)).toEqual(comments(TEMPLATE));
  });

  it("sets the title, persona, difficulty, starting mood and start node, comments on those lines kept", () => {
    let next = edited(TEMPLATE, { kind: "set-scenario-field", field: "title", value: "Router down" });
    next = edited(next, { kind: "set-scenario-field", field: "difficulty", value: "hard" });
    next = edited(next, { kind: "set-scenario-field", field: "persona.name", value: "Sam Jones" });
    next = edited(next, { kind: "set-scenario-field", field: "mood.anger", value: 75 });
    next = edited(next, { kind: "set-scenario-field", field: "start", value: "story" });
    expect(next).toContain("title: Router down\n");
    expect(next).toContain("difficulty: hard              # easy | medium | hard\n");
    expect(next).toContain("  name: Sam Jones\n");
    expect(next).toContain("mood: { anger: 75, trust: 30 }   # starting mood, 0-100 each\n");
    expect(next).toContain("start: story                # the first node\n");
    expect(comments(next)).toEqual(comments(TEMPLATE));
    // Every other line is the same, byte for byte.
    const changed = new Set(["title:", "difficulty:", "  name:", "mood:", "start:"]);
    const keep = (t: string) => t.split("\n").filter((l) => ![...changed].some((c) => l.startsWith(c)));
    expect(keep(next)).toEqual(keep(TEMPLATE));
  });

  it("adds a node at the end of `nodes`, separated by a blank line like the others", () => {
    const result = applyEdit(TEMPLATE, {
      kind: "add-node",
      customer: "Fine: put me through to someone who can help.",
      ending: { kind: "agent-ended", summary: "Transferred." },
    });
    if (!result.ok) throw new Error(result.message);
    expect(result.text).toBe(
      `${TEMPLATE}\n  - id: fine-put-me-through\n    customer: "Fine: put me through to someone who can help."\n    ending: { kind: agent-ended, summary: Transferred. }\n`,
    );
    expect(result.select).toEqual({ nodeId: "fine-put-me-through" });
    // Unreachable until a choice leads there: the loader says so at the new node.
    const load = loadScenario(result.text);
    expect(!load.ok && load.problems.map((p) => p.message)).toEqual([
      "node `fine-put-me-through` is unreachable: no choice leads to it from the start node `opening`",
    ]);
  });

  it("adds a node and points a choice at it in one edit", () => {
    const next = edited(TEMPLATE, {
      kind: "add-node",
      id: "transfer",
      customer: "Fine, transfer me.",
      ending: { kind: "agent-ended" },
      from: { nodeId: "details", choiceId: "promise-fixed" },
    });
    const s = loads(next);
    expect(s.nodes.details!.choices[1]!.branches).toEqual([{ to: "transfer" }]);
    expect(s.nodes.transfer!.ending).toEqual({ kind: "agent-ended" });
    expect(comments(next)).toEqual(comments(TEMPLATE));
  });

  it("adds a choice after the node's last one, at its indentation", () => {
    const result = applyEdit(TEMPLATE, {
      kind: "add-choice",
      nodeId: "plan",
      text: "Let me check what I can do.",
      tags: ["own"],
      next: "resolved",
    });
    if (!result.ok) throw new Error(result.message);
    expect(result.select).toEqual({ nodeId: "plan", choiceId: "let-me-check-what" });
    expect(result.text).toBe(
      TEMPLATE.replace(
        "        next: escalate\n\n  - id: resolved",
        "        next: escalate\n      - id: let-me-check-what\n        text: Let me check what I can do.\n        tags: [own]\n        next: resolved\n\n  - id: resolved",
      ),
    );
    expect(loads(result.text).nodes.plan!.choices.map((c) => c.id)).toEqual(["own-next-step", "someone-will-call", "let-me-check-what"]);
  });

  it("gives a node with no choices its first one", () => {
    let next = edited(emptyScenarioTemplate("empty-test"), {
      kind: "add-choice",
      nodeId: "opening",
      text: "Tell me more.",
      tags: ["listen"],
    });
    expect(
      next.endsWith(
        "    customer: Hello? I need some help, and quickly.\n    choices:\n      - id: tell-me-more\n        text: Tell me more.\n        tags: [listen]\n",
      ),
    ).toBe(true);
    next = edited(next, { kind: "connect", nodeId: "opening", choiceId: "tell-me-more", to: "opening" });
    expect(next).toContain("        tags: [listen]\n        next: opening\n");
  });

  it("connects a choice, or one branch of a choice with branches", () => {
    const plain = edited(TEMPLATE, { kind: "connect", nodeId: "opening", choiceId: "tell-calm-down", to: "escalate" });
    expect(plain).toBe(
      TEMPLATE.replace(
        "feedback: '\"Calm down\" tells the customer their feelings are the problem.'\n        next: story",
        "feedback: '\"Calm down\" tells the customer their feelings are the problem.'\n        next: escalate",
      ),
    );
    const branch = edited(TEMPLATE, { kind: "connect", nodeId: "story", choiceId: "read-policy", to: "summary" });
    expect(branch).toBe(TEMPLATE.replace("          - to: details", "          - to: summary"));
    const first = edited(TEMPLATE, { kind: "connect", nodeId: "story", choiceId: "read-policy", to: "escalate", branch: 0 });
    expect(first).toBe(TEMPLATE.replace("            to: hang-up", "            to: escalate"));
    // A node with no remaining way in becomes unreachable: the loader reports it as usual.
    expect(loadScenario(first).ok).toBe(false);
  });

  it("sets tags, mood, feedback and the facts a summary covers; empty values remove the line", () => {
    let next = edited(TEMPLATE, { kind: "set-tags", nodeId: "details", choiceId: "ask-lights", tags: ["explore", "listen"] });
    expect(next).toBe(TEMPLATE.replace("tags: [explore]", "tags: [explore, listen]"));
    next = edited(next, { kind: "set-mood", nodeId: "details", choiceId: "ask-lights", mood: { anger: -10, trust: 0 } });
    const feedback = "        feedback: A specific, open question gets the facts you need.\n";
    expect(next).toContain(`        tags: [explore, listen]\n        mood: { anger: -10 }\n${feedback}        next: summary`);
    next = edited(next, { kind: "set-feedback", nodeId: "details", choiceId: "ask-lights", text: "" });
    expect(next).toContain("        mood: { anger: -10 }\n        next: summary\n");
    // Feedback where there was none goes after the choice's other lines.
    next = edited(next, { kind: "set-feedback", nodeId: "details", choiceId: "ask-lights", text: "A question about facts." });
    expect(next).toContain("        mood: { anger: -10 }\n        next: summary\n        feedback: A question about facts.\n");
    next = edited(next, { kind: "set-feedback", nodeId: "details", choiceId: "ask-lights", text: "" });
    next = edited(next, { kind: "set-mood", nodeId: "details", choiceId: "ask-lights", mood: {} });
    expect(next).toBe(TEMPLATE.replace(`tags: [explore]\n        mood: { anger: -5, trust: 5 }\n${feedback}`, "tags: [explore, listen]\n"));
    next = edited(TEMPLATE, { kind: "set-choice-facts", nodeId: "summary", choiceId: "sum-up", facts: ["outage"] });
    expect(next).toBe(TEMPLATE.replace("facts: [outage, client-call]", "facts: [outage]"));
    expect(loads(next).nodes.summary!.choices[0]!.facts).toEqual(["outage"]);
  });

  it("sets a customer line, plain or one of several", () => {
    const plain = edited(TEMPLATE, { kind: "set-customer", nodeId: "details", text: "So what now?" });
    expect(plain).toBe(TEMPLATE.replace("customer: So what are you going to do about it?", "customer: So what now?"));
    const first = edited(TEMPLATE, { kind: "set-customer", nodeId: "story", line: 0, text: "Three restarts! Nothing!" });
    expect(first).toBe(
      TEMPLATE.replace(
        "text: I've restarted the router three times! Nothing works and nobody tells me anything.",
        "text: Three restarts! Nothing!",
      ),
    );
    expect(loads(first).nodes.story!.lines[0]!.text).toBe("Three restarts! Nothing!");
  });

  it("changes, adds and removes an ending and its summary", () => {
    let next = edited(TEMPLATE, { kind: "set-ending", nodeId: "escalate", ending: { kind: "hung-up" } });
    expect(next).toBe(
      TEMPLATE.replace("ending: { kind: escalated, summary: The customer asked for a manager. }", "ending: { kind: hung-up }"),
    );
    next = edited(next, { kind: "set-ending", nodeId: "escalate", ending: { kind: "hung-up", summary: "Gone, angry." } });
    expect(next).toContain('ending: { kind: hung-up, summary: "Gone, angry." }');
    expect(loads(next).nodes.escalate!.ending).toEqual({ kind: "hung-up", summary: "Gone, angry." });
    const added = edited(emptyScenarioTemplate("e"), { kind: "set-ending", nodeId: "opening", ending: { kind: "resolved" } });
    expect(added.endsWith("    customer: Hello? I need some help, and quickly.\n    ending: { kind: resolved }\n")).toBe(true);
    const removed = edited(added, { kind: "set-ending", nodeId: "opening", ending: null });
    expect(removed).toBe(emptyScenarioTemplate("e"));
  });

  it("removes a choice and a node, with the blank line between nodes", () => {
    let next = edited(TEMPLATE, { kind: "remove-choice", nodeId: "plan", choiceId: "someone-will-call" });
    expect(next).toBe(
      TEMPLATE.replace(
        "      - id: someone-will-call\n        text: Someone will look into it at some point.\n        tags: [vague-promise]\n        mood: { anger: 10, trust: -10 }\n        feedback: No owner and no time; the customer has nothing to hold on to.\n        next: escalate\n",
        "",
      ),
    );
    next = edited(TEMPLATE, { kind: "connect", nodeId: "story", choiceId: "read-policy", to: "escalate", branch: 0 });
    next = edited(next, { kind: "remove-node", nodeId: "hang-up" });
    expect(next).toBe(
      TEMPLATE.replace("            to: hang-up", "            to: escalate").replace(
        "\n  - id: hang-up\n    customer: Forget it, I'm done.\n    ending: { kind: hung-up, summary: The customer hung up. }\n",
        "",
      ),
    );
    loads(next);
  });

  it("adds and edits key facts", () => {
    let next = edited(TEMPLATE, { kind: "add-fact", text: "They work from home" });
    expect(next).toContain(
      "    text: They have an important client call at 3 pm\n  - id: they-work-from-home\n    text: They work from home\n\nstart:",
    );
    next = edited(next, { kind: "set-fact", factId: "outage", text: "Down since 8 am" });
    expect(readEditable(next)!.facts).toEqual([
      { id: "outage", text: "Down since 8 am" },
      { id: "client-call", text: "They have an important client call at 3 pm" },
      { id: "they-work-from-home", text: "They work from home" },
    ]);
  });

  it("keeps Windows line endings", () => {
    const crlf = TEMPLATE.replace(/\n/g, "\r\n");
    const next = edited(crlf, { kind: "add-choice", nodeId: "plan", text: "One moment.", tags: ["neutral"], next: "resolved" });
    expect(next.replace(/\r\n/g, "")).not.toContain("\n");
    expect(loads(next).nodes.plan!.choices).toHaveLength(3);
  });

  it("builds a whole scenario from the empty template, which then loads with no errors", () => {
    let text = emptyScenarioTemplate("built");
    text = edited(text, { kind: "set-scenario-field", field: "title", value: "Parcel lost" });
    text = edited(text, { kind: "set-fact", factId: "problem", text: "The parcel never arrived" });
    text = edited(text, {
      kind: "add-choice",
      nodeId: "opening",
      text: "So your parcel never arrived. Is that right?",
      tags: ["paraphrase", "confirm"],
    });
    text = edited(text, { kind: "set-choice-facts", nodeId: "opening", choiceId: "so-your-parcel-never", facts: ["problem"] });
    text = edited(text, {
      kind: "add-node",
      customer: "Yes. Thank you.",
      ending: { kind: "resolved" },
      from: { nodeId: "opening", choiceId: "so-your-parcel-never" },
    });
    const s = loads(text);
    expect(s.title).toBe("Parcel lost");
    expect(s.nodes.opening!.choices[0]!.branches).toEqual([{ to: "yes-thank-you" }]);
    expect(comments(text)).toEqual(comments(emptyScenarioTemplate("built")));
  });
});

describe("applyEdit refuses edits it cannot make, with a message", () => {
  it.each<[string, ScenarioEdit, string | RegExp]>([
    ["an unknown node", { kind: "set-customer", nodeId: "nope", text: "x" }, "There is no node `nope`."],
    ["an unknown choice", { kind: "set-choice-text", nodeId: "plan", choiceId: "nope", text: "x" }, "Node `plan` has no choice `nope`."],
    [
      "empty text",
      { kind: "set-choice-text", nodeId: "plan", choiceId: "own-next-step", text: "  " },
      "What the agent says must not be empty.",
    ],
    ["text over the limit", { kind: "set-customer", nodeId: "plan", text: "x".repeat(4001) }, /4001 characters; the most is 4000/],
    ["a taken node id", { kind: "add-node", id: "plan", customer: "Hi" }, "There is already a node `plan`: choose another id."],
    ["a malformed id", { kind: "add-node", id: "Big Node", customer: "Hi" }, /cannot be a node id: use lower-case letters/],
    [
      "a target that does not exist",
      { kind: "connect", nodeId: "plan", choiceId: "own-next-step", to: "nowhere" },
      "There is no node `nowhere`.",
    ],
    [
      "an unknown tag",
      { kind: "set-tags", nodeId: "plan", choiceId: "own-next-step", tags: ["empathy"] },
      "`empathy` is not a tag: choose from the tag list.",
    ],
    ["no tags", { kind: "set-tags", nodeId: "plan", choiceId: "own-next-step", tags: [] }, /at least one tag/],
    ["a choice on an ending", { kind: "add-choice", nodeId: "resolved", text: "Bye" }, /ends the call: remove its ending/],
    [
      "an ending on a node with choices",
      { kind: "set-ending", nodeId: "plan", ending: { kind: "resolved" } },
      /has choices, and an ending has none/,
    ],
    [
      "removing the start node",
      { kind: "remove-node", nodeId: "opening" },
      "`opening` is the start node: make another node the start first.",
    ],
    ["removing a node choices lead to", { kind: "remove-node", nodeId: "hang-up" }, /Choices in `story` lead to `hang-up`/],
    [
      "a mood change out of range",
      { kind: "set-mood", nodeId: "plan", choiceId: "own-next-step", mood: { anger: 150 } },
      /whole number from -100 to 100/,
    ],
    ["a starting mood out of range", { kind: "set-scenario-field", field: "mood.trust", value: -1 }, /whole number from 0 to 100/],
    [
      "an unknown fact",
      { kind: "set-choice-facts", nodeId: "summary", choiceId: "sum-up", facts: ["nope"] },
      /There is no key fact `nope`/,
    ],
    [
      "an unknown ending kind",
      { kind: "set-ending", nodeId: "resolved", ending: { kind: "won" as "resolved" } },
      /An ending is one of resolved/,
    ],
  ])("%s", (_, edit, message) => {
    const text = refused(TEMPLATE, edit);
    if (typeof message === "string") expect(text).toBe(message);
    else expect(text).toMatch(message);
  });

  it("a sixth choice", () => {
    let text = TEMPLATE;
    for (let i = 0; i < 3; i++)
      text = edited(text, { kind: "add-choice", nodeId: "plan", text: `Option ${i}`, tags: ["options"], next: "resolved" });
    expect(refused(text, { kind: "add-choice", nodeId: "plan", text: "One more" })).toMatch(/already has 5 choices/);
  });

  it("text that is not YAML right now: fix it in the editor first", () => {
    const broken = TEMPLATE.replace("title: Internet down before a client call", 'title: "unclosed');
    expect(refused(broken, { kind: "set-customer", nodeId: "plan", text: "x" })).toMatch(/^The YAML has a problem at line \d+/);
  });

  it("a value that is an alias is changed where its anchor is", () => {
    const aliased = TEMPLATE.replace(
      "customer: So what are you going to do about it?",
      "customer: &said So what are you going to do about it?",
    ).replace("customer: Yes, exactly. Can you fix it in time?", "customer: *said");
    expect(loadScenario(aliased).ok).toBe(true);
    expect(refused(aliased, { kind: "set-customer", nodeId: "plan", text: "x" })).toMatch(/alias/);
  });

  it("never changes the text when it refuses, and never throws on odd input", () => {
    for (const text of ["", "just words", "- a\n- list\n", "nodes: 3\n", "id: x\nnodes: [{ id: b, customer: hi }]\n"]) {
      const result = applyEdit(text, { kind: "add-choice", nodeId: "a", text: "Hello", tags: ["listen"] });
      expect(result.ok, text).toBe(false);
    }
  });
});

describe("helpers", () => {
  it("freeId makes ids from the first words, unique", () => {
    expect(freeId("I'm sorry you've lost a whole morning", new Set(), "choice")).toBe("im-sorry-youve-lost");
    expect(freeId("Hello there", new Set(["hello-there"]), "node")).toBe("hello-there-2");
    expect(freeId("¿¡!", new Set(), "node")).toBe("node");
  });

  it("changeBetween finds the one replacement", () => {
    expect(changeBetween("abcdef", "abXYef")).toEqual({ from: 2, to: 4, insert: "XY" });
    expect(changeBetween("abc", "abc")).toEqual({ from: 3, to: 3, insert: "" });
  });
});
