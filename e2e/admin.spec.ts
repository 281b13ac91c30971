import { expect, test, type APIRequestContext } from "@playwright/test";
import { DEMO, expectApiError, SIGNED_OUT, STORAGE, type DemoRole } from "./fixtures";

/**
 * The role × route matrix for the administrator's pages and APIs (and the administrator on the
 * other roles' pages), and where sign-in lands each role. Every check is on the server: a page a
 * role may not see is a 404, an API a 403, and a signed-out visitor is sent to sign-in (401 for APIs).
 */

async function sessionUserId(request: APIRequestContext): Promise<string> {
  const session = (await (await request.get("/api/auth/get-session")).json()) as { user: { id: string } };
  return session.user.id;
}

test.describe("the role × route matrix", () => {
  let adminId: string;
  test.beforeAll(async ({ playwright, baseURL }) => {
    const admin = await playwright.request.newContext({ baseURL, storageState: STORAGE.admin });
    adminId = await sessionUserId(admin);
    await admin.dispose();
  });

  const pages = () => [
    "/admin",
    "/admin/people",
    `/admin/people/${adminId}`,
    "/admin/invitations",
    "/admin/teams",
    "/admin/teams/team-demo",
    "/admin/roster",
    "/admin/audit",
  ];
  const invitation = { email: "matrix-check@demo.test", roles: ["trainee"] };

  for (const role of ["trainee", "trainer", "manager"] as const) {
    test(`${role}: every administrator page is a 404 and every administrator API a 403`, async ({ playwright, baseURL }) => {
      const request = await playwright.request.newContext({ baseURL, storageState: STORAGE[role] });
      try {
        for (const path of pages()) expect((await request.get(path, { maxRedirects: 0 })).status(), path).toBe(404);
        await expectApiError(await request.get("/api/admin/people"), 403, "forbidden");
        await expectApiError(await request.post("/api/admin/invitations", { data: invitation }), 403, "forbidden");
        await expectApiError(await request.get(`/api/admin/people/${adminId}/export`), 403, "forbidden");
        // No People link for them.
        expect(await (await request.get("/")).text()).not.toContain('href="/admin/people"');
      } finally {
        await request.dispose();
      }
    });
  }

  test("signed out: administrator pages go to sign-in (and come back), the APIs answer 401", async ({ playwright, baseURL }) => {
    const request = await playwright.request.newContext({ baseURL, storageState: SIGNED_OUT });
    try {
      for (const path of pages()) {
        const response = await request.get(path, { maxRedirects: 0 });
        expect([307, 303, 302], path).toContain(response.status());
        expect(response.headers().location, path).toBe(`/sign-in?next=${encodeURIComponent(path)}`);
      }
      await expectApiError(await request.get("/api/admin/people"), 401, "unauthenticated");
      await expectApiError(await request.post("/api/admin/invitations", { data: invitation }), 401, "unauthenticated");
      await expectApiError(await request.get(`/api/admin/people/${adminId}/export`), 401, "unauthenticated");
    } finally {
      await request.dispose();
    }
  });

  test("admin: every administrator page and API; the library too, but not the manager's or trainer's pages", async ({
    playwright,
    baseURL,
  }) => {
    const request = await playwright.request.newContext({ baseURL, storageState: STORAGE.admin });
    try {
      for (const path of pages().slice(1)) expect((await request.get(path)).status(), path).toBe(200);
      expect((await request.get("/admin", { maxRedirects: 0 })).headers().location).toBe("/admin/people");
      for (const path of ["/", "/my-runs"]) expect((await request.get(path)).status(), path).toBe(200);
      for (const path of ["/manager", "/manager/teams/team-demo", "/trainer/scenarios"]) {
        expect((await request.get(path, { maxRedirects: 0 })).status(), path).toBe(404);
      }
      await expectApiError(await request.post("/api/trainer/scenarios", { data: { duplicateOf: "billing-error" } }), 403, "forbidden");
      await expectApiError(await request.get("/manager/teams/team-demo/scorecard.csv"), 403, "forbidden");

      const people = (await (await request.get("/api/admin/people?q=demo.test&role=manager")).json()) as { people: { email: string }[] };
      expect(people.people.map((p) => p.email)).toEqual(expect.arrayContaining(["manager@demo.test", "manager2@demo.test"]));
      await expectApiError(await request.get("/api/admin/people?role=owner"), 400, "bad-request");

      const created = await request.post("/api/admin/invitations", {
        data: { ...invitation, roles: ["trainee", "manager"], managesTeamIds: ["team-north"] },
      });
      expect(created.status(), await created.text()).toBe(201);
      const body = (await created.json()) as { link: string; invitation: { email: string; roles: string[] } };
      expect(body.link).toMatch(/\/invite\/[A-Za-z0-9_-]{43}$/);
      expect(body.invitation).toMatchObject({ email: "matrix-check@demo.test", roles: ["trainee", "manager"] });
      // A role that does not exist, or an extra field, is refused, not ignored.
      await expectApiError(await request.post("/api/admin/invitations", { data: { ...invitation, roles: ["owner"] } }), 400, "bad-request");
      await expectApiError(await request.post("/api/admin/invitations", { data: { ...invitation, password: "x" } }), 400, "bad-request");
      await expectApiError(
        await request.post("/api/admin/invitations", { data: { ...invitation, email: "trainee@demo.test" } }),
        409,
        "conflict",
      );

      const exported = await request.get(`/api/admin/people/${adminId}/export`);
      expect(exported.status()).toBe(200);
      expect(((await exported.json()) as { profile: { email: string } }).profile.email).toBe("admin@demo.test");
      await expectApiError(await request.get("/api/admin/people/no-such-person/export"), 404, "not-found");
    } finally {
      await request.dispose();
    }
  });

  test("an invitation's page cannot be given roles: the form's extra fields are ignored", async ({ browser, playwright, baseURL }) => {
    test.setTimeout(60_000);
    const admin = await playwright.request.newContext({ baseURL, storageState: STORAGE.admin });
    const created = await admin.post("/api/admin/invitations", { data: { email: "no-raise@demo.test", roles: ["trainee"] } });
    const { link } = (await created.json()) as { link: string };
    const context = await browser.newContext({ storageState: SIGNED_OUT });
    const page = await context.newPage();
    await page.goto(link);
    // A hand-made field asking for admin goes along with the form.
    await page.locator("form").evaluate((form) => {
      const input = document.createElement("input");
      input.type = "hidden";
      input.name = "roles";
      input.value = "admin";
      form.appendChild(input);
    });
    await page.getByLabel("Your name").fill("No Raise");
    await page.getByLabel("Choose a password").fill("a-long-password-2");
    await page.getByLabel("The same password again").fill("a-long-password-2");
    await page.getByRole("button", { name: "Join and sign in" }).click();
    // Two password hashes (set, then sign in) on a busy machine.
    await expect(page.getByRole("heading", { level: 1, name: "Scenario library" })).toBeVisible({ timeout: 20_000 });
    await expect(page.getByRole("navigation", { name: "Main" })).toContainText("No Raise · Trainee");
    expect((await page.request.get("/admin/people")).status()).toBe(404);
    await context.close();
    await admin.dispose();
  });
});

