import { describe, expect, it } from "vitest";
import { choiceIndexForKey } from "./keys";

describe("choiceIndexForKey", () => {
  it("maps 1-5 to the choices on offer only", () => {
    expect(choiceIndexForKey("1", 4)).toBe(0);
    expect(choiceIndexForKey("4", 4)).toBe(3);
    expect(choiceIndexForKey("5", 4)).toBeNull();
    expect(choiceIndexForKey("0", 4)).toBeNull();
    expect(choiceIndexForKey("6", 5)).toBeNull();
    expect(choiceIndexForKey("a", 5)).toBeNull();
    expect(choiceIndexForKey("Enter", 5)).toBeNull();
  });
});
