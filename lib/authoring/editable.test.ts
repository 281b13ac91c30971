import { describe, expect, it } from "vitest";
import { readEditable } from "./editable";
import { scenarioTemplate } from "./template";

describe("readEditable", () => {
  it("reads what the panel edits: fields, facts, lines with conditions, branches, endings, line ranges", () => {
    const s = readEditable(scenarioTemplate("t"))!;
    expect(s).toMatchObject({ title: "Internet down before a client call", difficulty: "easy", anger: 60, trust: 30, start: "opening" });
    expect(s.facts.map((f) => f.id)).toEqual(["outage", "client-call"]);
    const story = s.nodes.find((n) => n.id === "story")!;
    expect(story.lines).toEqual([
      { when: "anger >= 60", text: "I've restarted the router three times! Nothing works and nobody tells me anything." },
      { when: null, text: "I've restarted the router a few times, but it still won't connect." },
    ]);
    const opening = s.nodes[0]!;
    expect(opening.choices[1]).toMatchObject({
      id: "tell-calm-down",
      tags: ["calm-down"],
      mood: { anger: 15, trust: -10 },
      branched: false,
      next: [{ when: null, to: "story" }],
    });
    expect(story.choices[1]).toMatchObject({
      id: "read-policy",
      tags: ["deflect"],
      branched: true,
      next: [
        { when: "anger >= 80", to: "hang-up" },
        { when: null, to: "details" },
      ],
    });
    expect(s.nodes.find((n) => n.id === "resolved")!.ending).toEqual({ kind: "resolved", summary: "The customer has a plan and a time." });
    // Each node spans from its `- id:` line to the line before the next node.
    expect(story.firstLine).toBe(opening.lastLine + 1);
  });

  it("is lenient with drafts the loader rejects, and null for text that is not YAML", () => {
    const draft = readEditable("nodes:\n  - id: a\n    choices:\n      - id: c\n        next: nowhere\n  - 7\n  - id: a\n");
    expect(draft!.nodes).toHaveLength(1);
    expect(draft!.nodes[0]!.choices[0]).toMatchObject({ id: "c", text: "", tags: [], next: [{ to: "nowhere", when: null }] });
    expect(readEditable('title: "unclosed')).toBeNull();
    expect(readEditable("- a list")).toBeNull();
  });
});
