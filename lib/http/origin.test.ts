import { describe, expect, it } from "vitest";
import { checkOrigin, isSafeMethod } from "./origin";

const h = (init: Record<string, string>) => new Headers(init);

describe("checkOrigin", () => {
  it("allows a request with no Origin (curl, another server)", () => {
    expect(checkOrigin(h({ host: "steady.test" }))).toEqual({ ok: true });
    expect(checkOrigin(h({ host: "steady.test" }), "https://steady.example.com")).toEqual({ ok: true });
  });

  it("without BETTER_AUTH_URL: the Origin's host must be the host asked (x-forwarded-host first)", () => {
    expect(checkOrigin(h({ host: "127.0.0.1:3000", origin: "http://127.0.0.1:3000" }))).toEqual({ ok: true });
    expect(checkOrigin(h({ host: "app:3000", "x-forwarded-host": "steady.test", origin: "https://steady.test" }))).toEqual({ ok: true });
    expect(checkOrigin(h({ host: "127.0.0.1:3000", origin: "http://127.0.0.1:4000" })).ok).toBe(false);
    expect(checkOrigin(h({ host: "steady.test", origin: "https://evil.test" }))).toEqual({
      ok: false,
      message: "requests from https://evil.test are refused; use Steady at its own address",
    });
    expect(checkOrigin(h({ host: "app:3000", "x-forwarded-host": "steady.test", origin: "http://app:3000" })).ok).toBe(false);
    expect(checkOrigin(h({ origin: "https://steady.test" })).ok).toBe(false);
  });

  it("with BETTER_AUTH_URL: only that exact origin", () => {
    const url = "https://steady.example.com";
    expect(checkOrigin(h({ host: "internal:3000", origin: "https://steady.example.com" }), url)).toEqual({ ok: true });
    expect(checkOrigin(h({ host: "steady.example.com", origin: "http://steady.example.com" }), url).ok).toBe(false);
    expect(checkOrigin(h({ host: "evil.test", origin: "https://evil.test" }), url)).toEqual({
      ok: false,
      message: "requests from https://evil.test are refused; use Steady at https://steady.example.com",
    });
  });

  it('refuses "null" (sandboxed frames, files) and an Origin that is not one', () => {
    expect(checkOrigin(h({ host: "steady.test", origin: "null" }))).toMatchObject({
      ok: false,
      message: expect.stringMatching(/no origin/),
    });
    expect(checkOrigin(h({ host: "steady.test", origin: "not a url" }))).toMatchObject({ ok: false });
  });
});

describe("isSafeMethod", () => {
  it("is true only for methods that change nothing", () => {
    expect(["GET", "HEAD", "OPTIONS"].every(isSafeMethod)).toBe(true);
    expect(["POST", "PUT", "PATCH", "DELETE"].some(isSafeMethod)).toBe(false);
  });
});
