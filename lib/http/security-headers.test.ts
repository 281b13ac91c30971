import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, newNonce, securityHeaders } from "./security-headers";

function directives(policy: string): Map<string, string> {
  return new Map(policy.split("; ").map((d) => [d.split(" ")[0]!, d.slice(d.indexOf(" ") + 1)]));
}

describe("security headers", () => {
  it("a page's policy: scripts only with its nonce (and what they load), no framing, no plugins", () => {
    const policy = directives(contentSecurityPolicy({ nonce: "abc123", https: false, dev: false }));
    expect(policy.get("script-src")).toBe("'self' 'nonce-abc123' 'strict-dynamic'");
    expect(policy.get("frame-ancestors")).toBe("'none'");
    expect(policy.get("object-src")).toBe("'none'");
    expect(policy.get("worker-src")).toBe("'self' blob:");
    expect(policy.get("default-src")).toBe("'self'");
    expect(policy.has("upgrade-insecure-requests")).toBe(false);
    expect([...policy.values()].join(" ")).not.toMatch(/unsafe-eval|\*/);
  });

  it("other responses: scripts from this origin only (a worker runs under its own response's policy)", () => {
    const policy = directives(contentSecurityPolicy({ https: false, dev: false }));
    expect(policy.get("script-src")).toBe("'self'");
    expect(policy.get("frame-ancestors")).toBe("'none'");
  });

  it("HSTS and upgrade-insecure-requests only when the public URL is https; eval only in development", () => {
    expect(securityHeaders({ https: false, dev: false })["strict-transport-security"]).toBeUndefined();
    const https = securityHeaders({ https: true, dev: false });
    expect(https["strict-transport-security"]).toBe("max-age=31536000");
    expect(https["content-security-policy"]).toMatch(/; upgrade-insecure-requests$/);
    expect(contentSecurityPolicy({ nonce: "n", https: false, dev: true })).toMatch(
      /script-src 'self' 'nonce-n' 'strict-dynamic' 'unsafe-eval';/,
    );
  });

  it("the rest are the same on every response", () => {
    expect(securityHeaders({ https: false, dev: false })).toMatchObject({
      "x-content-type-options": "nosniff",
      "referrer-policy": "strict-origin-when-cross-origin",
      "x-frame-options": "DENY",
    });
  });

  it("nonces are 128 random bits, new each time", () => {
    const a = newNonce();
    expect(Buffer.from(a, "base64")).toHaveLength(16);
    expect(newNonce()).not.toBe(a);
  });
});
