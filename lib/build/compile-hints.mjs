/**
 * After `next build`: marks the client scripts every page runs at start-up with V8's explicit
 * compile hint, `//# allFunctionsCalledOnLoad` (Chrome 136+). Chrome then compiles those files'
 * functions on the background thread that streams the script in, instead of one by one on the
 * main thread the first time each is called. Without it, a page's first script task spent more
 * than half its time in lazy compilation (React DOM's and Next's module factories), which a phone
 * feels as a page that does not answer taps yet. See docs/decisions/0076.
 *
 * Which files: the framework chunks every page shares (`rootMainFiles` in the build manifest) and
 * each page's entry chunks (`entryJSFiles` in its client reference manifest). Not chunks loaded on
 * demand (`next/dynamic`): most of their functions are not called on load (the editor's, the
 * charts'), and eager compilation of unused code costs memory and background time.
 *
 * Idempotent (a file that already starts with the hint is left alone). Browsers that do not know
 * the comment ignore it. Nothing here changes what the scripts do.
 *
 * Run by `npm run build`; by hand: `node lib/build/compile-hints.mjs [.next]`.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { runInNewContext } from "node:vm";

export const COMPILE_HINT = "//# allFunctionsCalledOnLoad\n";

/** Every `page_client-reference-manifest.js` under `dir`. */
function clientManifests(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith("_client-reference-manifest.js"))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** The client chunks (paths relative to `.next`, e.g. `static/chunks/x.js`) that pages load at start-up. */
export function startupChunks(nextDir) {
  const files = new Set();
  const buildManifest = JSON.parse(readFileSync(join(nextDir, "build-manifest.json"), "utf8"));
  for (const file of buildManifest.rootMainFiles ?? []) files.add(file);
  for (const manifestFile of clientManifests(join(nextDir, "server", "app"))) {
    // The manifest is a script that assigns to globalThis.__RSC_MANIFEST[route].
    const sandbox = {};
    sandbox.globalThis = sandbox;
    runInNewContext(readFileSync(manifestFile, "utf8"), sandbox, { filename: manifestFile });
    for (const manifest of Object.values(sandbox.__RSC_MANIFEST ?? {})) {
      for (const chunks of Object.values(manifest.entryJSFiles ?? {})) for (const file of chunks) files.add(file);
    }
  }
  return [...files].filter((file) => file.endsWith(".js")).sort();
}

/** Prepends the hint to each start-up chunk that lacks it. Returns what it did, for the build log. */
export function addCompileHints(nextDir) {
  const chunks = startupChunks(nextDir);
  let marked = 0;
  let bytes = 0;
  for (const file of chunks) {
    const path = join(nextDir, file);
    if (!existsSync(path))
      throw new Error(`compile hints: ${file} is in the build's manifests but not on disk; run \`npm run build\` again`);
    const source = readFileSync(path, "utf8");
    bytes += Buffer.byteLength(source);
    if (source.startsWith(COMPILE_HINT)) continue;
    writeFileSync(path, COMPILE_HINT + source);
    marked += 1;
  }
  return { chunks: chunks.length, marked, bytes };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const nextDir = resolve(process.argv[2] ?? ".next");
  const { chunks, marked, bytes } = addCompileHints(nextDir);
  console.log(
    `compile hints: ${chunks} start-up chunk(s), ${Math.round(bytes / 1024)} KiB, ${marked} newly marked for eager compilation (//# allFunctionsCalledOnLoad)`,
  );
}
