import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";

const PORT = Number(process.env.E2E_PORT ?? 3100);
// Debian's Chromium by default; set PLAYWRIGHT_CHROMIUM_PATH="" to use Playwright's own browsers.
const chromiumPath = process.env.PLAYWRIGHT_CHROMIUM_PATH ?? "/usr/bin/chromium";
// Each run starts on its own fresh SQLite file: created, migrated and seeded (demo accounts
// included) by the server on start, so tests never see a previous run's data.
const E2E_DB = "data/e2e.db";

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  timeout: 30_000,
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: "retain-on-failure",
    // Dates follow the reader's locale (Accept-Language, D73): the specs read British dates.
    locale: "en-GB",
  },
  projects: [
    {
      // Signs in each demo account once and saves its cookies to e2e/.auth/<role>.json.
      name: "setup",
      testMatch: /auth\.setup\.ts$/,
    },
    {
      name: "chromium",
      dependencies: ["setup"],
      testIgnore: /auth\.setup\.ts$/,
      use: {
        ...devices["Desktop Chrome"],
        // No typing pause in the player (it follows prefers-reduced-motion): the specs play many
        // calls. e2e/phone-player.spec.ts plays one with the pause.
        reducedMotion: "reduce",
        launchOptions: {
          ...(chromiumPath && existsSync(chromiumPath) ? { executablePath: chromiumPath } : {}),
          args: [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
          ],
        },
      },
    },
  ],
  webServer: {
    // The production build, served as `npm start` does: `npm test` runs `next build` before Playwright.
    command: `rm -f ${E2E_DB} ${E2E_DB}-* && node server.mjs`,
    url: `http://127.0.0.1:${PORT}/sign-in`,
    // NODE_OPTIONS cleared: the test runner takes --conditions=react-server (for `server-only`), Next must not.
    env: { PORT: String(PORT), HOST: "127.0.0.1", DATABASE_URL: `file:./${E2E_DB}`, DEMO_MODE: "true", NODE_OPTIONS: "" },
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
