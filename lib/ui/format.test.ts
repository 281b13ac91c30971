import { describe, expect, it } from "vitest";
import { criticalErrorLabels, describeChange, formatChange, formatPoints, outcomeLabel, outcomeSentence, plural } from "./format";

describe("format", () => {
  it("signs points with a real minus sign and one decimal", () => {
    expect(formatPoints(20)).toBe("+20");
    expect(formatPoints(-25)).toBe("\u221225");
    expect(formatPoints(13.333)).toBe("+13.3");
    expect(formatPoints(0)).toBe("0");
    expect(formatChange(0)).toBe("no change");
    expect(formatChange(-10)).toBe("\u221210");
  });

  it("describes changes in words for screen readers", () => {
    expect(describeChange(-10)).toBe("down 10");
    expect(describeChange(5)).toBe("up 5");
    expect(describeChange(0)).toBe("unchanged");
  });

  it("names every ending kind in plain words", () => {
    expect(outcomeLabel("hung-up")).toBe("Customer hung up");
    expect(outcomeLabel("agent-ended")).toBe("You ended the call");
    expect(outcomeLabel(null)).toBe("No ending");
    expect(outcomeLabel("weird")).toBe("weird");
    expect(outcomeSentence("resolved")).toMatch(/resolved/);
    expect(outcomeSentence(null)).toMatch(/not reached/);
  });

  it("turns stored critical rule ids into labels", () => {
    expect(criticalErrorLabels("overpromise,hostility")).toEqual(["Overpromise", "Matched hostility"]);
    expect(criticalErrorLabels("")).toEqual([]);
    expect(criticalErrorLabels(null)).toEqual([]);
    expect(criticalErrorLabels("unknown-rule")).toEqual(["unknown-rule"]);
  });

  it("pluralises", () => {
    expect(plural(1, "turn")).toBe("1 turn");
    expect(plural(3, "turn")).toBe("3 turns");
  });
});
