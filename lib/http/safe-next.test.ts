import { describe, expect, it } from "vitest";
import { safeNext } from "./safe-next";

describe("safeNext", () => {
  it("keeps paths on this site, with their query and hash", () => {
    expect(safeNext("/my-runs")).toBe("/my-runs");
    expect(safeNext("/runs/abc?x=1#turn-3")).toBe("/runs/abc?x=1#turn-3");
  });

  it.each(["//evil.test", "/\\evil.test", "/\t/evil.test", "https://evil.test/", "http:evil.test", "javascript:alert(1)"])(
    "refuses %j",
    (next) => {
      expect(safeNext(next)).toBe("/");
    },
  );

  it("falls back to the library", () => {
    expect(safeNext(undefined)).toBe("/");
    expect(safeNext("")).toBe("/");
  });
});
