/**
 * The run API over HTTP, against the production build: the server replays and scores every
 * turn itself, refuses what is not offered, never saves a turn twice, answers bad input with a
 * JSON 4xx (never a 500), and keeps runs to their owner. Signed in as the demo trainee.
 */
import { readFileSync } from "node:fs";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { analyzeScenario } from "../lib/analysis/analyze";
import { replay } from "../lib/customer/replay";
import { offeredInOrder } from "../lib/call/call-view";
import { offeredChoices } from "../lib/customer/step";
import { loadScenario } from "../lib/scenario/load";
import type { Scenario } from "../lib/scenario/model";
import { scoreRun } from "../lib/scoring/report";
import { DEMO, expectApiError, postTurn, SIGNED_OUT, startRun, STORAGE } from "./fixtures";

test.use({ storageState: STORAGE.trainee });

function builtIn(id: string): Scenario {
  const result = loadScenario(readFileSync(`scenarios/${id}.yaml`), `${id}.yaml`);
  if (!result.ok) throw new Error(`${id} does not load`);
  return result.scenario;
}
const BILLING = builtIn("billing-error");

/** The ids offered after `played` (empty at an ending). */
function offeredAfter(scenario: Scenario, played: readonly string[]): string[] {
  const r = replay(scenario, played);
  if (r.error) throw new Error(`test path not playable: ${JSON.stringify(r.error)}`);
  return offeredChoices(scenario.nodes[r.node]!, r).map((c) => c.id);
}

/** What the server must answer for the run after `played`: the domain core's score. */
function expected(scenario: Scenario, played: readonly string[]) {
  const report = scoreRun(scenario, played);
  const done = report.outcome !== null;
  return {
    turnCount: played.length,
    status: done ? "completed" : "in_progress",
    outcome: report.outcome,
    overall: report.score.overall,
    passed: done ? report.passed : null,
  };
}

/** A small deterministic PRNG, so a failing random path can be replayed. */
function rng(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x80000000;
  };
}

