import { expect, test, type APIRequestContext } from "@playwright/test";
import { STORAGE, SIGNED_OUT, startRun } from "./fixtures";

/**
 * A fuzz of every route: each API route and page, with every method, odd ids and odd bodies, as
 * each role and signed out, from this site and from another. Nothing may answer 5xx: bad input
 * is a 4xx that says what is wrong. (Ids of things that exist are used only where the request
 * cannot change them, so the demo data the other specs use stays as it is.)
 */

const ODD_IDS = ["no-such-thing", "x".repeat(300), "..%2F..%2Fetc", "%F0%9F%92%A9"];
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

interface Body {
  name: string;
  data?: string | Buffer;
  type?: string;
}
const BODIES: Body[] = [
  { name: "none" },
  { name: "empty JSON", data: "{}", type: "application/json" },
  { name: "broken JSON", data: '{"index": 0, "option": ', type: "application/json" },
  {
    name: "wrong types",
    data: JSON.stringify({ index: "0", option: { x: 1 }, yaml: 7, version: "one", fresh: "yes", name: [1] }),
    type: "application/json",
  },
  { name: "a JSON string", data: '"hello"', type: "application/json" },
  { name: "bytes", data: Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x89, 0x50, 0x4e, 0x47]), type: "application/octet-stream" },
  { name: "a form", data: "scenarioId=..%2F&fresh=2&key=not-a-uuid", type: "application/x-www-form-urlencoded" },
  {
    name: "names of the wrong type",
    data: JSON.stringify({ name: { first: "x" }, image: 5, email: ["a"], password: null }),
    type: "application/json",
  },
  { name: "a 20 MB name", data: JSON.stringify({ name: "x".repeat(20_000_000) }), type: "application/json" },
];

/** Better Auth's endpoints that take input (never sign-out or password changes: other specs share these sessions). */
const AUTH_PATHS = ["/api/auth/update-user", "/api/auth/sign-in/email", "/api/auth/get-session", "/api/auth/no-such-endpoint"];

function paths(runId: string): string[] {
  const list = [
    ...AUTH_PATHS,
    "/",
    "/my-runs",
    "/sign-in?next=%2F%2Fevil.test",
    "/manager",
    "/trainer/scenarios",
    "/trainer/scenarios/new",
    `/runs/${runId}`,
    "/api/trainer/scenarios",
    "/api/settings/sign-in",
    "/admin/sign-in",
    "/sign-in/sso?next=%2F%2Fevil.test",
    "/sign-in?error=%3Cscript%3E",
    `/api/runs/${runId}`,
    `/api/runs/${runId}/turns`,
    "/api/admin/invitations",
    "/api/admin/people",
    `/api/admin/people?q=${"%25".repeat(200)}&role=owner&status=x&page=-1`,
    "/admin",
    "/admin/people",
    "/admin/people?q=%25_&role=owner&status=nope&page=1e9",
    "/admin/invitations",
    "/admin/teams",
    "/admin/roster",
    "/admin/audit?page=abc",
  ];
  for (const id of ODD_IDS) {
    list.push(
      `/scenarios/${id}`,
      `/runs/${id}`,
      `/manager/teams/${id}`,
      `/manager/teams/${id}/assignments`,
      `/manager/teams/${id}/scorecard.csv`,
      `/manager/trainees/${id}`,
      `/manager/trainees/${id}/runs.csv`,
      `/manager/runs/${id}`,
      `/trainer/scenarios/${id}`,
      `/api/runs/${id}`,
      `/api/runs/${id}/turns`,
      `/api/scenarios/${id}/runs`,
      `/api/trainer/scenarios/${id}/versions`,
      `/api/trainer/scenarios/${id}/publication`,
      `/api/trainer/scenarios/${id}/versions/1/export`,
      `/api/trainer/scenarios/billing-error/versions/${id}/export`,
      `/admin/people/${id}`,
      `/admin/teams/${id}`,
      `/api/admin/people/${id}/export`,
      `/invite/${id}`,
      `/sign-in/link/${id}`,
    );
  }
  return list;
}