test.describe("sign-in lands each person on their own work", () => {
  // A password hash and the landing page (a team scorecard, for a manager) twice, on a busy machine.
  test.describe.configure({ timeout: 60_000 });
  const landing: Record<Exclude<DemoRole, "trainee2">, { url: RegExp; heading: string }> = {
    trainee: { url: /\/$/, heading: "Scenario library" },
    manager: { url: /\/manager\/teams\/team-demo$/, heading: "Riverside support desk: scorecard" },
    trainer: { url: /\/trainer\/scenarios$/, heading: "Scenarios" },
    admin: { url: /\/admin\/people$/, heading: "People" },
  };
  for (const [role, expected] of Object.entries(landing) as [Exclude<DemoRole, "trainee2">, (typeof landing)["admin"]][]) {
    test(role, async ({ browser }) => {
      const context = await browser.newContext({ storageState: SIGNED_OUT });
      const page = await context.newPage();
      await page.goto("/sign-in");
      await page.getByLabel("Email").fill(DEMO[role].email);
      await page.getByLabel("Password").fill(DEMO[role].password);
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(page).toHaveURL(expected.url, { timeout: 15_000 });
      await expect(page.getByRole("heading", { level: 1, name: expected.heading })).toBeVisible();
      // Signed in, the sign-in page sends them to the same place.
      await page.goto("/sign-in");
      await expect(page).toHaveURL(expected.url);
      await context.close();
    });
  }
});