test.describe("a forged score is ignored", () => {
  test("a turn body with a score, overall or passed field is refused with 400 and saves nothing", async ({ request }) => {
    const runId = await startRun(request, "billing-error");
    const first = BILLING.nodes[BILLING.start]!.choices[0]!.id;
    for (const forged of [{ score: 100 }, { overall: 100 }, { passed: true }, { overall: 100, passed: true, status: "completed" }]) {
      const response = await request.post(`/api/runs/${runId}/turns`, { data: { index: 0, choiceId: first, ...forged } });
      const body = await expectApiError(response, 400, "bad-request");
      expect(body.error.message).toMatch(/unrecognized|unknown|key/i);
    }
    // Nothing was saved by the refused bodies: turn 0 is still open.
    const turn = await postTurn(request, runId, 0, first);
    expect(turn.status, turn.text).toBe(201);
    expect(turn.body.turn).toMatchObject({ turnCount: 1, duplicate: false });
  });

  test("the worst path of billing-error is scored by the server's replay, turn by turn", async ({ request }) => {
    const worst = analyzeScenario(BILLING).worstPath;
    const final = expected(BILLING, worst);
    expect(final.status, "the worst path reaches an ending").toBe("completed");
    expect(final.passed).toBe(false);
    const FORGED = 100;
    expect(final.overall).not.toBe(FORGED);

    const runId = await startRun(request, "billing-error");
    for (let i = 0; i < worst.length; i++) {
      // A forged score alongside each real choice is refused …
      const forged = await request.post(`/api/runs/${runId}/turns`, {
        data: { index: i, choiceId: worst[i], overall: FORGED, passed: true },
      });
      await expectApiError(forged, 400, "bad-request");
      // … and the honest body gets the server's score for the turns so far.
      const turn = await postTurn(request, runId, i, worst[i]!);
      expect(turn.status, turn.text).toBe(201);
      expect(turn.body.turn).toEqual({ runId, duplicate: false, ...expected(BILLING, worst.slice(0, i + 1)) });
    }

    // What was saved: resending the last turn returns the stored run, not a recomputation.
    const stored = await postTurn(request, runId, worst.length - 1, worst.at(-1)!);
    expect(stored.status, stored.text).toBe(200);
    expect(stored.body.turn).toEqual({ runId, duplicate: true, ...final });
    expect(stored.body.turn.overall).not.toBe(FORGED);

    // The call is over: another turn is a conflict, not a new turn.
    const after = await request.post(`/api/runs/${runId}/turns`, { data: { index: worst.length, choiceId: worst[0] } });
    await expectApiError(after, 409, "conflict");
  });

  test("random paths through every built-in scenario score exactly as the domain core does", async ({ request }) => {
    const random = rng(20261126);
    for (const id of ["billing-error", "delayed-update", "abusive-caller"]) {
      const scenario = builtIn(id);
      const runId = await startRun(request, id);
      const played: string[] = [];
      while (played.length < 40) {
        const offered = offeredAfter(scenario, played);
        if (offered.length === 0) break;
        // Half the turns by id (tooling), half by the position shown, as the browser sends them.
        const byOption = random() < 0.5;
        const before = replay(scenario, played);
        const shown = offeredInOrder(scenario, runId, before.node, before);
        const option = 1 + Math.floor(random() * shown.length);
        const choice = byOption ? shown[option - 1]! : offered[Math.floor(random() * offered.length)]!;
        const response = await request.post(`/api/runs/${runId}/turns`, {
          data: byOption ? { index: played.length, option } : { index: played.length, choiceId: choice },
        });
        const turn = { status: response.status(), text: await response.text() };
        const body = JSON.parse(turn.text) as {
          turn: unknown;
          call: { line: string; turns: number; options: { option: number; text: string }[] };
        };
        played.push(choice);
        expect(turn.status, `${id} ${played.join(",")}: ${turn.text}`).toBe(201);
        expect(body.turn, `${id} ${played.join(",")}`).toEqual({ runId, duplicate: false, ...expected(scenario, played) });
        // The answer is the customer's reply and the next responses, as the domain core plays them.
        const now = replay(scenario, played);
        expect(body.call.line).toBe(now.turns.at(-1)!.reply);
        expect(body.call.turns).toBe(played.length);
        expect(body.call.options.map((o) => o.text)).toEqual(
          offeredInOrder(scenario, runId, now.node, now).map((cid) => scenario.nodes[now.node]!.choices.find((c) => c.id === cid)!.text),
        );
      }
    }
  });
});

test.describe("a choice not offered", () => {
  test("is refused with 422 saying how many responses there are (never their ids), and saves nothing", async ({ request }) => {
    const path = analyzeScenario(BILLING).bestPath;
    const runId = await startRun(request, "billing-error");
    expect((await postTurn(request, runId, 0, path[0]!)).status).toBe(201);

    const offered = offeredAfter(BILLING, path.slice(0, 1));
    // A real choice of this scenario from another point of the call, and an id that exists nowhere.
    const elsewhere = BILLING.nodeIds.flatMap((n) => BILLING.nodes[n]!.choices.map((c) => c.id)).find((c) => !offered.includes(c))!;
    for (const choiceId of [elsewhere, "no-such-choice"]) {
      const response = await request.post(`/api/runs/${runId}/turns`, { data: { index: 1, choiceId } });
      const body = await expectApiError(response, 422, "choice-not-offered");
      expect(body.error.message).toContain(choiceId);
      expect(body.error.detail).toEqual({ options: offered.length });
    }
    // By position: one past the last response shown.
    const past = await request.post(`/api/runs/${runId}/turns`, { data: { index: 1, option: offered.length + 1 } });
    expect((await expectApiError(past, 422, "choice-not-offered")).error.message).toContain(
      `Response ${offered.length + 1} is not offered`,
    );

    // Nothing saved: the next valid turn at the same index is the run's second turn.
    const turn = await postTurn(request, runId, 1, path[1]!);
    expect(turn.status, turn.text).toBe(201);
    expect(turn.body.turn).toEqual({ runId, duplicate: false, ...expected(BILLING, path.slice(0, 2)) });
  });
});

