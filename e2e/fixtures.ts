import { fileURLToPath } from "node:url";
import AxeBuilder from "@axe-core/playwright";
import { expect, type APIRequestContext, type APIResponse, type Page } from "@playwright/test";
import type { TurnResult } from "../lib/data/runs/submit-turn.server";

/** Fails on any serious or critical axe violation, listing them readably. */
export async function expectNoSeriousA11yViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`)).toEqual([]);
}

/** The demo accounts the server seeds in demo mode (lib/seed/seed.server.ts), by role. */
export const DEMO = {
  trainee: { email: "trainee@demo.test", password: "steady-trainee", name: "Alex Rivera" },
  trainee2: { email: "trainee2@demo.test", password: "steady-trainee", name: "Jordan Lee" },
  trainer: { email: "trainer@demo.test", password: "steady-trainer", name: "Priya Nair" },
  manager: { email: "manager@demo.test", password: "steady-manager", name: "Morgan Blake" },
  admin: { email: "admin@demo.test", password: "steady-admin", name: "Casey Morgan" },
} as const;
export type DemoRole = keyof typeof DEMO;

const authFile = (role: DemoRole) => fileURLToPath(new URL(`./.auth/${role}.json`, import.meta.url));

/**
 * Signed-in storage states written by the "setup" project (e2e/auth.setup.ts):
 * `test.use({ storageState: STORAGE.trainee })` runs a spec's page and request as that user.
 */
export const STORAGE: Record<DemoRole, string> = {
  trainee: authFile("trainee"),
  trainee2: authFile("trainee2"),
  trainer: authFile("trainer"),
  manager: authFile("manager"),
  admin: authFile("admin"),
};

/** A storage state with no cookies, for signed-out checks inside a signed-in spec. */
export const SIGNED_OUT = { cookies: [], origins: [] };

/** The app's JSON error shape; fails the test with the body when it is not that. */
export async function expectApiError(response: APIResponse, status: number | "4xx", code?: string) {
  const text = await response.text();
  const where = `${response.url()} → ${response.status()} ${text.slice(0, 300)}`;
  if (status === "4xx") {
    expect(response.status(), where).toBeGreaterThanOrEqual(400);
    expect(response.status(), where).toBeLessThan(500);
  } else {
    expect(response.status(), where).toBe(status);
  }
  let body: { error?: { code?: unknown; message?: unknown } } = {};
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`not a JSON body: ${where}`);
  }
  expect(typeof body.error?.code, where).toBe("string");
  expect(typeof body.error?.message, where).toBe("string");
  expect(text, "no stack trace in an error body").not.toMatch(/\n\s+at |\.tsx?:\d+/);
  if (code) expect(body.error?.code, where).toBe(code);
  return body as { error: { code: string; message: string; detail?: Record<string, unknown> } };
}

/** Starts a fresh run of a scenario over the API and returns its id. */
export async function startRun(request: APIRequestContext, scenarioId: string): Promise<string> {
  const response = await request.post(`/api/scenarios/${scenarioId}/runs`, { data: { fresh: true } });
  expect(response.status(), await response.text()).toBe(201);
  const body = (await response.json()) as { runId: string; resumed: boolean };
  expect(body.resumed).toBe(false);
  return body.runId;
}

export type { TurnResult };

/** Posts one turn; returns the response (for checks on the status) and its parsed body. */
export async function postTurn(request: APIRequestContext, runId: string, index: number, choiceId: string) {
  const response = await request.post(`/api/runs/${runId}/turns`, { data: { index, choiceId } });
  const text = await response.text();
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    // leave null: the caller's status check shows the text
  }
  return {
    status: response.status(),
    text,
    body: body as { turn: TurnResult } & { error?: { code: string; message: string; detail?: Record<string, unknown> } },
  };
}
