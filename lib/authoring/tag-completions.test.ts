import { describe, expect, it } from "vitest";
import { TAGS } from "../scenario/tags";
import { tagCompletions } from "./tag-completions";

describe("tag hints in the editor", () => {
  it("offers the tags that start with what is typed, with their definitions", () => {
    const c = tagCompletions("        tags: [listen, s");
    expect(c!.from).toBe("        tags: [listen, ".length);
    expect(c!.options.map((o) => o.label)).toEqual(["sales-pitch"]);
    expect(c!.options[0]!.info).toBe(TAGS["sales-pitch"]);
  });

  it("leaves out tags already in the list, and offers every tag on an empty one", () => {
    expect(tagCompletions("tags: [listen, ")!.options.map((o) => o.label)).not.toContain("listen");
    expect(tagCompletions("    tags: [")!.options.length).toBe(Object.keys(TAGS).length);
    expect(tagCompletions("    tags: [")!.options.map((o) => o.label)).toContain("walk-back");
  });

  it("works on block lists under `tags:` and stays quiet elsewhere", () => {
    expect(tagCompletions("      - ack", "    tags:")!.options.map((o) => o.label)).toEqual(["acknowledge"]);
    expect(tagCompletions("      - ack", "    facts:")).toBeNull();
    expect(tagCompletions("    text: I'll list")).toBeNull();
    expect(tagCompletions("    tags: [listen]")).toBeNull();
    expect(tagCompletions("    tags: [zzz")).toBeNull();
  });
});
