-- Issue 11: accounts can be turned off (deactivatedAt/By; demo accounts while DEMO_MODE is off), and failed sign-ins
-- and locks get a table of their own (Better Auth prunes its rateLimit table, which lost locks after a minute).
-- AlterTable
ALTER TABLE "user" ADD COLUMN     "deactivatedAt" TIMESTAMP(3),
ADD COLUMN     "deactivatedBy" TEXT;

-- CreateTable
CREATE TABLE "SignInLock" (
    "key" TEXT NOT NULL,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "windowStart" TIMESTAMP(3) NOT NULL,
    "lockedUntil" TIMESTAMP(3),

    CONSTRAINT "SignInLock_pkey" PRIMARY KEY ("key")
);

