/**
 * `npm run screenshots`: serves the production build and saves a screenshot of each main
 * page to public/screenshots/ for the README. Run `npm run build` first.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { chromium } from "@playwright/test";

const PORT = 3199;
const PAGES = [{ path: "/", file: "library.png" }];

const server = spawn("node_modules/.bin/next", ["start", "-p", String(PORT), "-H", "127.0.0.1"], { stdio: "ignore", detached: true });
try {
  const base = `http://127.0.0.1:${PORT}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(base)).ok) break;
    } catch {
      if (i > 100) throw new Error("the server did not start");
      await new Promise((r) => setTimeout(r, 300));
    }
  }
  const executablePath = process.env.PLAYWRIGHT_CHROMIUM_PATH ?? "/usr/bin/chromium";
  const browser = await chromium.launch({
    ...(executablePath && existsSync(executablePath) ? { executablePath } : {}),
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  mkdirSync("public/screenshots", { recursive: true });
  for (const { path, file } of PAGES) {
    await page.goto(base + path);
    await page.screenshot({ path: `public/screenshots/${file}`, fullPage: true });
    console.log(`public/screenshots/${file}`);
  }
  await browser.close();
} finally {
  // next start forks a worker: stop the whole process group.
  if (server.pid) process.kill(-server.pid, "SIGTERM");
}