const MADE_UP_ACTION = "0".repeat(42);

/** Posts as a server action would (Next's action header): from another site, with no origin, and oversized. */
async function fuzzActions(request: APIRequestContext): Promise<string[]> {
  const failures: string[] = [];
  const pages = [
    "/",
    "/my-runs",
    "/scenarios/billing-error",
    "/manager/teams/team-demo/assignments",
    "/trainer/scenarios/new",
    "/sign-in",
    "/admin/teams/team-demo",
    "/admin/invitations",
    "/admin/roster",
  ];
  // The real action ids in the pages' forms (progressive enhancement puts them in the HTML), and a made-up one.
  const ids = new Set([MADE_UP_ACTION]);
  for (const path of pages) for (const m of (await (await request.get(path)).text()).matchAll(/\$ACTION_ID_([0-9a-f]+)/g)) ids.add(m[1]!);
  for (const path of pages) {
    for (const id of ids) {
      // With no Origin a real action runs (a non-browser client holding the cookie): the sign-out
      // action would end the session the other specs share, so real ids only go cross-site.
      for (const origin of id === MADE_UP_ACTION ? ["https://evil.test", "null", null] : ["https://evil.test", "null"]) {
        for (const size of [40, 1_100_000]) {
          const headers: Record<string, string> = { "next-action": id, "content-type": "text/plain;charset=UTF-8" };
          if (origin) headers.origin = origin;
          const response = await request.fetch(path, { method: "POST", headers, data: `["${"x".repeat(size)}"]`, maxRedirects: 0 });
          if (response.status() >= 500)
            failures.push(
              `${response.status()} action ${id.slice(0, 8)} POST ${path} (${size} bytes${origin ? `, Origin ${origin}` : ""})`,
            );
        }
      }
    }
  }
  return failures;
}

async function fuzz(request: APIRequestContext, list: string[], origin: string | null): Promise<string[]> {
  const failures: string[] = [];
  for (const path of list) {
    // Pages take GET and POST (a POST without Next's action header); API routes every method.
    for (const method of path.startsWith("/api/") ? METHODS : (["GET", "POST"] as const)) {
      // Pages and GET-only routes get one body per method; the API gets every body.
      const candidates = method === "GET" ? [BODIES[0]!] : path.startsWith("/api/") ? BODIES : BODIES.slice(0, 3);
      // The 20 MB body only where a name is written.
      const bodies = path === "/api/auth/update-user" ? candidates : candidates.filter((b) => b.name !== "a 20 MB name");
      for (const body of bodies) {
        const headers: Record<string, string> = {};
        if (body.type) headers["content-type"] = body.type;
        if (origin) headers.origin = origin;
        const response = await request.fetch(path, {
          method,
          headers,
          ...(body.data !== undefined ? { data: body.data } : {}),
          maxRedirects: 0,
        });
        if (response.status() >= 500)
          failures.push(
            `${response.status()} ${method} ${path} (${body.name}${origin ? `, Origin ${origin}` : ""}): ${(await response.text()).slice(0, 120)}`,
          );
      }
    }
  }
  return failures;
}

for (const role of ["signed out", "trainee", "trainer", "manager", "admin"] as const) {
  test(`no route answers 5xx to odd requests (${role})`, async ({ playwright, baseURL }) => {
    test.setTimeout(240_000);
    const own = await playwright.request.newContext({ baseURL, storageState: STORAGE.trainee });
    const runId = await startRun(own, "abusive-caller");
    await own.dispose();
    const request = await playwright.request.newContext({ baseURL, storageState: role === "signed out" ? SIGNED_OUT : STORAGE[role] });
    const failures = [
      ...(await fuzz(request, paths(runId), null)),
      ...(await fuzz(request, paths(runId).slice(0, 16), "https://evil.test")),
      // From this site: what a browser sends, so cookie-checked endpoints (Better Auth's) read the body.
      ...(await fuzz(request, paths(runId).slice(0, 16), new URL(baseURL!).origin)),
      ...(await fuzzActions(request)),
    ];
    await request.dispose();
    expect(failures).toEqual([]);
  });
}
