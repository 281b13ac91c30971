import { describe, expect, it } from "vitest";
import { AppError } from "../errors";
import { jsonRoute } from "./route.server";

const failing = (err: Error) => jsonRoute(async () => Promise.reject(err));

describe("jsonRoute", () => {
  it("answers an AppError with its status and body; a 429 or 503 says when to come back in Retry-After", async () => {
    const limited = await failing(new AppError("rate-limited", "wait a little", { retryAfterSeconds: 42 }))(
      new Request("http://x/api"),
      {},
    );
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("42");
    expect(await limited.json()).toEqual({ error: { code: "rate-limited", message: "Wait a little.", detail: { retryAfterSeconds: 42 } } });

    const busy = await failing(new AppError("busy", "try again soon", { retryAfterSeconds: 5 }))(new Request("http://x/api"), {});
    expect(busy.status).toBe(503);
    expect(busy.headers.get("retry-after")).toBe("5");

    const complex = await failing(new AppError("too-complex", "too big"))(new Request("http://x/api"), {});
    expect(complex.status).toBe(422);
    expect(complex.headers.get("retry-after")).toBeNull();
  });
});
