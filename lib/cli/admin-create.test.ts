import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../db/client.server";
import { freshDatabase } from "../testing/db";
import { adminCreate, linkBase } from "./admin-create.server";

describe("npm run admin:create", () => {
  let db: Db;
  beforeAll(async () => {
    ({ db } = await freshDatabase("sqlite"));
  }, 60_000);
  afterAll(async () => {
    await db?.$disconnect();
  });

  async function run(args: string[], env: { BETTER_AUTH_URL?: string; PORT?: string; HOST?: string } = {}) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await adminCreate(args, { db, env, out: (l) => out.push(l), err: (l) => err.push(l) });
    return { code, out: out.join("\n"), err: err.join("\n") };
  }

  it("explains its flags and refuses missing or unknown ones (exit 2)", async () => {
    expect((await run(["--help"])).out).toMatch(/Usage: npm run admin:create -- --email/);
    expect(await run(["--email", "a@b.test"])).toMatchObject({ code: 2, err: expect.stringMatching(/Give both --email and --name/) });
    expect(await run(["--email", "a@b.test", "--name", "A", "--role", "x"])).toMatchObject({
      code: 2,
      err: expect.stringMatching(/Unknown option '--role'/),
    });
    expect(await run(["--email", "a@b.test", "--name", "A", "--url", "ftp://x"])).toMatchObject({ code: 2 });
    expect(await run(["--email", "not-an-email", "--name", "A"])).toMatchObject({ code: 1, err: expect.stringMatching(/--email/) });
    expect(await db.user.count()).toBe(0);
  });

  it("prints a one-time link on the app's address; refuses (exit 1) once an administrator can sign in", async () => {
    const made = await run(["--email", "boss@org.test", "--name", "Bea Boss"], { BETTER_AUTH_URL: "https://steady.example.com/" });
    expect(made.code).toBe(0);
    expect(made.out).toMatch(/^Created boss@org\.test\./);
    expect(made.out).toMatch(/\n {2}https:\/\/steady\.example\.com\/sign-in\/link\/[A-Za-z0-9_-]{43}\n/);
    expect((await run(["--email", "boss@org.test", "--name", "Bea Boss"])).out).toMatch(/^A new sign-in link for boss@org\.test/);

    const boss = await db.user.findUniqueOrThrow({ where: { email: "boss@org.test" } });
    await db.account.create({ data: { id: "acc", accountId: boss.id, providerId: "credential", userId: boss.id, password: "h" } });
    const refused = await run(["--email", "other@org.test", "--name", "Other"]);
    expect(refused).toMatchObject({
      code: 1,
      out: "",
      err: expect.stringMatching(/^Refused: An administrator already exists \(boss@org\.test\)/),
    });
    expect(await db.user.count()).toBe(1);
  });

  it("builds the link from --url, BETTER_AUTH_URL, or this machine's HOST and PORT", () => {
    expect(linkBase("https://a.test/", {})).toBe("https://a.test");
    expect(linkBase(undefined, { BETTER_AUTH_URL: "https://b.test" })).toBe("https://b.test");
    expect(linkBase(undefined, { PORT: "3456", HOST: "127.0.0.1" })).toBe("http://127.0.0.1:3456");
    expect(linkBase(undefined, { HOST: "0.0.0.0" })).toBe("http://localhost:3000");
  });
});
