import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { analyzeScenario } from "../lib/analysis/analyze";
import { replay } from "../lib/customer/replay";
import { loadScenario } from "../lib/scenario/load";
import { voiceFor } from "../app/(app)/(trainee)/runs/[runId]/read-aloud";
import { STORAGE, startRun } from "./fixtures";

/**
 * Read-aloud of the customer's lines, with the browser's speech synthesis replaced by a recorder
 * whose voices load late (as Chrome's do): off by default, the persona's own voice from the very
 * first line, remembered on the device, stopped when turned off, and no toggle at all where the
 * browser has no speech synthesis.
 */
const loaded = loadScenario(readFileSync("scenarios/billing-error.yaml"), "billing-error.yaml");
if (!loaded.ok) throw new Error("billing-error does not load");
const s = loaded.scenario;
const best = analyzeScenario(s).bestPath;

const VOICES = [
  { name: "Alpha", lang: "en-GB", voiceURI: "alpha" },
  { name: "Bravo", lang: "en-US", voiceURI: "bravo" },
  { name: "Charlie", lang: "en-AU", voiceURI: "charlie" },
  { name: "Delta", lang: "fr-FR", voiceURI: "delta" },
];

test.use({ storageState: STORAGE.trainee });

type Spoken = { text: string; voice: string | null } | { cancel: true };

async function recordSpeech(page: Page) {
  await page.addInitScript((voices) => {
    const log: unknown[] = [];
    let ready = false;
    let asked = false;
    const synth = new EventTarget() as EventTarget & Record<string, unknown>;
    synth.getVoices = () => {
      if (!asked) {
        asked = true;
        setTimeout(() => {
          ready = true;
          synth.dispatchEvent(new Event("voiceschanged"));
        }, 150);
      }
      return ready ? voices : [];
    };
    synth.speak = (u: { text: string; voice: { name: string } | null }) => log.push({ text: u.text, voice: u.voice?.name ?? null });
    synth.cancel = () => log.push({ cancel: true });
    class Utterance {
      voice = null;
      lang = "";
      constructor(public text: string) {}
    }
    Object.defineProperty(window, "speechSynthesis", { value: synth, configurable: true });
    Object.defineProperty(window, "SpeechSynthesisUtterance", { value: Utterance, configurable: true });
    (window as unknown as { spoken: unknown[] }).spoken = log;
  }, VOICES);
}

const spoken = (page: Page) => page.evaluate(() => (window as unknown as { spoken: Spoken[] }).spoken.filter((e) => "text" in e));

async function choose(page: Page, turn: number) {
  const choice = s.nodes[replay(s, best.slice(0, turn)).node]!.choices.find((c) => c.id === best[turn])!;
  await page.getByRole("button", { name: choice.text, exact: false }).click();
  const reply = replay(s, best.slice(0, turn + 1)).turns.at(-1)!.reply;
  await expect(page.getByTestId("announcer")).toContainText(reply.slice(0, 40));
  return reply;
}

test("read-aloud: off by default, the persona's voice from the first line, remembered, and stopped when turned off", async ({ page }) => {
  test.setTimeout(60_000);
  await recordSpeech(page);
  const runId = await startRun(page.request, s.id);
  await page.goto(`/runs/${runId}`);
  const toggle = page.getByRole("button", { name: "Read aloud" });
  await expect(toggle).toHaveAttribute("aria-pressed", "false");

  // Off: a reply is shown and announced, not spoken.
  const first = await choose(page, 0);
  expect(await spoken(page)).toEqual([]);

  // On: the line on screen is spoken at once, in the persona's voice even though the voices were
  // still loading when it was asked for.
  const voice = voiceFor(VOICES, s.persona.name, "en")!.name;
  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-pressed", "true");
  await expect.poll(() => spoken(page)).toEqual([{ text: first, voice }]);
  const second = await choose(page, 1);
  await expect
    .poll(() => spoken(page))
    .toEqual([
      { text: first, voice },
      { text: second, voice },
    ]);

  // Remembered on this device: still on after a reload.
  await page.reload();
  await expect(page.getByRole("button", { name: "Read aloud" })).toHaveAttribute("aria-pressed", "true");

  // Off again: speech is cancelled and the next reply is not spoken.
  await page.getByRole("button", { name: "Read aloud" }).click();
  await expect(page.getByRole("button", { name: "Read aloud" })).toHaveAttribute("aria-pressed", "false");
  expect(await page.evaluate(() => (window as unknown as { spoken: Spoken[] }).spoken.some((e) => "cancel" in e))).toBe(true);
  await choose(page, 2);
  expect(await spoken(page)).toEqual([]);
});

test("read-aloud: no toggle where the browser has no speech synthesis, and the call plays on", async ({ page }) => {
  await page.addInitScript(() => {
    Object.defineProperty(window, "speechSynthesis", { value: undefined, configurable: true });
  });
  const runId = await startRun(page.request, s.id);
  await page.goto(`/runs/${runId}`);
  await expect(page.getByRole("heading", { name: "Turn 1" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Read aloud" })).toHaveCount(0);
  await choose(page, 0);
  await expect(page.getByRole("heading", { name: "Turn 2" })).toBeVisible();
});