test.describe("a resent turn is not duplicated", () => {
  test("the same turn twice: 201 then 200 duplicate, with the turn count unchanged", async ({ request }) => {
    const path = analyzeScenario(BILLING).bestPath;
    const runId = await startRun(request, "billing-error");
    const first = await postTurn(request, runId, 0, path[0]!);
    expect(first.status, first.text).toBe(201);
    expect(first.body.turn).toMatchObject({ turnCount: 1, duplicate: false });
    const again = await postTurn(request, runId, 0, path[0]!);
    expect(again.status, again.text).toBe(200);
    expect(again.body.turn).toEqual({ ...first.body.turn, duplicate: true });

    // Another choice for a saved turn, or a turn ahead of the saved call: 409, nothing saved.
    const other = offeredAfter(BILLING, []).find((c) => c !== path[0])!;
    await expectApiError(await request.post(`/api/runs/${runId}/turns`, { data: { index: 0, choiceId: other } }), 409, "conflict");
    await expectApiError(await request.post(`/api/runs/${runId}/turns`, { data: { index: 2, choiceId: path[2] } }), 409, "conflict");
    const next = await postTurn(request, runId, 1, path[1]!);
    expect(next.status, next.text).toBe(201);
    expect(next.body.turn.turnCount).toBe(2);
  });

  test("five identical requests at once save exactly one turn", async ({ request }) => {
    const path = analyzeScenario(BILLING).bestPath;
    for (let round = 0; round < 3; round++) {
      const runId = await startRun(request, "billing-error");
      // Round 0 races on the first turn; later rounds race on a turn after saved ones.
      for (let i = 0; i < round; i++) expect((await postTurn(request, runId, i, path[i]!)).status).toBe(201);
      const results = await Promise.all(Array.from({ length: 5 }, () => postTurn(request, runId, round, path[round]!)));
      const statuses = results.map((r) => r.status).sort();
      expect(statuses, results.map((r) => r.text).join("\n")).toEqual([200, 200, 200, 200, 201]);
      for (const r of results) {
        expect(r.body.turn).toMatchObject({ runId, turnCount: round + 1, duplicate: r.status === 200 });
        expect(r.body.turn.overall).toBe(expected(BILLING, path.slice(0, round + 1)).overall);
      }
      // The next turn follows on directly: exactly round + 1 turns were saved.
      const next = await postTurn(request, runId, round + 1, path[round + 1]!);
      expect(next.status, next.text).toBe(201);
      expect(next.body.turn.turnCount).toBe(round + 2);
    }
  });
});

type BadCase = { name: string; body?: string | Buffer; contentType?: string; path?: string; status?: number };

