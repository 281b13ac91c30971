import { describe, expect, it } from "vitest";
import { isLoopbackHost, parseEnv } from "./env.server";

describe("environment", () => {
  it("turns demo mode on by default only for a server that listens on loopback", () => {
    expect(parseEnv({}).DEMO_MODE).toBe(false); // every interface, as `next start`
    expect(parseEnv({ HOST: "0.0.0.0" }).DEMO_MODE).toBe(false);
    expect(parseEnv({ HOST: "192.168.1.20" }).DEMO_MODE).toBe(false);
    expect(parseEnv({ HOST: "127.0.0.1" }).DEMO_MODE).toBe(true);
    expect(parseEnv({ HOST: "localhost" }).DEMO_MODE).toBe(true);
    expect(parseEnv({ HOST: "::1" }).DEMO_MODE).toBe(true);
    // Said explicitly, it is what it says, wherever the server listens.
    expect(parseEnv({ HOST: "0.0.0.0", DEMO_MODE: "true" }).DEMO_MODE).toBe(true);
    expect(parseEnv({ DEMO_MODE: "1" }).DEMO_MODE).toBe(true);
    expect(parseEnv({ HOST: "127.0.0.1", DEMO_MODE: "false" }).DEMO_MODE).toBe(false);
  });

  it("knows loopback addresses", () => {
    expect(["127.0.0.1", "127.1.2.3", "localhost", "::1", "[::1]"].map(isLoopbackHost)).toEqual([true, true, true, true, true]);
    expect([undefined, "0.0.0.0", "::", "10.0.0.1", "example.com"].map(isLoopbackHost)).toEqual([false, false, false, false, false]);
  });

  it("refuses TRUSTED_PROXIES entries that are not addresses or networks, and bad sign-in limits", () => {
    expect(parseEnv({ TRUSTED_PROXIES: "10.0.0.5, 10.0.1.0/24" }).TRUSTED_PROXIES).toEqual(["10.0.0.5", "10.0.1.0/24"]);
    expect(() => parseEnv({ TRUSTED_PROXIES: "10.0.0.5,my-proxy" })).toThrow(/TRUSTED_PROXIES: each entry must be an IP address/);
    expect(() => parseEnv({ SIGN_IN_LOCK_SECONDS: "soon" })).toThrow(/SIGN_IN_LOCK_SECONDS/);
    expect(parseEnv({}).SIGN_IN_LOCK_SECONDS).toBe(900);
    expect(parseEnv({ SIGN_IN_IP_MAX_FAILURES: "250" }).SIGN_IN_IP_MAX_FAILURES).toBe(250);
  });

  it("takes email settings together: SMTP_URL needs MAIL_FROM and the public URL", () => {
    expect(parseEnv({}).SMTP_URL).toBeUndefined();
    const mail = {
      SMTP_URL: "smtps://steady:p%40ss@mail.example.com:465",
      MAIL_FROM: "Steady <steady@example.com>",
      BETTER_AUTH_URL: "https://steady.example.com",
    };
    expect(parseEnv(mail)).toMatchObject({ SMTP_URL: mail.SMTP_URL, MAIL_FROM: mail.MAIL_FROM, MAIL_SWEEP_SECONDS: 60 });
    expect(parseEnv({ ...mail, SMTP_URL: "smtp://127.0.0.1:2525", MAIL_FROM: "steady@example.com" }).SMTP_URL).toBe(
      "smtp://127.0.0.1:2525",
    );
    expect(() => parseEnv({ ...mail, SMTP_URL: "mail.example.com:25" })).toThrow(/SMTP_URL: use smtp:\/\/user:password@host:587/);
    expect(() => parseEnv({ ...mail, SMTP_URL: "https://mail.example.com" })).toThrow(/SMTP_URL/);
    expect(() => parseEnv({ ...mail, MAIL_FROM: undefined })).toThrow(/MAIL_FROM: required with SMTP_URL/);
    expect(() => parseEnv({ ...mail, MAIL_FROM: "Steady" })).toThrow(/MAIL_FROM: an email address/);
    expect(() => parseEnv({ ...mail, BETTER_AUTH_URL: undefined })).toThrow(/BETTER_AUTH_URL: required with SMTP_URL/);
    // Without SMTP nothing else is required; an empty SMTP_URL counts as unset.
    expect(parseEnv({ SMTP_URL: "", MAIL_FROM: "" }).SMTP_URL).toBeUndefined();
  });
});
