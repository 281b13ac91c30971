-- Issue 11: accounts can be turned off (deactivatedAt/By; demo accounts while DEMO_MODE is off), and failed sign-ins
-- and locks get a table of their own (Better Auth prunes its rateLimit table, which lost locks after a minute).
-- AlterTable
ALTER TABLE "user" ADD COLUMN "deactivatedAt" DATETIME;
ALTER TABLE "user" ADD COLUMN "deactivatedBy" TEXT;

-- CreateTable
CREATE TABLE "SignInLock" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "windowStart" DATETIME NOT NULL,
    "lockedUntil" DATETIME
);

