import { readFileSync } from "node:fs";
import Database from "better-sqlite3";
import { expect, test } from "@playwright/test";
import { analyzeScenario } from "../lib/analysis/analyze";
import { loadScenario } from "../lib/scenario/load";
import { DIMENSION_LABELS } from "../lib/scoring/rules";
import { isHigherLevel, nextToPractise, skillProgress, type ScoredCall } from "../lib/scoring/skills";
import { formatShortDay } from "../lib/ui/dates";
import { DEMO, postTurn, startRun, STORAGE } from "./fixtures";

/**
 * My runs' progress by skill, checked against the e2e server's database: each skill's level now,
 * since when it holds and from which level, and the next thing to practise.
 */
const loaded = loadScenario(readFileSync("scenarios/billing-error.yaml"), "billing-error.yaml");
if (!loaded.ok) throw new Error("billing-error does not load");
const billing = loaded.scenario;

test.use({ storageState: STORAGE.trainee, locale: "en-GB" });

function finishedCalls(): ScoredCall[] {
  const db = new Database("data/e2e.db", { readonly: true, fileMustExist: true });
  try {
    const rows = db
      .prepare(
        `SELECT r.completedAt, r.laer, r.reflectiveListening, r.promises, r.professionalism FROM "Run" r JOIN "user" u ON u.id = r.userId
         WHERE u.email = ? AND r.status = 'completed' AND r.completedAt IS NOT NULL AND r.laer IS NOT NULL ORDER BY r.completedAt`,
      )
      .all(DEMO.trainee.email) as (Omit<ScoredCall, "completedAt"> & { completedAt: number | string })[];
    return rows.map((r) => ({ ...r, completedAt: new Date(typeof r.completedAt === "string" ? r.completedAt : Number(r.completedAt)) }));
  } finally {
    db.close();
  }
}

test("my runs: each skill's level, since when it holds, and the next thing to practise agree with the finished calls", async ({ page }) => {
  // At least one finished call of our own, played as the player does.
  const best = analyzeScenario(billing).bestPath;
  const runId = await startRun(page.request, billing.id);
  for (const [i, choiceId] of best.entries()) expect((await postTurn(page.request, runId, i, choiceId)).status).toBe(201);

  await page.goto("/my-runs");
  const expected = skillProgress(finishedCalls());
  expect(expected.length).toBeGreaterThan(0);
  const cards = page.getByRole("list", { name: "Your level in each skill" });
  for (const p of expected) {
    const card = cards.getByRole("listitem", { name: DIMENSION_LABELS[p.skill] });
    await expect(card).toContainText(`${p.recent} now`);
    await expect(card).toContainText(p.level.name);
    const since =
      p.since.from === null
        ? `${p.level.name} since your first call`
        : `${p.level.name} since ${formatShortDay(p.since.at, "en-GB")}, ${isHigherLevel(p.level, p.since.from) ? "up" : "down"} from ${p.since.from.name}`;
    await expect(page.getByTestId(`level-since-${p.skill}`)).toHaveText(since);
    // The card's line is the level after each call.
    await expect(card.getByRole("img")).toHaveAttribute("aria-label", new RegExp(`: ${p.levels.map((l) => l.recent).join(", ")}$`));
  }
  const next = nextToPractise(expected)!;
  await expect(page.getByTestId("next-practice").getByRole("heading")).toHaveText(
    `Next thing to practise: ${DIMENSION_LABELS[next.skill]} (${next.level.name}, ${next.score})`,
  );
});
