import { describe, expect, it } from "vitest";
import { jsonRoute } from "./route.server";

// No public URL: the Origin's host must be the host asked for.
delete process.env.BETTER_AUTH_URL;

describe("jsonRoute: requests from other sites", () => {
  const calls: string[] = [];
  const route = jsonRoute(async (request: Request) => {
    calls.push(request.method);
    return Response.json({ ok: true });
  });
  const send = (method: string, headers: Record<string, string>) =>
    route(new Request("http://steady.test/api/x", { method, headers: { host: "steady.test", ...headers } }), {});

  it("refuses a POST, PUT, PATCH or DELETE from another origin (or null) with 403, before the handler", async () => {
    for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
      for (const origin of ["https://evil.test", "null"]) {
        const response = await send(method, { origin });
        expect(response.status, `${method} ${origin}`).toBe(403);
        expect(((await response.json()) as { error: { code: string } }).error.code).toBe("forbidden");
      }
    }
    expect(calls).toEqual([]);
  });

  it("lets through its own origin, no Origin at all, and reads from anywhere", async () => {
    expect((await send("POST", { origin: "http://steady.test" })).status).toBe(200);
    expect((await send("DELETE", {})).status).toBe(200);
    expect((await send("GET", { origin: "https://evil.test" })).status).toBe(200);
    expect(calls).toEqual(["POST", "DELETE", "GET"]);
  });
});
