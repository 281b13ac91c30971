import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// proxy.ts reads the environment once (lib/env.server.ts): an https public URL for this file.
process.env.BETTER_AUTH_URL = "https://steady.example.com";
let proxy: typeof import("../../proxy").proxy;
beforeAll(async () => {
  ({ proxy } = await import("../../proxy"));
});
afterAll(() => {
  delete process.env.BETTER_AUTH_URL;
});

const at = (path: string, init: ConstructorParameters<typeof NextRequest>[1] = {}) => new NextRequest(`http://internal:3000${path}`, init);

describe("proxy.ts (with BETTER_AUTH_URL=https://…)", () => {
  it("pages: a nonce CSP passed on to Next, HSTS, and the path asked for (a client's own value replaced)", async () => {
    const response = await proxy(at("/runs/abc?_rsc=x1&tab=graph", { headers: { "x-steady-requested-path": "//evil.test" } }));
    const csp = response.headers.get("content-security-policy")!;
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(csp).toMatch(/upgrade-insecure-requests/);
    expect(response.headers.get("strict-transport-security")).toBe("max-age=31536000");
    expect(response.headers.get("x-middleware-request-content-security-policy")).toBe(csp);
    expect(response.headers.get("x-middleware-request-x-steady-requested-path")).toBe("/runs/abc?tab=graph");
  });

  it("static files and route handlers: the headers, no nonce, no path", async () => {
    for (const path of ["/_next/static/chunks/a.js", "/favicon.svg", "/api/scenarios/x/runs", "/manager/teams/t/scorecard.csv"]) {
      const response = await proxy(at(path));
      expect(response.headers.get("content-security-policy"), path).toMatch(/^default-src 'self'; script-src 'self'; /);
      expect(response.headers.get("x-content-type-options"), path).toBe("nosniff");
      expect(response.headers.get("strict-transport-security"), path).toBe("max-age=31536000");
      expect(response.headers.get("x-middleware-request-x-steady-requested-path"), path).toBeNull();
    }
  });

  it("form posts and server actions: another origin 403, over 1 MB 413, the public origin passes", async () => {
    const post = (headers: Record<string, string>, body = "[]") =>
      proxy(at("/sign-in", { method: "POST", headers: { "next-action": "abc", ...headers }, body }));
    const foreign = await post({ origin: "http://internal:3000" });
    expect(foreign.status).toBe(403);
    expect(await foreign.json()).toEqual({
      error: { code: "forbidden", message: "requests from http://internal:3000 are refused; use Steady at https://steady.example.com." },
    });
    expect((await post({ origin: "null" })).status).toBe(403);
    expect((await post({ origin: "https://steady.example.com", "content-length": String(1024 * 1024 + 1) })).status).toBe(413);
    const chunked = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new Uint8Array(700_000));
        c.enqueue(new Uint8Array(700_000));
        c.close();
      },
    });
    const big = await proxy(
      at("/sign-in", { method: "POST", headers: { origin: "https://steady.example.com" }, body: chunked, duplex: "half" } as never),
    );
    expect(big.status).toBe(413);
    const ok = await post({ origin: "https://steady.example.com" });
    expect(ok.headers.get("x-middleware-next")).toBe("1");
    // The API's JSON routes check for themselves (lib/http/route.server.ts): the proxy lets them through.
    const api = await proxy(at("/api/trainer/scenarios", { method: "POST", headers: { origin: "https://evil.test" }, body: "{}" }));
    expect(api.headers.get("x-middleware-next")).toBe("1");
  });
});
