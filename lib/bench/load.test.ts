import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { newestSourceAfter } from "./load";

describe("newestSourceAfter (the benchmarks' stale-build warning)", () => {
  let dir = "";
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function file(path: string, at: number) {
    const full = join(dir, path);
    mkdirSync(join(full, ".."), { recursive: true });
    writeFileSync(full, "x");
    utimesSync(full, at / 1000, at / 1000);
    return full;
  }

  it("names the newest source file changed after the build, skipping tests and dot folders, and nothing when the build is newer", () => {
    dir = mkdtempSync(join(tmpdir(), "steady-stale-"));
    const built = Date.UTC(2026, 11, 2, 5, 0);
    file("app/page.tsx", built - 60_000);
    const later = file("lib/deep/module.ts", built + 60_000);
    const latest = file("app/(group)/player.tsx", built + 120_000);
    file("lib/deep/module.test.ts", built + 180_000);
    file("app/.cache/x.ts", built + 240_000);
    file("app/node_modules/x/index.js", built + 240_000);
    const roots = [join(dir, "app"), join(dir, "lib"), join(dir, "missing.js")];
    expect(newestSourceAfter(built, roots)).toBe(latest);
    expect(newestSourceAfter(built + 90_000, [join(dir, "lib")])).toBeNull();
    expect(newestSourceAfter(built + 30_000, [join(dir, "lib")])).toBe(later);
    expect(newestSourceAfter(built + 600_000, roots)).toBeNull();
  });
});
