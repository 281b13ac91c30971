import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { COMPILE_HINT, addCompileHints, startupChunks } from "./compile-hints.mjs";

let next: string;

function write(path: string, text: string) {
  mkdirSync(dirname(join(next, path)), { recursive: true });
  writeFileSync(join(next, path), text);
}

/** A client reference manifest as Next writes it: a script assigning to globalThis.__RSC_MANIFEST. */
function clientManifest(route: string, entryJSFiles: Record<string, string[]>) {
  return `globalThis.__RSC_MANIFEST=(globalThis.__RSC_MANIFEST||{});globalThis.__RSC_MANIFEST[${JSON.stringify(route)}]=${JSON.stringify({ moduleLoading: {}, entryJSFiles })};`;
}

beforeEach(() => {
  next = mkdtempSync(join(tmpdir(), "compile-hints-"));
  write("build-manifest.json", JSON.stringify({ rootMainFiles: ["static/chunks/react.js", "static/chunks/router.js"] }));
  write(
    "server/app/(app)/runs/[runId]/page_client-reference-manifest.js",
    clientManifest("/(app)/runs/[runId]/page", {
      "[project]/app/layout": ["static/chunks/layout.js", "static/chunks/layout.css"],
      "[project]/app/(app)/runs/[runId]/page": ["static/chunks/layout.js", "static/chunks/player-page.js"],
    }),
  );
  write(
    "server/app/sign-in/page_client-reference-manifest.js",
    clientManifest("/sign-in/page", { "[project]/app/sign-in/page": ["static/chunks/sign-in.js"] }),
  );
  for (const name of ["react", "router", "layout", "player-page", "sign-in", "codemirror-on-demand"]) {
    write(`static/chunks/${name}.js`, `(globalThis.TURBOPACK||=[]).push(["${name}"]);`);
  }
  write("static/chunks/layout.css", "body{margin:0}");
});

afterEach(() => rmSync(next, { recursive: true, force: true }));

const read = (name: string) => readFileSync(join(next, "static/chunks", name), "utf8");

describe("compile hints after the build", () => {
  it("finds the shared framework chunks and every page's entry scripts, not stylesheets or on-demand chunks", () => {
    expect(startupChunks(next)).toEqual([
      "static/chunks/layout.js",
      "static/chunks/player-page.js",
      "static/chunks/react.js",
      "static/chunks/router.js",
      "static/chunks/sign-in.js",
    ]);
  });

  it("puts the hint first in each start-up chunk, leaves the code after it unchanged, and leaves other files alone", () => {
    const result = addCompileHints(next);
    expect(result).toMatchObject({ chunks: 5, marked: 5 });
    expect(read("react.js")).toBe(`${COMPILE_HINT}(globalThis.TURBOPACK||=[]).push(["react"]);`);
    expect(read("player-page.js").startsWith("//# allFunctionsCalledOnLoad\n(")).toBe(true);
    expect(read("codemirror-on-demand.js")).toBe(`(globalThis.TURBOPACK||=[]).push(["codemirror-on-demand"]);`);
    expect(read("layout.css")).toBe("body{margin:0}");
  });

  it("marks a file once when run again", () => {
    addCompileHints(next);
    expect(addCompileHints(next)).toMatchObject({ chunks: 5, marked: 0 });
    expect(read("router.js").split(COMPILE_HINT)).toHaveLength(2);
  });

  it("says to build again when a manifest names a chunk that is not on disk", () => {
    rmSync(join(next, "static/chunks/sign-in.js"));
    expect(() => addCompileHints(next)).toThrow(/static\/chunks\/sign-in\.js .* run `npm run build` again/);
  });
});