const LONG_ID = "a".repeat(200);
const turnCases = (runId: string, choiceId: string): BadCase[] => [
  { name: "not JSON", body: '{"index": 0, "choiceId": ' },
  { name: "a JSON array", body: JSON.stringify([0, choiceId]) },
  { name: "JSON null", body: "null" },
  { name: "a JSON string", body: JSON.stringify("hello") },
  { name: "an empty body", body: "" },
  { name: "an empty object", body: "{}" },
  { name: "missing index", body: JSON.stringify({ choiceId }) },
  { name: "missing choiceId", body: JSON.stringify({ index: 0 }) },
  { name: "index as a string", body: JSON.stringify({ index: "1", choiceId }) },
  { name: "index null", body: JSON.stringify({ index: null, choiceId }) },
  { name: "negative index", body: JSON.stringify({ index: -1, choiceId }) },
  { name: "index 1e9", body: '{"index": 1e9, "choiceId": "' + choiceId + '"}' },
  { name: "index 1e400 (Infinity)", body: '{"index": 1e400, "choiceId": "' + choiceId + '"}' },
  { name: "fractional index", body: JSON.stringify({ index: 0.5, choiceId }) },
  { name: "choiceId as a number", body: JSON.stringify({ index: 0, choiceId: 1 }) },
  { name: "choiceId as an object", body: JSON.stringify({ index: 0, choiceId: { id: choiceId } }) },
  { name: "empty choiceId", body: JSON.stringify({ index: 0, choiceId: "" }) },
  { name: "a 10,000-character choiceId", body: JSON.stringify({ index: 0, choiceId: "x".repeat(10_000) }) },
  { name: "a 1 MB body", body: JSON.stringify({ index: 0, choiceId, pad: "x".repeat(1_000_000) }) },
  { name: "a __proto__ key", body: `{"index": 0, "choiceId": "${choiceId}", "__proto__": {"overall": 100}}` },
  {
    name: "a BOM and invalid UTF-8",
    body: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf, 0xff, 0xfe]), Buffer.from(JSON.stringify({ index: 0, choiceId }))]),
  },
  { name: "content-type text/plain", body: JSON.stringify({ index: 0, choiceId }), contentType: "text/plain" },
  { name: "content-type form", body: `index=0&choiceId=${choiceId}`, contentType: "application/x-www-form-urlencoded" },
  { name: "no content-type", body: JSON.stringify({ index: 0, choiceId }), contentType: "" },
  {
    name: "an unknown run id",
    body: JSON.stringify({ index: 0, choiceId }),
    path: "/api/runs/cl0000000000000000000000/turns",
    status: 404,
  },
  { name: "run id ../x", body: JSON.stringify({ index: 0, choiceId }), path: `/api/runs/${encodeURIComponent("../x")}/turns`, status: 404 },
  { name: "a 200-character run id", body: JSON.stringify({ index: 0, choiceId }), path: `/api/runs/${LONG_ID}/turns`, status: 404 },
  {
    name: "a run id with spaces and quotes",
    body: JSON.stringify({ index: 0, choiceId }),
    path: `/api/runs/${encodeURIComponent(`a b'"<x>`)}/turns`,
    status: 404,
  },
  { name: "a run id with a NUL", body: JSON.stringify({ index: 0, choiceId }), path: `/api/runs/a%00b/turns`, status: 404 },
  { name: "a real run id with a suffix", body: JSON.stringify({ index: 0, choiceId }), path: `/api/runs/${runId}x/turns`, status: 404 },
];

const startCases: BadCase[] = [
  { name: "not JSON", body: "{fresh: true" },
  { name: "a JSON array", body: "[]" },
  { name: "JSON null", body: "null" },
  { name: "fresh as a string", body: JSON.stringify({ fresh: "yes" }) },
  { name: "fresh as a number", body: JSON.stringify({ fresh: 1 }) },
  { name: "an extra field", body: JSON.stringify({ fresh: true, score: 100 }) },
  { name: "a 1 MB body", body: JSON.stringify({ fresh: true, pad: "x".repeat(1_000_000) }) },
  { name: "content-type text/plain", body: "{}", contentType: "text/plain" },
  { name: "an unknown scenario", body: "{}", path: "/api/scenarios/no-such-scenario/runs", status: 404 },
  { name: "scenario id ../x", body: "{}", path: `/api/scenarios/${encodeURIComponent("../x")}/runs`, status: 404 },
  { name: "a 200-character scenario id", body: "{}", path: `/api/scenarios/${LONG_ID}/runs`, status: 404 },
  {
    name: "a scenario id with spaces and quotes",
    body: "{}",
    path: `/api/scenarios/${encodeURIComponent(`billing-error' OR 1=1`)}/runs`,
    status: 404,
  },
];

async function sendRaw(request: APIRequestContext, path: string, c: BadCase) {
  const headers: Record<string, string> = {};
  if (c.contentType !== "") headers["content-type"] = c.contentType ?? "application/json";
  return request.fetch(path, { method: "POST", headers, ...(c.body !== undefined ? { data: c.body } : {}) });
}

