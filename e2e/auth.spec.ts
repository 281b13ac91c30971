import { expect, test } from "@playwright/test";
import { expectNoSeriousA11yViolations } from "./fixtures";

test("signed-out visitors are sent to sign-in, and come back after", async ({ page }) => {
  await page.goto("/my-runs");
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fmy-runs|\/sign-in/);
  await expect(page.getByRole("heading", { name: "Sign in to Steady" })).toBeVisible();
});

test("the sign-in page shows demo accounts in demo mode and passes axe", async ({ page }) => {
  await page.goto("/sign-in");
  const demo = page.getByRole("region", { name: "Demo accounts" });
  await expect(demo).toContainText("trainee@demo.test");
  await expect(demo).toContainText("steady-trainee");
  await expectNoSeriousA11yViolations(page);
});

test("bad credentials get a clear message and keep the email; good ones sign in; sign-out signs out", async ({ page }) => {
  await page.goto("/sign-in?next=/my-runs");
  await page.getByLabel("Email").fill("trainee@demo.test");
  await page.getByLabel("Password").fill("wrong-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator("#sign-in-error")).toHaveText("That email and password do not match an account. Check both and try again.");
  await expect(page.getByLabel("Email")).toHaveValue("trainee@demo.test");

  await page.getByLabel("Password").fill("steady-trainee");
  await page.getByLabel("Password").press("Enter");
  await expect(page).toHaveURL(/\/my-runs$/);
  await expect(page.getByRole("heading", { level: 1, name: "My runs" })).toBeVisible();

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in/);
});
