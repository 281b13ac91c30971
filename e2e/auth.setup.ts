import { expect, test as setup } from "@playwright/test";
import { DEMO, STORAGE, type DemoRole } from "./fixtures";

/**
 * Signs each demo account in once over the real sign-in endpoint and saves its cookies to
 * e2e/.auth/<role>.json for `test.use({ storageState: STORAGE.<role> })`. (Successful sign-ins
 * do not count against the client address's limit: e2e/sign-in-limits.spec.ts.)
 */
for (const role of Object.keys(DEMO) as DemoRole[]) {
  setup(`sign in as ${role}`, async ({ playwright, baseURL }) => {
    const account = DEMO[role];
    const request = await playwright.request.newContext({ baseURL });
    try {
      const response = await request.post("/api/auth/sign-in/email", { data: { email: account.email, password: account.password } });
      expect(response.status(), await response.text()).toBe(200);
      const state = await request.storageState({ path: STORAGE[role] });
      expect(state.cookies.map((c) => c.name)).toContain("better-auth.session_token");

      // The saved session is good for the app's own pages, not only for the auth API.
      const session = await request.get("/api/auth/get-session");
      expect(session.ok()).toBe(true);
      expect((await session.json()) as { user?: { email?: string } }).toMatchObject({ user: { email: account.email } });
      // (A manager's `/` is their team; their Library link asks for the library itself.)
      const library = await request.get(role === "manager" ? "/?view=library" : "/", { maxRedirects: 0 });
      expect(library.status(), "the library opens without a redirect to sign-in").toBe(200);
    } finally {
      await request.dispose();
    }
  });
}