test.describe("bad requests get a JSON 4xx, never a 500", () => {
  test("the turns endpoint", async ({ request }) => {
    const runId = await startRun(request, "billing-error");
    const choiceId = BILLING.nodes[BILLING.start]!.choices[0]!.id;
    for (const c of turnCases(runId, choiceId)) {
      const response = await sendRaw(request, c.path ?? `/api/runs/${runId}/turns`, c);
      await test.step(c.name, async () => {
        await expectApiError(response, c.status ?? 400);
      });
    }
    // None of them saved a turn: turn 0 is still open.
    const turn = await postTurn(request, runId, 0, choiceId);
    expect(turn.status, turn.text).toBe(201);
    expect(turn.body.turn.turnCount).toBe(1);
  });

  test("the start-run endpoint", async ({ request }) => {
    for (const c of startCases) {
      const response = await sendRaw(request, c.path ?? "/api/scenarios/billing-error/runs", c);
      await test.step(c.name, async () => {
        await expectApiError(response, c.status ?? 400);
      });
    }
  });

  test("an empty start body resumes the call in progress; fresh starts another", async ({ request }) => {
    const runId = await startRun(request, "delayed-update");
    const resumed = await request.post("/api/scenarios/delayed-update/runs", { data: {} });
    expect(resumed.status()).toBe(200);
    expect(await resumed.json()).toEqual({ runId, resumed: true });
    const noBody = await request.post("/api/scenarios/delayed-update/runs");
    expect(noBody.status(), await noBody.text()).toBe(200);
    expect(await noBody.json()).toEqual({ runId, resumed: true });
    const fresh = await startRun(request, "delayed-update");
    expect(fresh).not.toBe(runId);
    // The call started over is abandoned: no turn is accepted, and the view says it is not in progress.
    await expectApiError(await request.post(`/api/runs/${runId}/turns`, { data: { index: 0, option: 1 } }), 409, "conflict");
    expect(((await (await request.get(`/api/runs/${runId}`)).json()) as { status: string }).status).toBe("abandoned");
  });

  test("an Idempotency-Key makes a repeated start return the same call", async ({ request }) => {
    const headers = { "idempotency-key": `e2e-${Date.now()}` };
    const first = await request.post("/api/scenarios/abusive-caller/runs", { data: { fresh: true }, headers });
    expect(first.status()).toBe(201);
    const { runId } = (await first.json()) as { runId: string };
    const again = await Promise.all(
      [1, 2, 3].map(() => request.post("/api/scenarios/abusive-caller/runs", { data: { fresh: true }, headers })),
    );
    for (const r of again) expect(await r.json()).toEqual({ runId, resumed: true });
    await expectApiError(
      await request.post("/api/scenarios/abusive-caller/runs", { data: {}, headers: { "idempotency-key": "no spaces allowed" } }),
      400,
    );
  });
});

