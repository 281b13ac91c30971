import { describe, expect, it } from "vitest";
import { requestedPath, safeNext } from "./safe-next";

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

describe("requestedPath", () => {
  it("is the path and query asked for, without the router's _rsc", () => {
    expect(requestedPath(new URL("http://x.test/trainer/scenarios/y?tab=graph&_rsc=1a2b"))).toBe("/trainer/scenarios/y?tab=graph");
    expect(requestedPath(new URL("http://x.test/runs/abc?_rsc=zz"))).toBe("/runs/abc");
    expect(safeNext(requestedPath(new URL("http://x.test//evil.test/")))).toBe("/");
  });
});
