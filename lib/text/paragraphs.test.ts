import { describe, expect, it } from "vitest";
import { paragraphs } from "./paragraphs";

describe("paragraphs", () => {
  it("folds single line breaks and splits on blank lines", () => {
    expect(paragraphs("One line\nwraps here.\n\n  Second\n  paragraph.\n")).toEqual(["One line wraps here.", "Second paragraph."]);
  });

  it("returns nothing for blank text", () => {
    expect(paragraphs(" \n \n")).toEqual([]);
  });
});