test.describe("only the owner, signed in, can play a run", () => {
  test("signed-out requests get 401 on both endpoints", async ({ playwright, baseURL, request }) => {
    const runId = await startRun(request, "billing-error");
    const choiceId = BILLING.nodes[BILLING.start]!.choices[0]!.id;
    for (const cookies of [
      SIGNED_OUT,
      {
        cookies: [
          {
            name: "better-auth.session_token",
            value: "forged.token",
            domain: "127.0.0.1",
            path: "/",
            expires: -1,
            httpOnly: true,
            secure: false,
            sameSite: "Lax" as const,
          },
        ],
        origins: [],
      },
    ]) {
      const anonymous = await playwright.request.newContext({ baseURL, storageState: cookies });
      try {
        await expectApiError(await anonymous.post(`/api/runs/${runId}/turns`, { data: { index: 0, choiceId } }), 401, "unauthenticated");
        await expectApiError(await anonymous.post("/api/scenarios/billing-error/runs", { data: {} }), 401, "unauthenticated");
        // Signed out, an unknown scenario or run is not even confirmed not to exist.
        await expectApiError(await anonymous.post("/api/scenarios/no-such-scenario/runs", { data: {} }), 401, "unauthenticated");
        await expectApiError(await anonymous.post("/api/runs/no-such-run/turns", { data: { index: 0, choiceId } }), 401, "unauthenticated");
      } finally {
        await anonymous.dispose();
      }
    }
    // The signed-out attempts saved nothing.
    expect((await postTurn(request, runId, 0, choiceId)).status).toBe(201);
  });

  test("another trainee's run is not found (404), and stays untouched", async ({ playwright, baseURL, request }) => {
    const path = analyzeScenario(BILLING).bestPath;
    const runId = await startRun(request, "billing-error");
    const other = await playwright.request.newContext({ baseURL, storageState: STORAGE.trainee2 });
    try {
      const session = await other.get("/api/auth/get-session");
      expect(((await session.json()) as { user: { email: string } }).user.email).toBe(DEMO.trainee2.email);

      const body = await expectApiError(
        await other.post(`/api/runs/${runId}/turns`, { data: { index: 0, choiceId: path[0] } }),
        404,
        "not-found",
      );
      // Same answer as for a run that does not exist at all, so run ids cannot be probed.
      const missing = await expectApiError(
        await other.post("/api/runs/cl0000000000000000000000/turns", { data: { index: 0, choiceId: path[0] } }),
        404,
        "not-found",
      );
      expect(body.error.message).toBe(missing.error.message);
      // Their page for that run is a 404 too.
      expect((await other.get(`/runs/${runId}`)).status()).toBe(404);
      // Their own start does not resume the first trainee's call.
      const theirs = await other.post("/api/scenarios/billing-error/runs", { data: {} });
      expect(theirs.status()).toBeLessThan(300);
      expect(((await theirs.json()) as { runId: string }).runId).not.toBe(runId);
    } finally {
      await other.dispose();
    }
    // The owner's run is untouched: turn 0 is still open.
    const turn = await postTurn(request, runId, 0, path[0]!);
    expect(turn.status, turn.text).toBe(201);
    expect(turn.body.turn.turnCount).toBe(1);
  });
});

test.describe("the sign-in endpoint", () => {
  test("locks an email after 10 wrong passwords, whatever X-Forwarded-For claims, and says when to try again", async ({
    playwright,
    baseURL,
  }, testInfo) => {
    // An address nobody has (the lock does not depend on the account existing, so it reveals
    // nothing), distinct for each repeat or retry within one server's lifetime; the demo accounts
    // stay unlocked for the other specs. More in e2e/sign-in-limits.spec.ts.
    const email = `nobody-${testInfo.retry}-${testInfo.repeatEachIndex}@example.test`;
    const anonymous = await playwright.request.newContext({ baseURL, storageState: SIGNED_OUT });
    const attempt = (address: string, data: { email: string; password: string }) =>
      anonymous.post("/api/auth/sign-in/email", { headers: { "x-forwarded-for": address }, data });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 11; i++) statuses.push((await attempt(`10.9.0.${i + 1}`, { email, password: "wrong-password" })).status());
      expect(statuses).toEqual([...Array(10).fill(401), 429]);
      const locked = await attempt("10.9.1.1", { email, password: "wrong-password" });
      expect(locked.status()).toBe(429);
      expect(Number(locked.headers()["retry-after"])).toBeGreaterThan(0);
      expect(await locked.json()).toMatchObject({ code: "ACCOUNT_LOCKED", message: expect.stringMatching(/Wait \d+ minutes/) });
      // Another account, from the same address, is not affected.
      expect((await attempt("10.9.0.1", { email: DEMO.trainee.email, password: DEMO.trainee.password })).status()).toBe(200);
    } finally {
      await anonymous.dispose();
    }
  });
});
