import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../db/client.server";
import { freshDatabase, PROVIDERS } from "../../testing/db";
import { clearSignInFailures } from "./clear-sign-in-failures.server";
import { pruneSignInLocks } from "./prune-sign-in-locks.server";
import { releaseSignInAttempt } from "./release-sign-in-attempt.server";
import { reserveSignInAttempt, type AttemptRule } from "./reserve-sign-in-attempt.server";

const LOCK: AttemptRule = { maxFailures: 3, windowSeconds: 60, lockSeconds: 600 };
const WINDOW: AttemptRule = { maxFailures: 3, windowSeconds: 60 };
const at = (seconds: number) => new Date(Date.UTC(2030, 0, 1) + seconds * 1000);
let keyCounter = 0;
const newKey = () => `account:someone-${++keyCounter}@example.test`;

describe.each(PROVIDERS)("sign-in locks on %s", (provider) => {
  let db: Db;
  beforeAll(async () => {
    ({ db } = await freshDatabase(provider));
  }, 60_000);
  afterAll(async () => {
    await db?.$disconnect();
  });

  it("locks a key for its whole lock time once it reaches the limit, then starts afresh", async () => {
    const key = newKey();
    for (let i = 0; i < 3; i++) expect(await reserveSignInAttempt(db, key, LOCK, at(i))).toEqual({ allowed: true });
    const row = await db.signInLock.findUniqueOrThrow({ where: { key } });
    expect(row.failures).toBe(3);
    // The third attempt set the lock: 600 s from it, not from the window's start.
    expect(row.lockedUntil).toEqual(at(2 + 600));
    expect(await reserveSignInAttempt(db, key, LOCK, at(3))).toEqual({ allowed: false, retryAfterSeconds: 599 });
    // Long after the window (60 s) the lock still holds: nothing prunes it early.
    expect(await pruneSignInLocks(db, at(500), at(500))).toBe(0);
    expect(await reserveSignInAttempt(db, key, LOCK, at(601))).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(await reserveSignInAttempt(db, key, LOCK, at(602))).toEqual({ allowed: true });
    const fresh = await db.signInLock.findUniqueOrThrow({ where: { key } });
    expect([fresh.failures, fresh.windowStart, fresh.lockedUntil]).toEqual([1, at(602), null]);
  });

  it("without a lock time, refuses a key only until its window ends", async () => {
    const key = newKey();
    for (let i = 0; i < 3; i++) expect((await reserveSignInAttempt(db, key, WINDOW, at(i))).allowed).toBe(true);
    expect(await reserveSignInAttempt(db, key, WINDOW, at(10))).toEqual({ allowed: false, retryAfterSeconds: 50 });
    expect((await db.signInLock.findUniqueOrThrow({ where: { key } })).lockedUntil).toBeNull();
    expect(await reserveSignInAttempt(db, key, WINDOW, at(60))).toEqual({ allowed: true });
  });

  it("forgets failures older than the window", async () => {
    const key = newKey();
    await reserveSignInAttempt(db, key, LOCK, at(0));
    await reserveSignInAttempt(db, key, LOCK, at(1));
    expect(await reserveSignInAttempt(db, key, LOCK, at(61))).toEqual({ allowed: true });
    expect((await db.signInLock.findUniqueOrThrow({ where: { key } })).failures).toBe(1);
  });

  it("takes back an attempt that was not a wrong password, and clears a key on a right one", async () => {
    const key = newKey();
    await reserveSignInAttempt(db, key, LOCK, at(0));
    await reserveSignInAttempt(db, key, LOCK, at(1));
    await releaseSignInAttempt(db, key);
    expect((await db.signInLock.findUniqueOrThrow({ where: { key } })).failures).toBe(1);
    await releaseSignInAttempt(db, key);
    await releaseSignInAttempt(db, key);
    expect((await db.signInLock.findUniqueOrThrow({ where: { key } })).failures).toBe(0);
    await reserveSignInAttempt(db, key, LOCK, at(2));
    await clearSignInFailures(db, key);
    expect(await db.signInLock.findUnique({ where: { key } })).toBeNull();
    // Release on a key with no row does nothing.
    await releaseSignInAttempt(db, key);
    expect(await db.signInLock.findUnique({ where: { key } })).toBeNull();
  });

  it("lets exactly the limit through when many attempts arrive at once", async () => {
    const key = newKey();
    const rule: AttemptRule = { maxFailures: 10, windowSeconds: 60, lockSeconds: 600 };
    const results = await Promise.all(Array.from({ length: 40 }, () => reserveSignInAttempt(db, key, rule, at(0))));
    expect(results.filter((r) => r.allowed)).toHaveLength(10);
    const row = await db.signInLock.findUniqueOrThrow({ where: { key } });
    expect(row.failures).toBe(10);
    expect(row.lockedUntil).toEqual(at(600));
  });

  it("prunes rows whose window is over and that hold no lock", async () => {
    const stale = newKey();
    const locked = newKey();
    const current = newKey();
    await reserveSignInAttempt(db, stale, WINDOW, at(0));
    for (let i = 0; i < 3; i++) await reserveSignInAttempt(db, locked, LOCK, at(0));
    await reserveSignInAttempt(db, current, WINDOW, at(100));
    await pruneSignInLocks(db, at(90), at(120));
    const left = (await db.signInLock.findMany({ where: { key: { in: [stale, locked, current] } } })).map((r) => r.key);
    expect(left.sort()).toEqual([locked, current].sort());
  });
});
